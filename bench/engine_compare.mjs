// Engine benchmark check: every value a peer computed must equal Northstar's.
//   node bench/engine_compare.mjs NORTHSTAR_CSV PEER_NAME=PEER_CSV ...
// NORTHSTAR_CSV is `northstar compute --format csv` output (kpi,period,segment,value). A peer
// CSV holds one or more blocks, each starting with a header `period,segment,<kpi id>...`.
// Counts (ticket_count, distinct_agents) must be equal; other values may differ by 1e-9
// relative (sums in another order). A (period, segment) a peer does not list is fine when
// Northstar's value there is 0 or null (no rows); any other gap is a mismatch.
// Prints one line per peer (values compared, mismatches) and up to 20 mismatches each;
// exits 1 when any peer disagrees.
import { readFileSync } from 'node:fs';
import { splitCsvLine } from './engine_peer_util.mjs';

const EXACT = new Set(['ticket_count', 'distinct_agents']);
const TOLERANCE = 1e-9;

const lines = (path) => readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
const parseValue = (text) => (text === '' || text === 'NULL' ? null : Number(text));

const [northstarCsv, ...peerArgs] = process.argv.slice(2);
if (!northstarCsv || peerArgs.length === 0) {
  console.error('usage: node engine_compare.mjs NORTHSTAR_CSV NAME=PEER_CSV ...');
  process.exit(2);
}
const northstar = new Map();  // "kpi|period|segment" -> value
const kpis = new Set();
for (const line of lines(northstarCsv).slice(1)) {
  const [kpi, period, segment, value] = splitCsvLine(line);
  northstar.set(`${kpi}|${period}|${segment}`, parseValue(value));
  kpis.add(kpi);
}

let failed = false;
for (const arg of peerArgs) {
  const [name, path] = arg.split('=');
  const seen = new Set();
  const mismatches = [];
  let compared = 0;
  let header = null;
  for (const line of lines(path)) {
    const fields = splitCsvLine(line);
    if (fields[0] === 'period' && fields[1] === 'segment') { header = fields; continue; }
    const [period, segment] = fields;
    for (let i = 2; i < header.length; ++i) {
      const kpi = header[i];
      if (!kpis.has(kpi)) { mismatches.push(`${kpi}: not a KPI of the Northstar output`); continue; }
      const key = `${kpi}|${period}|${segment}`;
      seen.add(key);
      ++compared;
      const peer = parseValue(fields[i]);
      if (!northstar.has(key)) { mismatches.push(`${key}: ${name} ${peer}, missing in northstar`); continue; }
      const ours = northstar.get(key);
      let same;
      if (ours === null || peer === null) same = ours === peer;
      else if (EXACT.has(kpi)) same = ours === peer;
      else same = Math.abs(ours - peer) <= TOLERANCE * Math.max(Math.abs(ours), Math.abs(peer));
      if (!same) mismatches.push(`${key}: northstar ${ours}, ${name} ${peer}`);
    }
  }
  const peerKpis = new Set();
  for (const key of seen) peerKpis.add(key.split('|')[0]);
  for (const [key, value] of northstar) {
    if (seen.has(key) || !peerKpis.has(key.split('|')[0])) continue;
    if (value !== null && value !== 0) mismatches.push(`${key}: northstar ${value}, ${name} has no row`);
  }
  const missingKpis = [...kpis].filter((k) => !peerKpis.has(k));
  if (missingKpis.length > 0) mismatches.push(`${name} computes no ${missingKpis.join(', ')}`);
  console.log(`agreement ${name}: ${compared} values compared, ${mismatches.length} mismatches`);
  for (const m of mismatches.slice(0, 20)) console.log(`  mismatch ${m}`);
  if (mismatches.length > 0) failed = true;
}
process.exit(failed ? 1 : 0);
