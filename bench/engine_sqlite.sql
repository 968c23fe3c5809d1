-- Engine benchmark workload, SQLite (timed). `period` is the Europe/Berlin ISO week computed
-- at load (engine_sqlite_load.sql); spam and duplicates excluded; minutes are wall-clock
-- minutes. Every row is counted once per segment kind (*, channel, region). SQLite has no
-- percentile_cont: the 80th percentile interpolates between the ranked neighbours exactly as
-- percentile_cont does (position 0.8 * (n - 1)).
-- Output of each query: period, segment, then one column per KPI of bench/workloads/support_week.
.headers on
.mode csv
PRAGMA temp_store = MEMORY;
PRAGMA cache_size = -2000000;
WITH kinds(k) AS (VALUES (0), (1), (2)),
seg AS (
  SELECT period, CASE k WHEN 0 THEN '*' WHEN 1 THEN 'channel=' || channel ELSE 'region=' || region END AS segment,
         agent, reopened, resolved_s, (reply_s - created_s) / 60.0 AS minutes
  FROM tickets, kinds
  WHERE NOT is_spam AND NOT is_duplicate),
agg AS (
  SELECT period, segment, count(*) AS ticket_count, avg(minutes) AS avg_first_response_minutes,
         CAST(sum(minutes <= 30) AS REAL) / nullif(count(minutes), 0) AS first_response_30m,
         CAST(sum(reopened AND resolved_s IS NOT NULL) AS REAL) / nullif(count(resolved_s), 0) AS reopen_rate,
         count(DISTINCT agent) AS distinct_agents
  FROM seg GROUP BY period, segment),
ranked AS (
  SELECT period, segment, minutes, row_number() OVER w - 1 AS rn, count(*) OVER p AS n
  FROM seg WHERE minutes IS NOT NULL
  WINDOW p AS (PARTITION BY period, segment), w AS (p ORDER BY minutes)),
p80 AS (
  SELECT period, segment, 0.8 * (n - 1) AS pos,
         max(CASE WHEN rn = CAST(0.8 * (n - 1) AS INTEGER) THEN minutes END) AS lo,
         max(CASE WHEN rn = CAST(0.8 * (n - 1) AS INTEGER) + 1 THEN minutes END) AS hi
  FROM ranked GROUP BY period, segment)
SELECT a.period, a.segment, a.ticket_count, a.avg_first_response_minutes, a.first_response_30m,
       p.lo + (coalesce(p.hi, p.lo) - p.lo) * (p.pos - CAST(p.pos AS INTEGER)) AS first_response_p80,
       a.reopen_rate, a.distinct_agents
FROM agg a LEFT JOIN p80 p USING (period, segment);

WITH kinds(k) AS (VALUES (0), (1), (2)),
seg AS (
  SELECT period, CASE k WHEN 0 THEN '*' WHEN 1 THEN 'channel=' || channel ELSE 'region=' || region END AS segment,
         score
  FROM csat, kinds)
SELECT period, segment, avg(score) AS csat_avg,
       CAST(sum(score >= 4) AS REAL) / nullif(count(score), 0) AS csat_top2_share
FROM seg GROUP BY period, segment;
