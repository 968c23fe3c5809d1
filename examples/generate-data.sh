#!/usr/bin/env bash
# Writes the data of the three example workspaces into examples/<name>/data/ (not kept
# in git). The targets in the example catalogs assume these row counts and seed 1.
#   examples/generate-data.sh [path/to/northstar-datagen]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
gen="${1:-$here/../build/release/northstar-datagen}"
"$gen" --example support --rows 200000 --seed 1 --out "$here/support/data"
"$gen" --example saas    --rows 200000 --seed 1 --out "$here/saas/data"
"$gen" --example finance --rows 200000 --seed 1 --out "$here/finance/data"
