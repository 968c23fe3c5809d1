#!/usr/bin/env python3
"""Runs a command and writes its wall time, CPU time and peak memory to a file.

    timed.py OUT_FILE COMMAND [ARG...]

OUT_FILE gets one line "WALL_SECONDS CPU_SECONDS MAX_RSS_KB". The wall time is taken with
a monotonic clock right around the command, so it holds no shell start-up (a `date`
before and after costs about 4 ms, a tenth of a refresh). CPU time is user + system of
the command and its children; peak memory the largest resident set of a child (the
command). The command's exit status is passed on.
"""
import resource
import subprocess
import sys
import time

def cpu_of_children():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


out, cmd = sys.argv[1], sys.argv[2:]
before = cpu_of_children()  # the interpreter may have run children of its own at start
start = time.perf_counter()
status = subprocess.run(cmd, check=False).returncode
wall = time.perf_counter() - start
cpu = cpu_of_children() - before
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
with open(out, "w", encoding="utf-8") as f:
    f.write(f"{wall:.6f} {cpu:.3f} {peak_kb}\n")
sys.exit(status)
