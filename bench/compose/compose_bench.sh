#!/usr/bin/env bash
# Benchmark: whole-process wall time of `up -d` from nothing to all running, a no-op
# `up -d`, and `down`, for generated stacks of 10 and 50 services (flat, and a
# depends_on chain), mocker-compose against podman-compose on the same files and the
# same busybox rootfs, in the same run. Medians (hyperfine). Runs inside a private
# network and mount namespace, so neither tool's bridges or rules touch the host.
# Run as root after scripts/build.sh. Installs podman and podman-compose from Debian.
# Usage: compose_bench.sh [MOCKER_RUNS] [PODMAN_RUNS]
# Env: MOCKER_BUILD_DIR (default build); STACKS (default "flat10 flat50 chain10 chain50");
# PODMAN_COMPOSE_BOUND (seconds, default 120); CHAIN_GROWTH (chain lengths, default "16 18 20 22 24").
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "${1:-}" != "--inside" ]; then
  [ "$(id -u)" = 0 ] || { echo "compose_bench: run as root" >&2; exit 1; }
  missing=()
  for pkg in podman podman-compose runc hyperfine jq busybox-static; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  exec unshare --net --mount --propagation private "$0" --inside "${1:-10}" "${2:-3}"
fi
mruns=$2
pruns=$3
build=${MOCKER_BUILD_DIR:-build}
ip link set lo up
work=$(mktemp -d /tmp/mocker-compose-bench-XXXXXX)
# /run and podman's config live in this mount namespace only.
mount -t tmpfs tmpfs /run
mkdir -p "$work/bin" "$work/podman/net" "$work/stacks"
cp "$build/bin/mocker" "$build/bin/mocker-compose" "$build/bin/mocker-supervisor" "$build/bin/mocker-init" "$build/bin/mocker-dns" "$work/bin/"
export MOCKER_ROOT=$work/mocker MOCKER_CGROUP_PARENT=mocker-bench-$$
export CONTAINERS_CONF=$work/podman/containers.conf CONTAINERS_STORAGE_CONF=$work/podman/storage.conf
cat >"$CONTAINERS_CONF" <<CONF
[containers]
default_ulimits = []
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
runtime = "runc"
[network]
network_config_dir = "$work/podman/net"
CONF
cat >"$CONTAINERS_STORAGE_CONF" <<CONF
[storage]
driver = "overlay"
graphroot = "$work/podman/root"
runroot = "$work/podman/run"
CONF

cleanup() {
  set +e
  for f in "$work"/stacks/*/compose.yaml; do
    "$work/bin/mocker-compose" --progress quiet -f "$f" down -t 0 >/dev/null 2>&1
    # Bounded: podman-compose never finishes resolving a long depends_on chain (see below).
    timeout 120 podman-compose -f "$f" down -t 0 >/dev/null 2>&1
  done
  podman rm -a -f >/dev/null 2>&1
  podman rmi -a -f >/dev/null 2>&1
  findmnt -rn -o TARGET | grep -F "$work" | sort -r | while read -r m; do umount "$m" || umount -l "$m"; done
  for c in /sys/fs/cgroup/*/; do [ -d "$c$MOCKER_CGROUP_PARENT" ] && rmdir "$c$MOCKER_CGROUP_PARENT"; done
  rm -rf "$work"
}
trap cleanup EXIT

bash scripts/make-busybox-rootfs.sh "$work/rootfs" >/dev/null
"$work/bin/mocker" init -t localhost/busybox:latest "$work/rootfs" >/dev/null
tar -C "$work/rootfs" -cf - . | podman import - localhost/busybox:latest >/dev/null

# stack NAME N chain|flat: N services running sleep; a chain has each depend on the one before.
stack() {
  # One directory per stack: podman-compose names the project after it.
  mkdir -p "$work/stacks/$1"
  local file=$work/stacks/$1/compose.yaml
  {
    echo "name: $1"
    echo "services:"
    for i in $(seq 1 "$2"); do
      echo "  s$i:"
      echo "    image: localhost/busybox:latest"
      echo "    command: [\"sleep\", \"100000\"]"
      if [ "$3" = chain ] && [ "$i" -gt 1 ]; then echo "    depends_on: [s$((i - 1))]"; fi
    done
  } >"$file"
  echo "$file"
}

echo "date:    $(date -u +%FT%TZ)"
echo "machine: $(nproc) cores, kernel $(uname -r); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "peers:   $(podman-compose version 2>/dev/null | grep -i 'composer* version' | tail -1); $(podman --version); runtime runc"
printf '\n| stack | step | mocker-compose median | podman-compose median | ratio |\n| --- | --- | ---: | ---: | ---: |\n'
# measure NAME RUNS PREPARE COMMAND: hyperfine, with the preparation's output kept
# and shown if anything fails.
measure() {
  local prep=()
  [ -n "$3" ] && prep=(--prepare "sh -c '$3 >>$work/prepare.log 2>&1'")
  if ! hyperfine --style basic -r "$2" "${prep[@]}" --export-json "$work/$1.json" "$4" >"$work/$1.log" 2>&1; then
    echo "compose_bench: $1 failed:" >&2
    tail -n 20 "$work/$1.log" "$work/prepare.log" >&2
    exit 1
  fi
}
median() { jq -r '.results[0].median * 1000 | . * 10 | round / 10' "$1"; }
# podman-compose's dependency resolution takes twice as long for every service
# added to a depends_on chain (see the growth table), so before each stack it gets
# a dry run (no podman calls) bounded by this many seconds; a stack it cannot plan
# in that time is reported as such.
pc_bound=${PODMAN_COMPOSE_BOUND:-120}
podman_can_plan() { timeout "$pc_bound" podman-compose --dry-run -f "$1" up -d >/dev/null 2>&1; }
for shape in flat chain; do
  for n in 10 50; do
    [[ " ${STACKS:-flat10 flat50 chain10 chain50} " == *" $shape$n "* ]] || continue
    f=$(stack "$shape$n" "$n" "$shape")
    m="$work/bin/mocker-compose --progress quiet -f $f"
    p="podman-compose -f $f"
    measure m-up "$mruns" "$m down -t 0" "$m up -d"
    $m up -d >/dev/null
    measure m-noop "$mruns" "" "$m up -d"
    measure m-down "$mruns" "$m up -d" "$m down -t 0"
    $m down -t 0 >/dev/null
    planned=yes
    if podman_can_plan "$f"; then
      measure p-up "$pruns" "$p down -t 0" "$p up -d"
      measure p-noop "$pruns" "" "$p up -d"
      measure p-down "$pruns" "$p up -d" "$p down -t 0"
    else
      planned=no
    fi
    for step in up noop down; do
      mm=$(median "$work/m-$step.json")
      if [ "$planned" = yes ]; then
        pm=$(median "$work/p-$step.json")
        echo "| $shape $n | $step | $mm ms | $pm ms | $(awk -v a="$pm" -v b="$mm" 'BEGIN { printf "%.1f", a / b }')x |"
      else
        echo "| $shape $n | $step | $mm ms | no plan after ${pc_bound} s (dry run) | |"
      fi
    done
  done
done

# How long podman-compose takes to plan `down` of a depends_on chain (a dry run: no
# podman calls), for growing chains; each bounded by the same limit.
printf '\n| chain length | podman-compose --dry-run down |\n| ---: | ---: |\n'
for n in ${CHAIN_GROWTH:-16 18 20 22 24}; do
  f=$(stack "growth$n" "$n" chain)
  start=$(date +%s%N)
  if timeout "$pc_bound" podman-compose --dry-run -f "$f" down >/dev/null 2>&1; then
    echo "| $n | $(( ($(date +%s%N) - start) / 1000000 )) ms |"
  else
    echo "| $n | over ${pc_bound} s |"
  fi
done
