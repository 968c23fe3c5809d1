-- Engine benchmark workload, DuckDB (timed). Session time zone Europe/Berlin; ISO weeks of the
-- local time (AT TIME ZONE). Spam and duplicates excluded; minutes are wall-clock minutes.
-- Output of each query: period, segment, then one column per KPI of bench/workloads/support_week
-- (named by KPI id). bench/engine_duckdb.mjs runs the statements in turn.
WITH t AS (
  SELECT strftime(created_at AT TIME ZONE 'Europe/Berlin', '%G-W%V') AS period, channel, region, agent,
         reopened, resolved_at, (epoch(first_reply_at) - epoch(created_at)) / 60.0 AS minutes
  FROM tickets
  WHERE NOT is_spam AND NOT is_duplicate)
SELECT period,
       CASE WHEN grouping(channel) = 0 THEN 'channel=' || channel
            WHEN grouping(region) = 0 THEN 'region=' || region ELSE '*' END AS segment,
       count(*) AS ticket_count,
       avg(minutes) AS avg_first_response_minutes,
       count(*) FILTER (WHERE minutes <= 30) / nullif(count(minutes), 0) AS first_response_30m,
       percentile_cont(0.8) WITHIN GROUP (ORDER BY minutes) AS first_response_p80,
       count(*) FILTER (WHERE reopened AND resolved_at IS NOT NULL) / nullif(count(resolved_at), 0) AS reopen_rate,
       count(DISTINCT agent) AS distinct_agents
FROM t
GROUP BY GROUPING SETS ((period), (period, channel), (period, region));

WITH c AS (
  SELECT strftime(answered_at AT TIME ZONE 'Europe/Berlin', '%G-W%V') AS period, channel, region, score
  FROM csat)
SELECT period,
       CASE WHEN grouping(channel) = 0 THEN 'channel=' || channel
            WHEN grouping(region) = 0 THEN 'region=' || region ELSE '*' END AS segment,
       avg(score) AS csat_avg,
       count(*) FILTER (WHERE score >= 4) / nullif(count(score), 0) AS csat_top2_share
FROM c
GROUP BY GROUPING SETS ((period), (period, channel), (period, region));
