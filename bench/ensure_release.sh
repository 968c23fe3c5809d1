#!/usr/bin/env bash
# Configures and builds the release `northstar` and `northstar-datagen` in BUILD_DIR when
# either is missing (benchmarks run a release build, never the sanitizer one).
#   bench/ensure_release.sh BUILD_DIR
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${1:?usage: ensure_release.sh BUILD_DIR}"
if [ ! -x "$BUILD/northstar" ] || [ ! -x "$BUILD/northstar-datagen" ]; then
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DNORTHSTAR_TESTS=OFF > /dev/null
  ninja -C "$BUILD" -j2 northstar northstar-datagen
fi
