#!/usr/bin/env bash
# Whole-process time of `mocker-compose config -q` (load, validate, normalise) and of
# `config` (also print) on the generated 500-service file with anchors and extends.
#   bench/spec/config_bench.sh [BUILD_DIR] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
runs=${2:-20}
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/bench/spec/bench_spec" --services=500 --write="$work/compose.yaml"
compose=$(realpath "$build/bin/mocker-compose")
cd "$work"
hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/result.json" \
  "$compose -f compose.yaml config -q" "$compose -f compose.yaml config -o /dev/null" >&2
jq -r '.results[] | "\(.command | sub("^[^ ]*/"; "")): median \(.median * 1000 | floor) ms"' "$work/result.json"
