#!/usr/bin/env bash
# Runs libFuzzer targets from BUILD_DIR, starting from the seeds in fuzz/corpus/<name>/
# (copied, so the checked-in corpus stays as it is). A crash, hang, leak or sanitizer
# report fails the run and leaves the reproducer in build/fuzz-artifacts/.
#
#   run-fuzzers.sh BUILD_DIR SECONDS          each target for SECONDS, one per core (make test's smoke run)
#   run-fuzzers.sh BUILD_DIR 0 RUNS [NAME...] each target (or the NAMEs) for RUNS executions
#
# Inputs are capped at FUZZ_MAX_LEN bytes (default 4096): every parser's interesting
# states are reached with small inputs, and short inputs keep the executions per
# second high. One line per target reports executions, rate, wall time and coverage.
# With FUZZ_WORK_DIR set, each target's corpus lives in FUZZ_WORK_DIR/NAME and grows
# from run to run (seeds are added when missing); otherwise a fresh copy is used.
# FUZZ_TIMEOUT (default 10 s) is the wall-clock limit of one input: raise it for a long
# run beside other work, where a starved input can be slow without being a hang.
set -uo pipefail
build_dir=${1:?usage: run-fuzzers.sh BUILD_DIR SECONDS [RUNS [NAME...]]}
seconds=${2:?usage: run-fuzzers.sh BUILD_DIR SECONDS [RUNS [NAME...]]}
runs=${3:-0}
shift $(( $# < 3 ? $# : 3 ))
max_len=${FUZZ_MAX_LEN:-4096}
unit_timeout=${FUZZ_TIMEOUT:-10}
root=$(cd "$(dirname "$0")/.." && pwd)
artifacts="$root/build/fuzz-artifacts"
mkdir -p "$artifacts"

passed=0
failed=0
mapfile -t fuzzers < <(find "$build_dir" -maxdepth 2 -type f -name '*_fuzz' -perm -u+x | sort)
if [ ${#fuzzers[@]} -eq 0 ]; then
  echo "fuzz: no *_fuzz executables under $build_dir (build them with make fuzz-build)"
  exit 1
fi
# One target: its report lines go to stdout; exit 1 when it found something.
run_one() {
  local fuzzer=$1 name work budget what start executions rate coverage status=0
  name=$(basename "$fuzzer" _fuzz)
  if [ -n "${FUZZ_WORK_DIR:-}" ]; then
    # A corpus kept between runs: a long budget can be spread over several runs.
    work="$FUZZ_WORK_DIR/$name"
    mkdir -p "$work"
  else
    work=$(mktemp -d)
  fi
  [ -d "$root/fuzz/corpus/$name" ] && cp -rn "$root/fuzz/corpus/$name/." "$work/"
  if [ "$runs" -gt 0 ]; then budget=(-runs="$runs"); what="$runs executions"; else
    budget=(-max_total_time="$seconds"); what="${seconds}s"; fi
  echo "fuzz: $name for $what"
  start=$(date +%s)
  if "$fuzzer" "${budget[@]}" -max_len="$max_len" -timeout="$unit_timeout" -rss_limit_mb=4096 \
       -artifact_prefix="$artifacts/$name-" -print_final_stats=1 "$work" >"$work.log" 2>&1; then
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work.log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work.log")
    coverage=$(grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' "$work.log" | tail -n 1)
    echo "fuzz: $name executions=$executions per_second=$rate seconds=$(( $(date +%s) - start )) $coverage findings=0"
  else
    echo "fuzz: $name FAILED; last lines of its log:"
    tail -n 40 "$work.log"
    status=1
  fi
  if [ -n "${FUZZ_WORK_DIR:-}" ]; then mv "$work.log" "$FUZZ_WORK_DIR/$name.last.log"; else rm -rf "$work" "$work.log"; fi
  return $status
}

# Timed runs (the smoke run) go side by side, one per core; long runs by executions one
# after another, so each target's rate is its own. Reports are printed in target order.
parallel=1
[ "$runs" -eq 0 ] && parallel=$(nproc)
reports=$(mktemp -d)
names=()
for fuzzer in "${fuzzers[@]}"; do
  name=$(basename "$fuzzer" _fuzz)
  if [ $# -gt 0 ] && [[ " $* " != *" $name "* ]]; then continue; fi
  while [ "$(jobs -rp | wc -l)" -ge "$parallel" ]; do wait -n || true; done
  { run_one "$fuzzer" || touch "$reports/$name.failed"; } > "$reports/$name" 2>&1 &
  names+=("$name")
done
wait
for name in "${names[@]}"; do
  if [ -e "$reports/$name.failed" ]; then failed=$((failed + 1)); else passed=$((passed + 1)); fi
  cat "$reports/$name"
done
rm -rf "$reports"
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
