// Workload family: DuckDB's values of one variant against Northstar's, before any time counts.
//   node bench/family/compare.mjs NORTHSTAR_CSV DUCKDB_CSV
// Both files are kpi,period,segment,value. Counts must be equal; other values may differ by
// 1e-9 relative (sums in another order). A value DuckDB lacks is fine where Northstar's is 0
// or null (a period or segment without rows: DuckDB has no group there). Prints one line;
// exits 1 on any mismatch, listing up to 10.
import { readFileSync } from 'node:fs';
import { splitCsvLine } from '../engine_peer_util.mjs';
import { isExact } from './variants.mjs';

function load(path) {
  const values = new Map();
  for (const line of readFileSync(path, 'utf8').split('\n').slice(1)) {
    if (line.length === 0) continue;
    const [kpi, period, segment, value] = splitCsvLine(line);
    values.set(`${kpi}|${period}|${segment}`, value === '' ? null : Number(value));
  }
  return values;
}

const [northstarCsv, duckdbCsv] = process.argv.slice(2);
const northstar = load(northstarCsv);
const duckdb = load(duckdbCsv);
const mismatches = [];
const same = (kpi, a, b) => {
  if (a === null || b === null) return a === b;
  if (isExact(kpi)) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
};
for (const [key, v] of duckdb) {
  const kpi = key.split('|')[0];
  if (!northstar.has(key)) mismatches.push(`${key}: duckdb ${v}, northstar has no value`);
  else if (!same(kpi, northstar.get(key), v)) mismatches.push(`${key}: duckdb ${v}, northstar ${northstar.get(key)}`);
}
for (const [key, v] of northstar) {
  if (!duckdb.has(key) && v !== null && v !== 0) mismatches.push(`${key}: northstar ${v}, duckdb has no value`);
}
if (northstar.size === 0) mismatches.push('northstar printed no values');
console.log(`${duckdb.size} duckdb values compared with ${northstar.size} northstar values: ` +
  `${mismatches.length} mismatches`);
for (const m of mismatches.slice(0, 10)) console.log(`  ${m}`);
process.exit(mismatches.length === 0 ? 0 : 1);
