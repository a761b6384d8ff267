#!/usr/bin/env bash
# Sets up and runs every test on a fresh Debian 12 machine, as root:
# installs the packages, builds a release tree and an ASan+UBSan tree, and
# runs the unit and privileged integration tests of both through CTest.
# Skipped tests are counted; under CI=true a skip is a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh

status=0
skipped_total=0
run_suite() {  # NAME BUILD_DIR
  local name=$1 dir=$2 junit
  junit=$(mktemp)
  echo "== $name: ctest"
  ctest --test-dir "$dir" --output-on-failure -j 2 --timeout 600 --output-junit "$junit" || status=1
  local skipped
  skipped=$(grep -c '<skipped' "$junit" || true)
  echo "== $name: $skipped skipped"
  skipped_total=$((skipped_total + skipped))
  rm -f "$junit"
}

echo "== build: release"
bash scripts/build.sh build release
run_suite release build

echo "== build: asan+ubsan"
bash scripts/build.sh build-asan asan
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  run_suite asan+ubsan build-asan

if [ -x tests/fuzz/run.sh ]; then
  echo "== fuzz: compose loader"
  bash tests/fuzz/run.sh build-fuzz "${MOCKER_FUZZ_SECONDS:-30}" || status=1
fi

echo "== skipped tests: $skipped_total"
if [ "${CI:-}" = "true" ] && [ "$skipped_total" -gt 0 ]; then
  echo "== CI=true: skipped tests count as failures" >&2
  status=1
fi
exit $status
