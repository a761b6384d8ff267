#!/usr/bin/env bash
# Benchmark of the supervisor, against podman in the same run:
#  1. restart overhead: from a container's exit (its exit record) to its
#     replacement's workload running (its first log line), minus the delay the
#     policy chose (deploy.restart_policy.delay: 0s, so none); podman
#     --restart=always applies no backoff. Medians over RESTARTS restarts.
#  2. memory: PSS of the supervisor plus every per-container process of ours
#     (each container's mocker-init) with 50 containers running, against the
#     sum of podman's conmon processes for 50 containers.
# Runs inside a private network and mount namespace. Root, after scripts/build.sh.
# Usage: supervisor_bench.sh [RESTARTS]   Env: MOCKER_BUILD_DIR (default build)
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "${1:-}" != "--inside" ]; then
  [ "$(id -u)" = 0 ] || { echo "supervisor_bench: run as root" >&2; exit 1; }
  missing=()
  for pkg in podman runc jq busybox-static; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  exec unshare --net --mount --propagation private "$0" --inside "${1:-20}"
fi
restarts=$2
build=${MOCKER_BUILD_DIR:-build}
ip link set lo up
work=$(mktemp -d /tmp/mocker-supervisor-bench-XXXXXX)
mount -t tmpfs tmpfs /run  # podman's runtime state stays in this namespace
mkdir -p "$work/bin" "$work/podman/net" "$work/crash" "$work/fifty"
cp "$build/bin/mocker" "$build/bin/mocker-compose" "$build/bin/mocker-supervisor" "$build/bin/mocker-init" "$build/bin/mocker-dns" "$work/bin/"
export MOCKER_ROOT=$work/mocker MOCKER_CGROUP_PARENT=mocker-bench-$$
export CONTAINERS_CONF=$work/podman/containers.conf CONTAINERS_STORAGE_CONF=$work/podman/storage.conf
cat >"$CONTAINERS_CONF" <<CONF
[containers]
default_ulimits = []
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$work/podman/events.log"
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
mc() { "$work/bin/mocker-compose" --progress quiet "$@"; }

cleanup() {
  set +e
  mc -f "$work/crash/compose.yaml" down -t 0 >/dev/null 2>&1
  mc -f "$work/fifty/compose.yaml" down -t 0 >/dev/null 2>&1
  podman rm -a -f -t 0 >/dev/null 2>&1
  podman rmi -a -f >/dev/null 2>&1
  findmnt -rn -o TARGET | grep -F "$work" | sort -r | while read -r m; do umount "$m" || umount -l "$m"; done
  for c in /sys/fs/cgroup/*/; do [ -d "$c$MOCKER_CGROUP_PARENT" ] && rmdir "$c$MOCKER_CGROUP_PARENT"; done
  rm -rf "$work"
}
trap cleanup EXIT

bash scripts/make-busybox-rootfs.sh "$work/rootfs" >/dev/null
"$work/bin/mocker" init -t localhost/busybox:latest "$work/rootfs" >/dev/null
tar -C "$work/rootfs" -cf - . | podman import - localhost/busybox:latest >/dev/null

seconds() { date -d "$1" +%s.%N; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "n/a"; else printf "%.1f", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
# overheads DIES STARTS: milliseconds from each exit to the next run's first line.
overheads() {
  paste <(head -n -1 "$1") <(tail -n +2 "$2") | while IFS=$'\t' read -r died started; do
    awk -v a="$(seconds "$died")" -v b="$(seconds "$started")" 'BEGIN { printf "%.2f\n", (b - a) * 1000 }'
  done
}

echo "date:    $(date -u +%FT%TZ)"
echo "machine: $(nproc) cores, kernel $(uname -r); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "peer:    $(podman --version); runtime runc"

# --- 1. restart overhead -------------------------------------------------------
cat >"$work/crash/compose.yaml" <<YAML
name: crash
services:
  crash:
    image: localhost/busybox:latest
    network_mode: none
    command: ["sh", "-c", "echo up; exit 1"]
    deploy: {restart_policy: {condition: on-failure, delay: 0s, max_attempts: $restarts}}
YAML
mc -f "$work/crash/compose.yaml" up -d >/dev/null
for _ in $(seq 1 600); do  # bounded: 60 s
  n=$(mc -f "$work/crash/compose.yaml" ps -a --format json | jq -s '.[0].RestartCount // 0')
  state=$(mc -f "$work/crash/compose.yaml" ps -a --format json | jq -rs '.[0].State')
  [ "$n" -ge "$restarts" ] && [ "$state" = exited ] && break
  sleep 0.1
done
journal=$MOCKER_ROOT/run/compose/crash/events.jsonl
jq -r 'select(.action == "die") | .time' "$journal" >"$work/m-dies"
mc -f "$work/crash/compose.yaml" logs -t --no-log-prefix | awk '{ print $1 }' >"$work/m-starts"
m_over=$(overheads "$work/m-dies" "$work/m-starts" | median)
m_count=$(($(wc -l <"$work/m-dies") - 1))
mc -f "$work/crash/compose.yaml" down -t 0 >/dev/null

podman run -d --name crash --restart=always --network none localhost/busybox:latest sh -c 'echo up; exit 1' >/dev/null
for _ in $(seq 1 600); do  # bounded: 60 s
  [ "$(podman inspect -f '{{.RestartCount}}' crash)" -ge "$restarts" ] && break
  sleep 0.1
done
podman stop -t 0 crash >/dev/null 2>&1 || true
# awk, not head: reading to the end spares the writer a SIGPIPE, which pipefail would report.
podman events --stream=false --filter container=crash --filter event=died --format '{{.Time}}' 2>/dev/null |
  awk -v n="$restarts" 'NR <= n' >"$work/p-dies-raw"
# podman prints Go times ("2026-11-23 03:40:01.123456789 +0000 UTC"); date -d reads them without the zone name.
sed 's/ UTC$//' "$work/p-dies-raw" >"$work/p-dies"
podman logs -t crash 2>/dev/null | awk -v n="$restarts" 'NR <= n { print $1 }' >"$work/p-starts"
p_over=$(overheads "$work/p-dies" "$work/p-starts" | median)
p_count=$(($(wc -l <"$work/p-dies") - 1))
# podman can refuse while the container is between a restart's stop and start: retry, bounded.
for _ in $(seq 1 20); do podman rm -f -t 0 crash >/dev/null 2>&1 && break; sleep 0.2; done

printf '\n| restart overhead (exit to next workload running, minus the policy delay) | median | restarts |\n| --- | ---: | ---: |\n'
echo "| mocker-compose (deploy delay 0s) | $m_over ms | $m_count |"
echo "| podman --restart=always (no backoff) | $p_over ms | $p_count |"

# --- 2. memory of 50 running containers ----------------------------------------------
{
  echo "name: fifty"
  echo "services:"
  for i in $(seq 1 50); do
    printf '  s%s:\n    image: localhost/busybox:latest\n    network_mode: none\n    command: ["sleep", "100000"]\n    restart: always\n' "$i"
  done
} >"$work/fifty/compose.yaml"
mc -f "$work/fifty/compose.yaml" up -d >/dev/null
sleep 1
pss_of() { awk '/^Pss:/ { s += $2 } END { print s + 0 }' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0; }
sup_kb=0; sups=0; init_kb=0; inits=0
for p in /proc/[0-9]*; do
  exe=$(readlink "$p/exe" 2>/dev/null || true)
  case "$exe" in
    "$work/bin/mocker-init") init_kb=$((init_kb + $(pss_of "${p#/proc/}"))); inits=$((inits + 1)) ;;
    "$work/bin/mocker-supervisor") sup_kb=$((sup_kb + $(pss_of "${p#/proc/}"))); sups=$((sups + 1)) ;;
  esac
done
mc -f "$work/fifty/compose.yaml" down -t 0 >/dev/null

for i in $(seq 1 50); do
  podman run -d --name "p$i" --restart=always --network none localhost/busybox:latest sleep 100000 >/dev/null
done
conmon_kb=0; conmons=0
for p in $(pgrep -x conmon); do conmon_kb=$((conmon_kb + $(pss_of "$p"))); conmons=$((conmons + 1)); done
podman rm -a -f -t 0 >/dev/null

printf '\n| memory with 50 running containers (PSS) | total | per container |\n| --- | ---: | ---: |\n'
echo "| mocker: $sups supervisor + $inits mocker-init | $(((sup_kb + init_kb) / 1024)) MiB ($sup_kb + $init_kb KiB) | $(((sup_kb + init_kb) / 50)) KiB |"
echo "| podman: $conmons conmon | $((conmon_kb / 1024)) MiB ($conmon_kb KiB) | $((conmon_kb / 50)) KiB |"
