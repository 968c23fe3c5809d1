#!/usr/bin/env bash
# The main job on the example support workspace, with the embedded store: generate
# data, check the catalog, and print where things are. Run through `make demo`.
set -euo pipefail
build_dir=${1:-build/release}
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/$build_dir/northstar"
gen="$root/$build_dir/northstar-datagen"
ws="$root/examples/support"

step() { printf '\n== %s\n' "$*"; }

step "northstar init (a fresh workspace passes check)"
scratch=$(mktemp -d)
"$bin" init "$scratch/hello"
"$bin" check -w "$scratch/hello"
rm -rf "$scratch"

step "generate example data for $ws"
"$gen" --example support --rows 200000 --seed 42 --out "$ws/data"

step "northstar check -w examples/support"
"$bin" check -w "$ws"

echo
echo "Northstar binary: $bin"
