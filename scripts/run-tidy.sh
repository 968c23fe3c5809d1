#!/usr/bin/env bash
# clang-tidy over Northstar's own sources (src/ and tools/), using the compile
# database of BUILD_DIR. Checks and naming rules: .clang-tidy. Exit 1 on any finding.
set -uo pipefail
build_dir=${1:?usage: run-tidy.sh BUILD_DIR}
root=$(cd "$(dirname "$0")/.." && pwd)
[ -f "$build_dir/compile_commands.json" ] || { echo "tidy: no compile_commands.json in $build_dir (configure first)"; exit 1; }
mapfile -t files < <(cd "$root" && git ls-files 'src/*.cpp' 'tools/*.cpp' | sed "s|^|$root/|")
[ ${#files[@]} -gt 0 ] || { echo "tidy: no sources"; exit 0; }
log=$(mktemp)
run-clang-tidy -quiet -p "$build_dir" -j "$(nproc)" "${files[@]}" >"$log" 2>&1
status=$?
grep -E 'warning:|error:' "$log" | grep -v 'warnings generated' | sort -u | head -n 100
if [ $status -ne 0 ]; then
  echo "tidy: findings above (rules in .clang-tidy)"
  rm -f "$log"
  exit 1
fi
echo "tidy: ${#files[@]} files clean"
rm -f "$log"
