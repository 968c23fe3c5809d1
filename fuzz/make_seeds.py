#!/usr/bin/env python3
"""Writes the fuzz seed corpus taken from real inputs: the example workspaces and the
public exports in shared/data/external. Each seed is shaped for its target's input
format (see the comment at the top of each fuzz/<name>_fuzz.cpp). The output is checked
in under fuzz/corpus/<target>/ (files named ex_*); run again when the examples change:

    python3 fuzz/make_seeds.py [PATH_TO_shared/data/external]
"""
import csv
import glob
import io
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXTERNAL = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data", "external")
CORPUS = os.path.join(ROOT, "fuzz", "corpus")


def write(target, name, data):
    folder = os.path.join(CORPUS, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "ex_" + name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def read_rows(path, limit):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return [row for _, row in zip(range(limit), csv.DictReader(f))]


def csv_text(rows, line_end):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=line_end)
    writer.writerows(rows)
    return out.getvalue()


def csv_seeds():
    # Target schema: id,amount,flag,at,day(%m/%d/%Y %H:%M),note; flag byte 0 = the target
    # writes the header, 1 = the seed carries its own.
    support = read_rows(os.path.join(EXTERNAL, "support", "customer_support_tickets.csv"), 40)
    rows = [[r["Ticket ID"], r["Customer Satisfaction Rating"], "yes" if r["Ticket Status"] == "Closed" else "no",
             r["Date of Purchase"], r["First Response Time"], r["Ticket Description"]] for r in support]
    write("csv", "support_tickets", b"\x00" + csv_text(rows, "\n").encode())
    header = [["id", "amount", "flag", "at", "day", "note"]]
    write("csv", "support_tickets_bom_header", b"\x01\xef\xbb\xbf" + csv_text(header + rows[:10], "\r\n").encode())
    telco = read_rows(os.path.join(EXTERNAL, "telco", "WA_Fn-UseC_-Telco-Customer-Churn.csv"), 800)
    rows = [[r["tenure"], r["TotalCharges"], r["Churn"], "", "", r["customerID"]] for r in telco
            if r["tenure"] in ("0", "1", "72") or r["TotalCharges"].strip() == ""]
    write("csv", "telco_crlf", b"\x04" + csv_text(rows, "\r\n").encode())
    semicolon = [[r[0], r[1].replace(".", ","), r[2], r[3], r[4], r[5]] for r in rows]
    write("csv", "telco_semicolon", b"\x06" + csv_text(semicolon, "\n").replace(",", ";").encode())
    with open(os.path.join(ROOT, "examples", "support", "data", "tickets.csv"), encoding="utf-8") as f:
        lines = f.read().splitlines()[1:30]
    rows = [[c[0], "", c[8], c[1], "", c[7]] for c in csv.reader(lines)]
    write("csv", "example_tickets", b"\x00" + csv_text(rows, "\n").encode())


def jsonl_seeds():
    # Target schema: id(int), amount(float), flag(bool), at(timestamp), note(string).
    with open(os.path.join(ROOT, "examples", "support", "data", "csat_responses.jsonl"), encoding="utf-8") as f:
        lines = [json.loads(line) for _, line in zip(range(30), f)]
    out = [json.dumps({"id": r["response_id"], "amount": r["score"], "flag": r["score"] >= 4,
                       "at": r["answered_at"], "note": r["category"]}) for r in lines]
    write("jsonl", "example_csat", "\n".join(out) + "\n")
    support = read_rows(os.path.join(EXTERNAL, "support", "customer_support_tickets.csv"), 30)
    out = [json.dumps({"id": r["Ticket ID"], "amount": r["Customer Satisfaction Rating"] or None,
                       "flag": r["Ticket Status"], "at": r["First Response Time"] or None,
                       "note": r["Ticket Description"]}, ensure_ascii=(i % 2 == 0)) for i, r in enumerate(support)]
    write("jsonl", "support_tickets", "\r\n".join(out) + "\r\n")


def yaml_seeds():
    for path in sorted(glob.glob(os.path.join(ROOT, "examples", "*", "catalog", "*.yaml"))):
        example = path.split(os.sep)[-3]
        with open(path, encoding="utf-8") as f:
            write("yaml", f"{example}_{os.path.basename(path)}", f.read())
    for path in sorted(glob.glob(os.path.join(ROOT, "examples", "*", "northstar.yaml"))):
        example = path.split(os.sep)[-2]
        with open(path, encoding="utf-8") as f:
            write("yaml", f"{example}_workspace.yaml", "!" + f.read())


def formula_seeds():
    seen = set()
    for path in sorted(glob.glob(os.path.join(ROOT, "examples", "*", "catalog", "*.yaml"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                m = re.match(r"\s*(formula|filter):\s*(.+)$", line)
                if m and m.group(2) not in seen:
                    seen.add(m.group(2))
                    write("formula", f"{len(seen):02d}", m.group(2).strip().strip('"'))


def http_seeds():
    direct = {
        "kpi_values": "GET\n/api/v1/kpis/first_response_30m/values?grain=week&segment=channel%3Demail&from=2026-W01&to=2026-W10\n",
        "status": "GET\n/api/v1/status?grain=weekly&owner=Ana+Lima\n",
        "annotation": 'POST\n/api/v1/annotations\n{"kpi": "*", "period": "2026-W10..2026-W12", "text": "outage", "process_change": true}',
        "note": 'POST\n/api/v1/actions/12/notes\n{"text": "called the vendor\\nwill retry"}',
        "close": 'POST\n/api/v1/actions/3/close\n{"note": "done"}',
        "delete": "DELETE\n/api/v1/annotations/7\n",
        "asset": "GET\n/assets/app-3f2a.js\n",
        "traversal": "GET\n/assets/%2e%2e/%2e%2e/etc/passwd\n",
        "review": "GET\n/api/v1/reviews/2026-W10\n",
        "refresh": "POST\n/api/v1/refresh\n{}",
    }
    for name, text in direct.items():
        write("http_request", name, text)
    raw = {
        "raw_get": "GET /api/v1/kpis/csat/values?grain=month HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer x\r\n\r\n",
        "raw_post": 'POST /api/v1/annotations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n'
                    'Content-Length: 57\r\n\r\n{"kpi": "csat", "period": "2026-03", "text": "new vendor"}',
        "raw_chunked": "POST /api/v1/actions/1/notes HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                       '7\r\n{"text"\r\nb\r\n: "a note"}\r\n0\r\n\r\n',
        "raw_metrics": "GET /metrics HTTP/1.0\r\n\r\n",
    }
    for name, text in raw.items():
        write("http_request", name, "H" + text)


if __name__ == "__main__":
    csv_seeds()
    jsonl_seeds()
    yaml_seeds()
    formula_seeds()
    http_seeds()
