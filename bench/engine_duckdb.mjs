// Engine benchmark peer: DuckDB (@duckdb/node-api), in memory, 2 threads, session time zone
// Europe/Berlin. Loads the generated support data (engine_duckdb_load.sql, not timed), then
// runs the workload's queries (engine_duckdb.sql) and times only those.
//   node bench/engine_duckdb.mjs TICKETS_CSV CSAT_JSONL OUT_CSV
// Writes the results to OUT_CSV (one CSV block per query, each with its header) and prints {"load_seconds","query_seconds","query_cpu_seconds","tickets","csat"}.
import { readFileSync, writeFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { splitStatements, toCsv } from './engine_peer_util.mjs';

const [tickets, csat, outCsv] = process.argv.slice(2);
if (!outCsv) {
  console.error('usage: node engine_duckdb.mjs TICKETS_CSV CSAT_JSONL OUT_CSV');
  process.exit(2);
}
const here = new URL('.', import.meta.url);
const quote = (path) => path.replaceAll("'", "''");
const loadSql = readFileSync(new URL('engine_duckdb_load.sql', here), 'utf8')
  .replaceAll('@TICKETS_CSV@', quote(tickets)).replaceAll('@CSAT_JSONL@', quote(csat));
const queries = splitStatements(readFileSync(new URL('engine_duckdb.sql', here), 'utf8'));

const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const connection = await instance.connect();
await connection.run("SET TimeZone = 'Europe/Berlin'");
let start = performance.now();
for (const statement of splitStatements(loadSql)) await connection.run(statement);
const loadSeconds = (performance.now() - start) / 1000;
const count = async (table) =>
  Number((await connection.runAndReadAll(`SELECT count(*) FROM ${table}`)).getRows()[0][0]);
const ticketRows = await count('tickets');
const csatRows = await count('csat');

start = performance.now();
const cpuStart = process.cpuUsage();
const results = [];
for (const query of queries) {
  const reader = await connection.runAndReadAll(query);
  results.push({ columns: reader.columnNames(), rows: reader.getRows() });
}
const querySeconds = (performance.now() - start) / 1000;
const cpu = process.cpuUsage(cpuStart);  // every thread of the process, in microseconds
const queryCpuSeconds = (cpu.user + cpu.system) / 1e6;
writeFileSync(outCsv, results.map((r) => toCsv(r.columns, r.rows)).join(''));
console.log(JSON.stringify({
  load_seconds: loadSeconds, query_seconds: querySeconds, query_cpu_seconds: queryCpuSeconds,
  tickets: ticketRows, csat: csatRows,
}));
