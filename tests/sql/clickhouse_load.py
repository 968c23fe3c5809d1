#!/usr/bin/env python3
"""Loads a workspace's CSV sources into a two-shard ClickHouse cluster, as a user would
lay them out: a MergeTree table `<source>_local` on each shard holding half of the rows,
and on the first server a Distributed table `<source>` over both (cluster
`northstar_two`, scripts/clickhouse_cluster.sh). With --one-shard also `<source>_one`
on the first server, a MergeTree table holding every row (the one-server baseline of
bench/sql_bench.sh). Timestamps become DateTime (UTC seconds), booleans UInt8, every
column but the key Nullable.

  clickhouse_load.py [--one-shard] HTTP_PORT_1 HTTP_PORT_2 WORKSPACE SOURCE:COLUMN=TYPE,... [...]

TYPE is one of int, float, string, bool, timestamp (the catalog's types); the first
column is the key. Rows are dealt to the shards alternately.
"""
import csv
import datetime
import sys
import urllib.parse
import urllib.request

CH_TYPES = {"int": "Int64", "float": "Float64", "string": "String", "bool": "UInt8", "timestamp": "DateTime"}


def query(port, sql, data=None):
    url = "http://127.0.0.1:%s/" % port
    if data is None:
        body = sql.encode()
    else:
        url += "?query=" + urllib.parse.quote(sql)
        body = data
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=body)) as r:
            return r.read().decode()
    except urllib.error.HTTPError as e:
        sys.exit("clickhouse (port %s): %s\n%s" % (port, e.read().decode().strip(), sql[:300]))


def field(value, kind):
    if value == "":
        return "\\N"
    if kind == "bool":
        return {"true": "1", "false": "0", "1": "1", "0": "0"}[value.lower()]
    if kind == "timestamp":
        t = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        if t.tzinfo is None:
            t = t.replace(tzinfo=datetime.timezone.utc)
        return str(int(t.timestamp()))
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def main():
    args = sys.argv[1:]
    one_shard = args[0] == "--one-shard"
    if one_shard:
        args = args[1:]
    p1, p2, ws = args[:3]
    for spec in args[3:]:
        source, columns = spec.split(":", 1)
        cols = [c.split("=") for c in columns.split(",")]
        ddl = ", ".join(
            "`%s` %s" % (n, CH_TYPES[t] if i == 0 else "Nullable(%s)" % CH_TYPES[t]) for i, (n, t) in enumerate(cols))
        key = cols[0][0]
        for port in (p1, p2):
            query(port, "DROP TABLE IF EXISTS `%s_local`" % source)
            query(port, "CREATE TABLE `%s_local` (%s) ENGINE = MergeTree() ORDER BY `%s`" % (source, ddl, key))
        query(p1, "DROP TABLE IF EXISTS `%s`" % source)
        query(p1, "CREATE TABLE `%s` AS `%s_local` ENGINE = Distributed(northstar_two, default, `%s_local`, rand())"
              % (source, source, source))
        if one_shard:
            query(p1, "DROP TABLE IF EXISTS `%s_one`" % source)
            query(p1, "CREATE TABLE `%s_one` AS `%s_local`" % (source, source))
        shards, dealt = ([], []), [0, 0]

        def flush():
            # In blocks, so a table of 100 M rows never sits in this process's memory.
            for n, (port, rows) in enumerate(zip((p1, p2), shards)):
                if not rows:
                    continue
                block = ("\n".join(rows) + "\n").encode()
                query(port, "INSERT INTO `%s_local` FORMAT TabSeparated" % source, block)
                if one_shard:
                    query(p1, "INSERT INTO `%s_one` FORMAT TabSeparated" % source, block)
                dealt[n] += len(rows)
                rows.clear()

        with open("%s/data/%s.csv" % (ws, source), newline="") as f:
            reader = csv.DictReader(f)
            for i, row in enumerate(reader):
                shards[i % 2].append("\t".join(field(row[n], t) for n, t in cols))
                if len(shards[1]) >= 500000:
                    flush()
        flush()
        total = query(p1, "SELECT count() FROM `%s`" % source).strip()
        print("clickhouse: %s: %s rows over two shards (%d + %d)" % (source, total, dealt[0], dealt[1]))


if __name__ == "__main__":
    main()
