// Workload family, the DuckDB peer: one variant's query on the family database, 2 threads.
//   node bench/family/duckdb_run.mjs DUCKDB_FILE VARIANT_ID REPEAT OUT_CSV
// Runs the query REPEAT times in this process and keeps the best wall time (and its CPU
// time); only the query is timed. Then writes the values of the last run as OUT_CSV in
// `northstar compute --format csv`'s shape (kpi,period,segment,value), labels made here.
// Prints {"seconds", "cpu_seconds", "runs"}.
import { writeFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { VARIANTS, duckdbSql } from './variants.mjs';

const [dbFile, variantId, repeatText, outCsv] = process.argv.slice(2);
const variant = VARIANTS.find((v) => v.id === variantId);
if (!outCsv || !variant) {
  console.error('usage: node duckdb_run.mjs DUCKDB_FILE VARIANT_ID REPEAT OUT_CSV');
  process.exit(2);
}
const instance = await DuckDBInstance.create(dbFile, { threads: '2', access_mode: 'READ_ONLY' });
const connection = await instance.connect();
await connection.run("SET TimeZone = 'UTC'");
const sql = duckdbSql(variant);

const runs = [];
let reader = null;
for (let i = 0; i < Number(repeatText); ++i) {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  reader = await connection.runAndReadAll(sql);
  const cpu = process.cpuUsage(cpuStart);
  runs.push({ seconds: (performance.now() - start) / 1000, cpu_seconds: (cpu.user + cpu.system) / 1e6 });
}
const best = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));

// Labels as Northstar prints them: 2026-03-05, 2026-W10, 2026-03.
const pad = (n, w = 2) => String(n).padStart(w, '0');
function isoWeek(d) {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  t.setUTCDate(t.getUTCDate() + 3 - ((t.getUTCDay() + 6) % 7));  // the week's Thursday
  const year = t.getUTCFullYear();
  const week = 1 + Math.floor((t - Date.UTC(year, 0, 1)) / 86400000 / 7);
  return `${year}-W${pad(week)}`;
}
function label(d) {
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  if (variant.grain === 'day') return day;
  if (variant.grain === 'month') return day.slice(0, 7);
  return isoWeek(d);
}
const columns = reader.columnNames();
const dims = variant.segments;
const lines = ['kpi,period,segment,value'];
const quote = (s) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
for (const row of reader.getRowsJS()) {
  const gid = Number(row[1]);
  // grouping(): a dimension's bit is 1 when it is aggregated away; all set is the `*` row.
  let segment = '*';
  dims.forEach((d, i) => {
    if ((gid & (1 << (dims.length - 1 - i))) === 0) segment = `${d}=${row[2 + i] ?? '(null)'}`;
  });
  for (let c = 2 + dims.length; c < columns.length; ++c) {
    const v = row[c];
    lines.push([columns[c], label(row[0]), quote(segment), v === null ? '' : String(Number(v))].join(','));
  }
}
writeFileSync(outCsv, lines.join('\n') + '\n');
console.log(JSON.stringify({ ...best, runs }));
