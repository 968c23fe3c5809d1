// Benchmark peer for `northstar ingest`: loads the support example's tickets.csv into
// an in-memory DuckDB table with explicit column types, on 2 threads, and prints
// {"seconds", "rows"} as JSON. Malformed rows are skipped (ignore_errors), as Northstar
// rejects them. Usage: node bench/duckdb_load.mjs PATH/tickets.csv
import { DuckDBInstance } from '@duckdb/node-api';

const csv = process.argv[2];
if (!csv) {
  console.error('usage: node duckdb_load.mjs PATH/tickets.csv');
  process.exit(2);
}
const columns = {
  ticket_id: 'BIGINT', created_at: 'TIMESTAMPTZ', first_reply_at: 'TIMESTAMPTZ', resolved_at: 'TIMESTAMPTZ',
  channel: 'VARCHAR', region: 'VARCHAR', category: 'VARCHAR', agent: 'VARCHAR', is_spam: 'BOOLEAN',
  is_duplicate: 'BOOLEAN', reopened: 'BOOLEAN', resolved_first_contact: 'BOOLEAN', priority: 'VARCHAR',
};
const columnsSql = '{' + Object.entries(columns).map(([n, t]) => `'${n}': '${t}'`).join(', ') + '}';
const quoted = csv.replaceAll("'", "''");

const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const connection = await instance.connect();
await connection.run("SET TimeZone = 'UTC'");
const start = performance.now();
await connection.run(
  `CREATE TABLE t AS SELECT * FROM read_csv('${quoted}', header = true, columns = ${columnsSql}, ` +
  `ignore_errors = true)`);
const seconds = (performance.now() - start) / 1000;
const reader = await connection.runAndReadAll('SELECT count(*) FROM t');
const rows = Number(reader.getRows()[0][0]);
console.log(JSON.stringify({ seconds, rows }));
