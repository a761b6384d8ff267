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
# ccache's cache outlives the clone, so CI on the same machine rebuilds little;
# paths relative to the clone, so another clone of the same commit hits it.
if command -v ccache >/dev/null; then
  launcher="env;CCACHE_BASEDIR=$PWD;CCACHE_NOHASHDIR=1;ccache"
  flags+=(-DCMAKE_C_COMPILER_LAUNCHER="$launcher" -DCMAKE_CXX_COMPILER_LAUNCHER="$launcher")
  ccache --max-size=5G >/dev/null
fi
cmake -S . -B "$dir" -G Ninja "${flags[@]}" >/dev/null
cmake --build "$dir" -j "$(nproc)"
