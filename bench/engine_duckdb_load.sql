-- Engine benchmark, DuckDB: load the generated support data (not timed).
-- @TICKETS_CSV@ and @CSAT_JSONL@ are replaced by bench/engine_duckdb.mjs. bench/engine_bench.sh
-- passes a copy of tickets.csv without the generator's three malformed lines (Northstar
-- rejects them), so any other bad value stops the load.
CREATE TABLE tickets AS
SELECT ticket_id, created_at, first_reply_at, resolved_at, channel, region, agent, is_spam, is_duplicate, reopened
FROM read_csv('@TICKETS_CSV@', header = true, columns = {
  'ticket_id': 'BIGINT', 'created_at': 'TIMESTAMPTZ', 'first_reply_at': 'TIMESTAMPTZ',
  'resolved_at': 'TIMESTAMPTZ', 'channel': 'VARCHAR', 'region': 'VARCHAR', 'category': 'VARCHAR',
  'agent': 'VARCHAR', 'is_spam': 'BOOLEAN', 'is_duplicate': 'BOOLEAN', 'reopened': 'BOOLEAN',
  'resolved_first_contact': 'BOOLEAN', 'priority': 'VARCHAR'});
CREATE TABLE csat AS
SELECT response_id, answered_at, channel, region, score
FROM read_json('@CSAT_JSONL@', format = 'newline_delimited', columns = {
  'response_id': 'BIGINT', 'ticket_id': 'BIGINT', 'answered_at': 'TIMESTAMPTZ', 'channel': 'VARCHAR',
  'region': 'VARCHAR', 'category': 'VARCHAR', 'score': 'INTEGER'});
