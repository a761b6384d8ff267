#!/usr/bin/env bash
# Benchmark: `mocker init DIR` against `cp -a DIR` of the same tree onto the
# same btrfs store, medians over repeated runs (hyperfine). Run as root after
# scripts/build.sh. Usage: import_dir.sh [FILES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
files=${1:-20000}
runs=${2:-10}
mocker=$PWD/build/bin/mocker
work=$(mktemp -d /tmp/mocker-bench-XXXXXX)
root=$work/root
cleanup() {
  umount "$root/store" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# A tree shaped like a small distro: files of mixed sizes in nested directories.
python3 - "$work/tree" "$files" <<'PY'
import os, sys, random
root, n = sys.argv[1], int(sys.argv[2])
random.seed(42)
for i in range(n):
    d = os.path.join(root, f"d{i % 50}", f"s{i % 7}")
    os.makedirs(d, exist_ok=True)
    size = random.choice([0, 100, 1000, 4000, 20000])
    with open(os.path.join(d, f"f{i}"), "wb") as f:
        f.write(os.urandom(size))
PY
du -sh "$work/tree" | awk '{print "tree: " $1}'
"$mocker" --root "$root" --store-size 8G images >/dev/null  # provision the store once
store=$root/store

hyperfine --runs "$runs" --warmup 1 --export-json "$work/result.json" \
  --prepare "sync; $mocker --root $root rmi -f bench:dir >/dev/null 2>&1 || true; rm -rf $store/cp-copy" \
  -n "mocker init" "$mocker --root $root init $work/tree -t bench:dir" \
  -n "cp -a" "cp -a $work/tree $store/cp-copy"

python3 - "$work/result.json" "$files" <<'PY'
import json, sys
r = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
m, c = r["mocker init"], r["cp -a"]
print(f"files={sys.argv[2]} mocker init median {m*1000:.1f} ms, cp -a median {c*1000:.1f} ms, ratio {m/c:.2f}x")
PY
