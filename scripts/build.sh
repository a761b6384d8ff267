#!/usr/bin/env bash
# Configures and builds one tree. Usage: build.sh BUILD_DIR [release|asan]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build}
kind=${2:-release}
case "$kind" in
  release) flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo) ;;
  asan) flags=(-DCMAKE_BUILD_TYPE=Debug -DMOCKER_SANITIZE=ON -DMOCKER_BUILD_BENCH=OFF) ;;
  *) echo "build.sh: unknown kind $kind (release|asan)" >&2; exit 2 ;;
esac
cmake -S . -B "$dir" -G Ninja "${flags[@]}" >/dev/null
cmake --build "$dir" -j "$(nproc)"
