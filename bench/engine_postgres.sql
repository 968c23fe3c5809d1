-- Engine benchmark workload, PostgreSQL 15 (timed). ISO weeks of the local time in
-- Europe/Berlin (AT TIME ZONE); spam and duplicates excluded; minutes are wall-clock minutes.
-- Output of each query: period, segment, then one column per KPI of bench/workloads/support_week.
-- bench/engine_bench.sh runs this file with psql --csv after SET max_parallel_workers_per_gather = 2.
WITH t AS (
  SELECT to_char(created_at AT TIME ZONE 'Europe/Berlin', 'IYYY-"W"IW') AS period, channel, region, agent,
         reopened, resolved_at, (extract(epoch FROM first_reply_at) - extract(epoch FROM created_at))::float8 / 60 AS minutes
  FROM tickets
  WHERE NOT is_spam AND NOT is_duplicate)
SELECT period,
       CASE WHEN grouping(channel) = 0 THEN 'channel=' || channel
            WHEN grouping(region) = 0 THEN 'region=' || region ELSE '*' END AS segment,
       count(*) AS ticket_count,
       avg(minutes) AS avg_first_response_minutes,
       count(*) FILTER (WHERE minutes <= 30)::float8 / nullif(count(minutes), 0) AS first_response_30m,
       percentile_cont(0.8) WITHIN GROUP (ORDER BY minutes) AS first_response_p80,
       count(*) FILTER (WHERE reopened AND resolved_at IS NOT NULL)::float8 / nullif(count(resolved_at), 0) AS reopen_rate,
       count(DISTINCT agent) AS distinct_agents
FROM t
GROUP BY GROUPING SETS ((period), (period, channel), (period, region));

WITH c AS (
  SELECT to_char(answered_at AT TIME ZONE 'Europe/Berlin', 'IYYY-"W"IW') AS period, channel, region, score
  FROM csat)
SELECT period,
       CASE WHEN grouping(channel) = 0 THEN 'channel=' || channel
            WHEN grouping(region) = 0 THEN 'region=' || region ELSE '*' END AS segment,
       avg(score)::float8 AS csat_avg,
       count(*) FILTER (WHERE score >= 4)::float8 / nullif(count(score), 0) AS csat_top2_share
FROM c
GROUP BY GROUPING SETS ((period), (period, channel), (period, region));
