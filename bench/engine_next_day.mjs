// Engine benchmark and workload family: makes the batch for the incremental run, one more
// day of support tickets after the last day of a tickets CSV (key and the three timestamps
// first, rows in day order). The new day repeats the tickets of the same weekday one week
// earlier (times shifted by 7 days, new keys from 10^12 on), so it has a realistic volume.
// Only the file's header and tail are read.
//   node bench/engine_next_day.mjs TICKETS_CSV OUT_CSV      prints {"day", "rows"}
import { closeSync, fstatSync, openSync, readSync, writeFileSync } from 'node:fs';

const [input, output] = process.argv.slice(2);
if (!output) {
  console.error('usage: node engine_next_day.mjs TICKETS_CSV OUT_CSV');
  process.exit(2);
}
const fd = openSync(input, 'r');
const size = fstatSync(fd).size;
const length = Math.min(size, Math.max(4 << 20, Math.ceil(size * 0.03)));  // > 8 of 728 days
const buffer = Buffer.alloc(length);
readSync(fd, buffer, 0, length, size - length);
const text = buffer.toString('utf8');
const lines = text.split('\n').slice(1).filter((l) => l.length > 0);  // first may be partial
// The file's own header: the workload family's table has more columns than the generator's.
const head = Buffer.alloc(Math.min(size, 65536));
readSync(fd, head, 0, head.length, 0);
const header = head.toString('utf8').split('\n')[0];
closeSync(fd);

// The first four fields (key and three timestamps) never hold quotes or commas.
const split4 = (line) => {
  const parts = [];
  let start = 0;
  for (let i = 0; i < 4; ++i) {
    const comma = line.indexOf(',', start);
    parts.push(line.slice(start, comma));
    start = comma + 1;
  }
  parts.push(line.slice(start));
  return parts;
};
const DAY_MS = 86400000;
const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);
// Shifts "YYYY-MM-DDTHH:MM:SS<offset>" by whole days, keeping the offset text (no DST change
// falls between the copied day and the new day).
const shift = (ts, days) =>
  ts === '' ? '' : new Date(Date.parse(ts.slice(0, 19) + 'Z') + days * DAY_MS).toISOString().slice(0, 19) + ts.slice(19);

let lastDay = '';
for (const line of lines) {
  const day = split4(line)[1].slice(0, 10);
  if (day > lastDay) lastDay = day;
}
const newDay = isoDay(Date.parse(lastDay + 'T00:00:00Z') + DAY_MS);
const copiedDay = isoDay(Date.parse(newDay + 'T00:00:00Z') - 7 * DAY_MS);
const out = [header];
let key = 1e12;
for (const line of lines) {
  const [, created, reply, resolved, rest] = split4(line);
  if (created.slice(0, 10) !== copiedDay) continue;
  out.push([key++, shift(created, 7), shift(reply, 7), shift(resolved, 7), rest].join(','));
}
writeFileSync(output, out.join('\n') + '\n');
console.log(JSON.stringify({ day: newDay, rows: out.length - 1 }));
