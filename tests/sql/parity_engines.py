#!/usr/bin/env python3
"""Runs the workspaces the SQL unit tests export (NORTHSTAR_SQL_EXPORT; see
tests/unit/sql/sql_test_support.h) on real engines: each workspace's rows are loaded into
PostgreSQL (a schema of its own), DuckDB (in memory, through tests/sql/parity_duckdb.mjs)
and a two-shard ClickHouse cluster (a MergeTree table per shard holding half of the rows,
read through a Distributed table), every KPI's statement runs there, and its rows must
equal compute's: the same keys in the same order, nulls alike, values finite and within
1e-9 relative. No dialect may refuse a KPI.

  parity_engines.py EXPORT_DIR WORK_DIR --postgres PORT --clickhouse PORT1,PORT2
                    [--engines postgres,duckdb,clickhouse] [--clickhouse-only GLOB,...]

--clickhouse-only limits ClickHouse to the workspaces whose names match (its statements
take it some 100 ms each to analyse); the other engines run every workspace.
"""
import argparse
import csv
import concurrent.futures
import datetime
import fnmatch
import json
import math
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
SQL_TYPES = {
    "postgres": {"int": "bigint", "float": "double precision", "string": "text", "bool": "boolean",
                 "timestamp": "timestamptz"},
    "duckdb": {"int": "BIGINT", "float": "DOUBLE", "string": "VARCHAR", "bool": "BOOLEAN",
               "timestamp": "TIMESTAMPTZ"},
}
CH_TYPES = {"int": "Int64", "float": "Float64", "string": "String", "bool": "UInt8", "timestamp": "DateTime"}


def quoted(name):  # PostgreSQL and DuckDB
    return '"' + name.replace('"', '""') + '"'


def ch_quoted(name):
    return "`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`"


def iso(micros):
    t = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(microseconds=micros)
    return t.strftime("%Y-%m-%d %H:%M:%S.%f+00")


def literal(value, kind, dialect):
    if value is None:
        return "NULL"
    if kind == "string":
        return "'" + value.replace("'", "''") + "'"
    if kind == "bool":
        return "TRUE" if value else "FALSE"
    if kind == "timestamp":
        return "CAST('%s' AS %s)" % (iso(value), SQL_TYPES[dialect]["timestamp"])
    if kind == "float":
        return "CAST('%r' AS %s)" % (float(value), SQL_TYPES[dialect]["float"])
    return str(int(value))


class Workspace:
    def __init__(self, path):
        self.path = path
        self.name = os.path.basename(path)
        with open(os.path.join(path, "schema.json")) as f:
            schema = json.load(f)
        self.tables = schema["tables"]
        self.kpis = schema["kpis"]
        self.formulas = dict(zip(self.kpis, schema["formulas"]))
        self.rows = []
        for i in range(len(self.tables)):
            with open(os.path.join(path, "data", "%d.jsonl" % i)) as f:
                self.rows.append([json.loads(line) for line in f if line.strip()])
        with open(os.path.join(path, "expected.json")) as f:
            self.expected = {}
            for kpi, period, segment, value in json.load(f):
                self.expected.setdefault(kpi, []).append((period, segment, value))

    def statement(self, k, dialect):
        base = os.path.join(self.path, "sql", "%d.%s" % (k, dialect))
        if os.path.exists(base + ".refused"):
            with open(base + ".refused") as f:
                return None, f.read().strip()
        with open(base + ".sql") as f:
            return f.read(), None

    def counts_sql(self, quote):
        """One row: each table's row count (after the statements ran, nothing is lost)."""
        return "SELECT " + ", ".join("(SELECT COUNT(*) FROM %s)" % quote(t["table"]) for t in self.tables)

    def counts_problem(self, counts, engine):
        expected = [len(r) for r in self.rows]
        if [int(c) for c in counts] == expected:
            return []
        return ["%s: the tables hold %s rows on %s after the statements, not %s" % (self.name, counts, engine, expected)]

    def load_sql(self, dialect):
        out = []
        for table, rows in zip(self.tables, self.rows):
            cols = table["columns"]
            name = quoted(table["table"])
            out.append("CREATE TABLE %s (%s);" % (
                name, ", ".join("%s %s" % (quoted(c["name"]), SQL_TYPES[dialect][c["type"]]) for c in cols)))
            for start in range(0, len(rows), 500):
                values = ",\n".join(
                    "(" + ", ".join(literal(v, c["type"], dialect) for v, c in zip(row, cols)) + ")"
                    for row in rows[start:start + 500])
                out.append("INSERT INTO %s VALUES %s;" % (name, values))
        return "\n".join(out) + "\n"


def near(a, b):
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b)) + 1e-12


def compare(ws, kpi, rows, engine):
    """'' or the first differences between compute's rows of `kpi` and the engine's."""
    expected = ws.expected.get(kpi, [])
    problems = []
    if len(expected) != len(rows):
        problems.append("%d rows natively, %d from %s" % (len(expected), len(rows), engine))
    for i, (e, r) in enumerate(zip(expected, rows)):
        if len(problems) >= 6:
            break
        period, segment, value = r
        same_key = (e[0], e[1]) == (period, segment)
        if value is None or e[2] is None:
            same_value = value is None and e[2] is None
        else:
            same_value = math.isfinite(value) and near(e[2], value)
        if not (same_key and same_value):
            problems.append("row %d: native %s %s = %r; %s %s %s = %r" % (i, e[0], e[1], e[2], engine, period,
                                                                         segment, value))
    return "\n".join(problems)


def number(text):
    return None if text is None else float(text)


# PostgreSQL: one psql run per workspace, in a fresh schema; each statement's rows to a CSV.
def run_postgres(ws, work, port):
    out_dir = os.path.join(work, ws.name, "postgres")
    os.makedirs(out_dir, exist_ok=True)
    script = ["\\set ON_ERROR_STOP 1", "SET client_min_messages = warning;",
              "DROP SCHEMA IF EXISTS ns_parity CASCADE;", "CREATE SCHEMA ns_parity;",
              "SET search_path TO ns_parity;", ws.load_sql("postgres"), "\\pset format csv", "\\pset footer off"]
    jobs = []
    for k, kpi in enumerate(ws.kpis):
        sql, refused = ws.statement(k, "postgres")
        if refused:
            return ["%s: %s refused by postgres: %s" % (ws.name, kpi, refused)]
        out = os.path.join(out_dir, "%d.csv" % k)
        script += ["\\o " + out, sql.rstrip().rstrip(";") + ";"]
        jobs.append((kpi, out))
    counts = os.path.join(out_dir, "counts.csv")
    script += ["\\o " + counts, ws.counts_sql(quoted) + ";"]
    path = os.path.join(out_dir, "run.sql")
    with open(path, "w") as f:
        f.write("\n".join(script) + "\n")
    done = subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", "postgres", "-q",
                           "-X", "-f", path], capture_output=True, text=True)
    if done.returncode != 0:
        return ["%s: psql failed: %s" % (ws.name, done.stderr.strip()[:2000])]
    with open(counts, newline="") as f:
        failures = ws.counts_problem(list(csv.reader(f))[1], "postgres")
    for kpi, out in jobs:
        with open(out, newline="") as f:
            lines = list(csv.reader(f))[1:]
        rows = [(r[1], r[2], number(r[3] if r[3] != "" else None)) for r in lines]
        diff = compare(ws, kpi, rows, "postgres")
        if diff:
            failures.append("%s: %s (%s) on postgres:\n%s" % (ws.name, kpi, ws.formulas[kpi], diff))
    return failures


# DuckDB: tests/sql/parity_duckdb.mjs loads the rows and runs every statement.
def run_duckdb(ws, work):
    out_dir = os.path.join(work, ws.name, "duckdb")
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "load.sql"), "w") as f:
        f.write(ws.load_sql("duckdb"))
    jobs = []
    for k, kpi in enumerate(ws.kpis):
        sql, refused = ws.statement(k, "duckdb")
        if refused:
            return ["%s: %s refused by duckdb: %s" % (ws.name, kpi, refused)]
        jobs.append({"sql": os.path.join(ws.path, "sql", "%d.duckdb.sql" % k),
                     "out": os.path.join(out_dir, "%d.json" % k), "kpi": kpi})
    with open(os.path.join(out_dir, "counts.sql"), "w") as f:
        f.write(ws.counts_sql(quoted))
    counts = {"sql": os.path.join(out_dir, "counts.sql"), "out": os.path.join(out_dir, "counts.json"), "kpi": ""}
    with open(os.path.join(out_dir, "jobs.json"), "w") as f:
        json.dump(jobs + [counts], f)
    done = subprocess.run(["node", os.path.join(HERE, "parity_duckdb.mjs"), out_dir], capture_output=True,
                          text=True, cwd=HERE)
    if done.returncode != 0:
        return ["%s: duckdb failed: %s" % (ws.name, done.stderr.strip()[:2000])]
    with open(counts["out"]) as f:
        failures = ws.counts_problem(json.load(f)[0], "duckdb")
    for job in jobs:
        with open(job["out"]) as f:
            rows = [(r[1], r[2], number(r[3])) for r in json.load(f)]
        diff = compare(ws, job["kpi"], rows, "duckdb")
        if diff:
            failures.append("%s: %s (%s) on duckdb:\n%s" % (ws.name, job["kpi"], ws.formulas[job["kpi"]], diff))
    return failures


# ClickHouse: the rows dealt to two shards; statements over HTTP, rows as TabSeparated.
class Clickhouse:
    SETTINGS = "max_query_size=100000000&max_ast_elements=100000000&max_expanded_ast_elements=100000000"

    def __init__(self, ports):
        self.ports = ports

    def query(self, sql, port=None, data=None):
        url = "http://127.0.0.1:%s/?%s" % (port or self.ports[0], self.SETTINGS)
        if data is None:
            body = sql.encode()
        else:
            url += "&query=" + urllib.parse.quote(sql)
            body = data
        try:
            with urllib.request.urlopen(urllib.request.Request(url, data=body), timeout=600) as r:
                return r.read().decode(), None
        except urllib.error.HTTPError as e:
            return None, e.read().decode().strip()[:2000]

    def load(self, ws):
        for table, rows in zip(ws.tables, ws.rows):
            cols = table["columns"]
            local, dist = ch_quoted(table["table"] + "_local"), ch_quoted(table["table"])
            ddl = ", ".join(["`__row` UInt64"] +
                            ["%s Nullable(%s)" % (ch_quoted(c["name"]), CH_TYPES[c["type"]]) for c in cols])
            shards = ([], [])
            for i, row in enumerate(rows):
                fields = [str(i)] + [tsv_field(v, c["type"]) for v, c in zip(row, cols)]
                shards[i % 2].append("\t".join(fields))
            for port, lines in zip(self.ports, shards):
                for sql in ("DROP TABLE IF EXISTS " + local,
                            "CREATE TABLE %s (%s) ENGINE = MergeTree() ORDER BY `__row`" % (local, ddl)):
                    _, error = self.query(sql, port)
                    if error:
                        return error
                if lines:
                    _, error = self.query("INSERT INTO %s FORMAT TabSeparated" % local, port,
                                          ("\n".join(lines) + "\n").encode())
                    if error:
                        return error
            for sql in ("DROP TABLE IF EXISTS " + dist,
                        "CREATE TABLE %s AS %s ENGINE = Distributed(northstar_two, default, %s, rand())" %
                        (dist, local, ch_quoted(table["table"] + "_local"))):
                _, error = self.query(sql)
                if error:
                    return error
        return None


def tsv_field(value, kind):
    if value is None:
        return "\\N"
    if kind == "bool":
        return "1" if value else "0"
    if kind == "timestamp":
        if value % 1000000:
            raise ValueError("ClickHouse 18.16 stores whole seconds: %d" % value)
        return str(value // 1000000)
    if kind == "float":
        return repr(float(value))
    if kind == "string":
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
    return str(value)


def tsv_unescape(text):
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            n = text[i + 1]
            out.append({"t": "\t", "n": "\n", "r": "\r", "0": "\0", "b": "\b", "f": "\f"}.get(n, n))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def run_clickhouse(ws, ch):
    error = ch.load(ws)
    if error:
        return ["%s: loading into ClickHouse failed: %s" % (ws.name, error)]
    failures = []
    for k, kpi in enumerate(ws.kpis):
        sql, refused = ws.statement(k, "clickhouse")
        if refused:
            failures.append("%s: %s refused by clickhouse: %s" % (ws.name, kpi, refused))
            continue
        text, error = ch.query(sql.rstrip().rstrip(";") + "\nFORMAT TabSeparated")
        if error:
            failures.append("%s: %s (%s): ClickHouse refused the statement: %s" % (ws.name, kpi, ws.formulas[kpi], error))
            continue
        rows = []
        for line in text.split("\n"):
            if not line:
                continue
            f = line.split("\t")
            rows.append((tsv_unescape(f[1]), tsv_unescape(f[2]), None if f[3] == "\\N" else float(f[3])))
        diff = compare(ws, kpi, rows, "clickhouse")
        if diff:
            failures.append("%s: %s (%s) on clickhouse:\n%s" % (ws.name, kpi, ws.formulas[kpi], diff))
    text, error = ch.query(ws.counts_sql(ch_quoted) + " FORMAT TabSeparated")
    failures += ws.counts_problem(text.split(), "clickhouse") if text is not None else [error]
    return failures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("export")
    parser.add_argument("work")
    parser.add_argument("--postgres", type=int)
    parser.add_argument("--clickhouse")
    parser.add_argument("--engines", default="postgres,duckdb,clickhouse")
    parser.add_argument("--clickhouse-only", default="*")
    args = parser.parse_args()
    engines = args.engines.split(",")
    names = sorted(os.listdir(args.export))
    if not names:
        sys.exit("FAIL: nothing was exported to %s" % args.export)
    ch = Clickhouse(args.clickhouse.split(",")) if "clickhouse" in engines else None
    ch_only = args.clickhouse_only.split(",")
    failures = []
    totals = {}
    for name in names:
        ws = Workspace(os.path.join(args.export, name))
        values = sum(len(v) for v in ws.expected.values())
        runs = {}
        # PostgreSQL and DuckDB run beside ClickHouse: each is another process.
        with concurrent.futures.ThreadPoolExecutor(3) as pool:
            if "postgres" in engines:
                runs["postgres"] = pool.submit(run_postgres, ws, args.work, args.postgres)
            if "duckdb" in engines:
                runs["duckdb"] = pool.submit(run_duckdb, ws, args.work)
            if ch and any(fnmatch.fnmatch(name, g) for g in ch_only):
                runs["clickhouse"] = pool.submit(run_clickhouse, ws, ch)
            started = time.time()
            for engine, run in runs.items():
                found = run.result()
                failures += found
                if not found:
                    t = totals.setdefault(engine, [0, 0, 0])
                    t[0] += 1
                    t[1] += len(ws.kpis)
                    t[2] += values
        print("%s: %d KPIs, %d values: %s (%.1f s)" % (name, len(ws.kpis), values,
                                                     ", ".join(sorted(runs)), time.time() - started), flush=True)
    for engine, (workspaces, kpis, values) in sorted(totals.items()):
        print("ok: %s = native on %d workspaces, %d KPIs, %d values" % (engine, workspaces, kpis, values))
    if failures:
        print("FAIL: %d differences:" % len(failures))
        print("\n".join(failures[:20]))
        sys.exit(1)


if __name__ == "__main__":
    main()
