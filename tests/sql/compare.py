"""Compares two `kpi,period,segment,value` CSVs row by row: the same keys in the same
order, nulls alike, values within 1e-9 relative. Usage: compare.py EXPECTED ACTUAL NAME"""
import csv
import sys

def rows(path):
    with open(path, newline="") as f:
        return [r for r in csv.reader(f)][1:]

expected, actual, name = rows(sys.argv[1]), rows(sys.argv[2]), sys.argv[3]
problems = []
if len(expected) != len(actual):
    problems.append("%d rows natively, %d from %s" % (len(expected), len(actual), name))
for i, (a, b) in enumerate(zip(expected, actual)):
    if a[:3] != b[:3]:
        problems.append("row %d: %s natively, %s from %s" % (i + 1, a[:3], b[:3], name))
    elif (a[3] == "") != (b[3] == ""):
        problems.append("row %d %s: %r natively, %r from %s" % (i + 1, a[:3], a[3], b[3], name))
    elif a[3] != "":
        x, y = float(a[3]), float(b[3])
        if abs(x - y) > 1e-9 * max(abs(x), abs(y)) + 1e-12:
            problems.append("row %d %s: %s natively, %s from %s" % (i + 1, a[:3], a[3], b[3], name))
    if len(problems) >= 10:
        break
if problems:
    print("FAIL: %s differs from the native engine:" % name)
    print("\n".join("  " + p for p in problems))
    sys.exit(1)
print("ok: %s = native on %d values (%d non-null)" % (name, len(expected), sum(1 for r in expected if r[3] != "")))
