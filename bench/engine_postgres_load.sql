-- Engine benchmark, PostgreSQL 15: load the generated support data (not timed). Run by
-- bench/engine_bench.sh through psql with -v tickets_file=... -v csat_file=... ; the tickets file
-- is a copy without the generator's three malformed lines (Northstar rejects them).
CREATE UNLOGGED TABLE tickets (
  ticket_id bigint, created_at timestamptz, first_reply_at timestamptz, resolved_at timestamptz,
  channel text, region text, category text, agent text, is_spam boolean, is_duplicate boolean,
  reopened boolean, resolved_first_contact boolean, priority text);
\set copy_tickets '\\copy tickets FROM ' :'tickets_file' ' WITH (FORMAT csv, HEADER true)'
:copy_tickets
CREATE UNLOGGED TABLE csat_lines (line text);
\set copy_csat '\\copy csat_lines FROM ' :'csat_file' ' WITH (FORMAT text)'
:copy_csat
CREATE UNLOGGED TABLE csat AS
SELECT (line::json ->> 'response_id')::bigint AS response_id,
       (line::json ->> 'answered_at')::timestamptz AS answered_at,
       line::json ->> 'channel' AS channel, line::json ->> 'region' AS region,
       (line::json ->> 'score')::int AS score
FROM csat_lines;
DROP TABLE csat_lines;
VACUUM ANALYZE tickets;
VACUUM ANALYZE csat;
