// Workload family, step 1: the family's table from the generated support tickets.
//   node bench/family/prepare.mjs TICKETS_CSV FAMILY_CSV DUCKDB_FILE
// Reads the generator's tickets (a copy without its three malformed lines), adds the columns
// the variants need and writes them as FAMILY_CSV (UTC timestamps, true/false flags), which
// both engines then load:
//   queue        a 6th segment dimension (7 values)
//   agent_id     the agent as a sparse integer id (ids 7919 apart)
//   customer_id  an integer with about rows/4 distinct values
//   spam_flag, dup_flag  the bool flags as integer 0/1
// Then DuckDB loads FAMILY_CSV into DUCKDB_FILE (timestamps as plain UTC TIMESTAMP, which is
// what a DuckDB user in UTC would choose) and the load is timed: Northstar's ingest of the
// same file is compared with it. Prints {"rows", "load_seconds"}.
import { existsSync, rmSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const [ticketsCsv, familyCsv, dbFile] = process.argv.slice(2);
if (!dbFile) {
  console.error('usage: node prepare.mjs TICKETS_CSV FAMILY_CSV DUCKDB_FILE');
  process.exit(2);
}
const q = (s) => `'${s.replaceAll("'", "''")}'`;
const utc = (c) => `strftime(timezone('UTC', ${c}), '%Y-%m-%dT%H:%M:%SZ') AS ${c}`;

const memory = await (await DuckDBInstance.create(':memory:', { threads: '2' })).connect();
await memory.run("SET TimeZone = 'UTC'");
await memory.run(`CREATE TABLE raw AS SELECT * FROM read_csv(${q(ticketsCsv)}, header = true, columns = {
  'ticket_id': 'BIGINT', 'created_at': 'TIMESTAMPTZ', 'first_reply_at': 'TIMESTAMPTZ',
  'resolved_at': 'TIMESTAMPTZ', 'channel': 'VARCHAR', 'region': 'VARCHAR', 'category': 'VARCHAR',
  'agent': 'VARCHAR', 'is_spam': 'BOOLEAN', 'is_duplicate': 'BOOLEAN', 'reopened': 'BOOLEAN',
  'resolved_first_contact': 'BOOLEAN', 'priority': 'VARCHAR'})`);
// Whole seconds only: the CSV carries seconds, so both engines must see the same instants.
const fractional = (await memory.runAndReadAll(`SELECT count(*) FROM raw WHERE
  microsecond(created_at) % 1000000 <> 0 OR microsecond(first_reply_at) % 1000000 <> 0
  OR microsecond(resolved_at) % 1000000 <> 0`)).getRows()[0][0];
if (Number(fractional) !== 0) throw new Error(`${fractional} tickets have fractional seconds`);
const rows = Number((await memory.runAndReadAll('SELECT count(*) FROM raw')).getRows()[0][0]);
const customers = Math.max(1, Math.floor(rows / 4));
await memory.run(`CREATE TABLE agents AS
  SELECT agent, 100003 + 7919 * row_number() OVER (ORDER BY agent) AS agent_id
  FROM (SELECT DISTINCT agent FROM raw WHERE agent IS NOT NULL)`);
await memory.run(`COPY (
  SELECT ticket_id, ${utc('created_at')}, ${utc('first_reply_at')}, ${utc('resolved_at')},
         channel, region, category, priority, 'q' || ((ticket_id * 40503) % 7) AS queue,
         raw.agent, agents.agent_id, (ticket_id * 2654435761) % ${customers} AS customer_id,
         is_spam, is_duplicate, is_spam::INTEGER AS spam_flag, is_duplicate::INTEGER AS dup_flag, reopened
  FROM raw LEFT JOIN agents USING (agent) ORDER BY ticket_id)
  TO ${q(familyCsv)} (HEADER, DELIMITER ',')`);

if (existsSync(dbFile)) rmSync(dbFile);
const instance = await DuckDBInstance.create(dbFile, { threads: '2' });
const db = await instance.connect();
const start = performance.now();
await db.run(`CREATE TABLE tickets AS SELECT * FROM read_csv(${q(familyCsv)}, header = true, columns = {
  'ticket_id': 'BIGINT', 'created_at': 'TIMESTAMP', 'first_reply_at': 'TIMESTAMP', 'resolved_at': 'TIMESTAMP',
  'channel': 'VARCHAR', 'region': 'VARCHAR', 'category': 'VARCHAR', 'priority': 'VARCHAR', 'queue': 'VARCHAR',
  'agent': 'VARCHAR', 'agent_id': 'INTEGER', 'customer_id': 'BIGINT', 'is_spam': 'BOOLEAN',
  'is_duplicate': 'BOOLEAN', 'spam_flag': 'INTEGER', 'dup_flag': 'INTEGER', 'reopened': 'BOOLEAN'})`);
await db.run('CHECKPOINT');
const loadSeconds = (performance.now() - start) / 1000;
console.log(JSON.stringify({ rows, load_seconds: loadSeconds }));
