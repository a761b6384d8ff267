#!/usr/bin/env bash
# Builds the spec loader fuzzer with clang (ASan + UBSan + libFuzzer) in BUILD_DIR and
# runs it for SECONDS over the seed corpus. New inputs go to a scratch directory;
# crashes are written to BUILD_DIR/fuzz-artifacts/ and make the script fail.
#   tests/fuzz/run.sh BUILD_DIR SECONDS
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 BUILD_DIR SECONDS" >&2
  exit 2
fi
build=$1
seconds=$2
src=$(cd "$(dirname "$0")/../.." && pwd)
corpus="$src/tests/fuzz/corpus/spec"

launch=()
if command -v ccache >/dev/null; then
  l="env;CCACHE_BASEDIR=$src;CCACHE_NOHASHDIR=1;ccache"
  launch=(-DCMAKE_C_COMPILER_LAUNCHER="$l" -DCMAKE_CXX_COMPILER_LAUNCHER="$l")
fi
CC=clang CXX=clang++ cmake -S "$src" -B "$build" -G Ninja "${launch[@]}" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DMOCKER_BUILD_FUZZ=ON -DMOCKER_BUILD_TESTS=ON -DMOCKER_BUILD_BENCH=OFF -DMOCKER_SANITIZE=ON \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link" >/dev/null
cmake --build "$build" --target fuzz_spec_loader

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$build/fuzz-artifacts"
"$build/tests/fuzz/fuzz_spec_loader" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
  -dict="$src/tests/fuzz/spec.dict" -artifact_prefix="$build/fuzz-artifacts/" -print_final_stats=1 \
  "$scratch" "$corpus"
