-- Engine benchmark, SQLite: load the generated support data (not timed). bench/engine_bench.sh
-- replaces @TICKETS_CSV@ (a copy of tickets.csv without the generator's three malformed lines,
-- which Northstar rejects) and @CSAT_JSONL@.
--
-- SQLite has no time zone database, so the local ISO week is computed here, while loading:
-- timestamps become UTC epoch seconds, and every UTC hour that occurs gets its Europe/Berlin
-- week label (EU summer time: last Sunday of March 01:00 UTC to last Sunday of October
-- 01:00 UTC is UTC+2, otherwise UTC+1). Offsets change and local days start on whole UTC
-- hours, so the hour decides the week. The label is stored in a `period` column.
.bail on
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -2000000;
CREATE TABLE raw_tickets (ticket_id TEXT, created_at TEXT, first_reply_at TEXT, resolved_at TEXT,
  channel TEXT, region TEXT, category TEXT, agent TEXT, is_spam TEXT, is_duplicate TEXT,
  reopened TEXT, resolved_first_contact TEXT, priority TEXT);
.import --csv --skip 1 "@TICKETS_CSV@" raw_tickets
CREATE TABLE raw_csat (line TEXT);
.mode ascii
.separator "\037" "\n"
.import "@CSAT_JSONL@" raw_csat
.mode list

CREATE TABLE typed_tickets AS
SELECT CAST(ticket_id AS INTEGER) AS ticket_id, unixepoch(created_at) AS created_s,
       unixepoch(nullif(first_reply_at, '')) AS reply_s, unixepoch(nullif(resolved_at, '')) AS resolved_s,
       channel, region, agent, lower(is_spam) IN ('true', '1', 'yes') AS is_spam,
       lower(is_duplicate) IN ('true', '1', 'yes') AS is_duplicate,
       lower(reopened) IN ('true', '1', 'yes') AS reopened
FROM raw_tickets;
DROP TABLE raw_tickets;
CREATE TABLE typed_csat AS
SELECT json_extract(line, '$.response_id') AS response_id,
       unixepoch(json_extract(line, '$.answered_at')) AS answered_s,
       json_extract(line, '$.channel') AS channel, json_extract(line, '$.region') AS region,
       json_extract(line, '$.score') AS score
FROM raw_csat;
DROP TABLE raw_csat;

CREATE TABLE hour_period (hour INTEGER PRIMARY KEY, period TEXT);
INSERT INTO hour_period
WITH hours AS (SELECT DISTINCT created_s / 3600 AS hour FROM typed_tickets
               UNION SELECT DISTINCT answered_s / 3600 FROM typed_csat),
     utc AS (SELECT hour, hour * 3600 AS s, strftime('%Y', hour * 3600, 'unixepoch') AS y FROM hours),
     local AS (SELECT hour, s + CASE
                 WHEN s >= unixepoch(date(y || '-03-31', '-6 days', 'weekday 0')) + 3600
                  AND s < unixepoch(date(y || '-10-31', '-6 days', 'weekday 0')) + 3600 THEN 7200
                 ELSE 3600 END AS local_s FROM utc),
     thursday AS (SELECT hour, date(local_s, 'unixepoch',
                   '-' || ((CAST(strftime('%w', local_s, 'unixepoch') AS INTEGER) + 6) % 7) || ' days',
                   '+3 days') AS d FROM local)
SELECT hour, strftime('%Y', d) || '-W' || printf('%02d', (CAST(strftime('%j', d) AS INTEGER) - 1) / 7 + 1)
FROM thursday;

CREATE TABLE tickets AS
SELECT t.*, h.period FROM typed_tickets t JOIN hour_period h ON h.hour = t.created_s / 3600;
DROP TABLE typed_tickets;
CREATE TABLE csat AS
SELECT c.*, h.period FROM typed_csat c JOIN hour_period h ON h.hour = c.answered_s / 3600;
DROP TABLE typed_csat;
SELECT 'rows', (SELECT count(*) FROM tickets), (SELECT count(*) FROM csat);
