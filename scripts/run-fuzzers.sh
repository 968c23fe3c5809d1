#!/usr/bin/env bash
# Runs every libFuzzer target in BUILD_DIR for SECONDS each, starting from the seeds in
# fuzz/corpus/<name>/ (copied, so the checked-in corpus stays as it is). A crash, hang,
# leak or sanitizer report fails the run and leaves the reproducer in build/fuzz-artifacts/.
set -uo pipefail
build_dir=${1:?usage: run-fuzzers.sh BUILD_DIR SECONDS}
seconds=${2:?usage: run-fuzzers.sh BUILD_DIR SECONDS}
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
for fuzzer in "${fuzzers[@]}"; do
  name=$(basename "$fuzzer" _fuzz)
  work=$(mktemp -d)
  [ -d "$root/fuzz/corpus/$name" ] && cp -r "$root/fuzz/corpus/$name/." "$work/"
  echo "fuzz: $name for ${seconds}s"
  if "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
       -artifact_prefix="$artifacts/$name-" -print_final_stats=1 "$work" >"$work.log" 2>&1; then
    grep -E '^stat::number_of_executed_units' "$work.log" | sed "s/^/fuzz: $name /"
    passed=$((passed + 1))
  else
    echo "fuzz: $name FAILED; last lines of its log:"
    tail -n 40 "$work.log"
    failed=$((failed + 1))
  fi
  rm -rf "$work" "$work.log"
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
