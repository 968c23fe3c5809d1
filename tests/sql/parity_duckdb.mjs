// Runs one exported workspace on DuckDB for tests/sql/parity_engines.py: loads DIR/load.sql
// into an in-memory database, then runs each statement of DIR/jobs.json and writes its rows
// to the job's `out` as JSON arrays, values as text (so that inf and nan stay visible).
// Usage: node parity_duckdb.mjs DIR
import { readFileSync, writeFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const [dir] = process.argv.slice(2);
const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
const connection = await instance.connect();
await connection.run(readFileSync(`${dir}/load.sql`, 'utf8'));
const text = (v) => (v === null || v === undefined ? null : String(v));
for (const job of JSON.parse(readFileSync(`${dir}/jobs.json`, 'utf8'))) {
  let reader;
  try {
    reader = await connection.runAndReadAll(readFileSync(job.sql, 'utf8'));
  } catch (e) {
    process.stderr.write(`${job.kpi}: ${e.message}\n`);
    process.exit(1);
  }
  writeFileSync(job.out, JSON.stringify(reader.getRows().map((row) => row.map(text))));
}
