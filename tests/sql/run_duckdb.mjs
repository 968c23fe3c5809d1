// Loads the parity workspace's CSVs into an in-memory DuckDB with the types
// docs/scale.md asks for, runs a statement from `northstar sql --dialect duckdb` and
// prints its rows as CSV; the seconds the load and the statement took go to stderr as
// JSON (bench/sql_bench.sh reads them). Usage: node run_duckdb.mjs WORKSPACE STATEMENT.sql
import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const [workspace, statementFile] = process.argv.slice(2);
const tables = {
  tickets: { id: 'BIGINT', created_at: 'TIMESTAMPTZ', first_reply_at: 'TIMESTAMPTZ', channel: 'VARCHAR',
    region: 'VARCHAR', is_spam: 'BOOLEAN', csat: 'BIGINT', amount: 'DOUBLE', agent: 'BIGINT' },
  spend: { id: 'BIGINT', day: 'TIMESTAMPTZ', channel: 'VARCHAR', cost: 'DOUBLE' },
  survey: { id: 'BIGINT', score: 'BIGINT', channel: 'VARCHAR' },
};
const loadStart = performance.now();
const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const connection = await instance.connect();
for (const [name, columns] of Object.entries(tables)) {
  const spec = '{' + Object.entries(columns).map(([n, t]) => `'${n}': '${t}'`).join(', ') + '}';
  await connection.run(`CREATE TABLE ${name} AS SELECT * FROM read_csv('${workspace}/data/${name}.csv', ` +
    `header = true, columns = ${spec})`);
}
const queryStart = performance.now();
const reader = await connection.runAndReadAll(readFileSync(statementFile, 'utf8'));
const queryEnd = performance.now();
process.stderr.write(JSON.stringify({ load_s: (queryStart - loadStart) / 1000, query_s: (queryEnd - queryStart) / 1000 }) + '\n');
const field = (v) => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};
const lines = ['kpi,period,segment,value'];
for (const row of reader.getRows()) lines.push(row.map(field).join(','));
process.stdout.write(lines.join('\n') + '\n');
