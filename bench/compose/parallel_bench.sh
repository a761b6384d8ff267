#!/usr/bin/env bash
# Benchmark: what running independent operations in parallel changes. Whole-process
# wall time of mocker-compose `up -d` (from nothing) and `down` for generated stacks
# (flat, a depends_on chain, and services that ignore SIGTERM so that each stop waits
# out its grace period), one operation at a time (COMPOSE_PARALLEL_LIMIT=1) against
# the default worker count,
# in the same run; and the cost of opening an engine (what one engine per worker
# would add), bounded above by `mocker ps` on an empty store. Medians (hyperfine).
# Runs inside a private network and mount namespace. Run as root after scripts/build.sh.
# Usage: parallel_bench.sh [RUNS]   Env: MOCKER_BUILD_DIR (default build)
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "${1:-}" != "--inside" ]; then
  [ "$(id -u)" = 0 ] || { echo "parallel_bench: run as root" >&2; exit 1; }
  for tool in hyperfine jq; do
    command -v "$tool" >/dev/null || { echo "parallel_bench: needs $tool (apt-get install $tool)" >&2; exit 1; }
  done
  exec unshare --net --mount --propagation private "$0" --inside "${1:-10}"
fi
runs=$2
build=${MOCKER_BUILD_DIR:-build}
ip link set lo up
work=$(mktemp -d /tmp/mocker-parallel-bench-XXXXXX)
export MOCKER_ROOT=$work/mocker MOCKER_CGROUP_PARENT=mocker-bench-$$
cleanup() {
  set +e
  for f in "$work"/stacks/*/compose.yaml; do
    "$work/bin/mocker-compose" --progress quiet -f "$f" down -t 0 >/dev/null 2>&1
  done
  findmnt -rn -o TARGET | grep -F "$work" | sort -r | while read -r m; do umount "$m" || umount -l "$m"; done
  for c in /sys/fs/cgroup/*/; do [ -d "$c$MOCKER_CGROUP_PARENT" ] && rmdir "$c$MOCKER_CGROUP_PARENT"; done
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/bin" "$work/stacks"
cp "$build/bin/mocker" "$build/bin/mocker-compose" "$build/bin/mocker-supervisor" "$build/bin/mocker-init" "$build/bin/mocker-dns" "$work/bin/"

bash scripts/make-busybox-rootfs.sh "$work/rootfs" >/dev/null
"$work/bin/mocker" init -t localhost/busybox:latest "$work/rootfs" >/dev/null

# stack NAME N chain|flat|stubborn: N services running sleep; a chain has each depend on
# the one before; stubborn ones ignore SIGTERM, so each stop waits out its grace period.
stack() {
  mkdir -p "$work/stacks/$1"
  local file=$work/stacks/$1/compose.yaml
  {
    echo "name: $1"
    echo "services:"
    for i in $(seq 1 "$2"); do
      echo "  s$i:"
      echo "    image: localhost/busybox:latest"
      if [ "$3" = stubborn ]; then
        echo "    command: [\"sh\", \"-c\", \"trap '' TERM; while :; do sleep 1; done\"]"
      else
        echo "    command: [\"sleep\", \"100000\"]"
      fi
      if [ "$3" = chain ] && [ "$i" -gt 1 ]; then echo "    depends_on: [s$((i - 1))]"; fi
    done
  } >"$file"
  echo "$file"
}

measure() {  # NAME PREPARE COMMAND
  if ! hyperfine --style basic -r "$runs" --prepare "sh -c '$2 >>$work/prepare.log 2>&1'" \
      --output "$work/$1.out" --export-json "$work/$1.json" "$3 2>&1" >"$work/$1.log" 2>&1; then
    echo "parallel_bench: $1 failed:" >&2
    tail -n 20 "$work/$1.log" "$work/$1.out" "$work/prepare.log" >&2
    exit 1
  fi
}
median() { jq -r '.results[0].median * 1000 | . * 10 | round / 10' "$1"; }

echo "date:    $(date -u +%FT%TZ)"
echo "machine: $(nproc) cores, kernel $(uname -r); load $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine --style basic -r "$runs" -N --export-json "$work/open.json" "$work/bin/mocker ps" >/dev/null 2>&1
echo "engine:  mocker ps (process + Engine::open + list) median $(median "$work/open.json") ms"
printf '\n| stack | step | one at a time | parallel (default) | ratio |\n| --- | --- | ---: | ---: | ---: |\n'
# shape, sizes, stop timeout of down
for run in "flat 10 50 0" "chain 10 50 0" "stubborn 10 1"; do
  set -- $run
  shape=$1 t=${!#}
  for n in "${@:2:$#-2}"; do
    f=$(stack "$shape$n" "$n" "$shape")
    m="$work/bin/mocker-compose --progress quiet -f $f"
    measure seq-up "$m down -t 0" "COMPOSE_PARALLEL_LIMIT=1 $m up -d"
    measure par-up "$m down -t 0" "$m up -d"
    measure seq-down "$m up -d" "COMPOSE_PARALLEL_LIMIT=1 $m down -t $t"
    measure par-down "$m up -d" "$m down -t $t"
    for step in up down; do
      s=$(median "$work/seq-$step.json")
      p=$(median "$work/par-$step.json")
      label=$step
      [ "$step" = down ] && label="down -t $t"
      echo "| $shape $n | $label | $s ms | $p ms | $(awk -v a="$s" -v b="$p" 'BEGIN { printf "%.2f", a / b }')x |"
    done
    $m down -t 0 >/dev/null 2>&1
  done
done
