#!/usr/bin/env bash
# Benchmark: containers on networks.
#  (a) start of 50 containers on one network: `mocker run -d --network benchnet` (a user
#      network: bridge, veth, DNS server) against `podman run -d` of the same image on podman's
#      default network (netavark); wall time of the 50 starts, median over ROUNDS rounds.
#  (b) TCP throughput from the host into a container through a published port
#      (-p 127.0.0.1:19000:9000: DNAT in nftables, route_localnet, bridge, veth) against the same
#      transfer over direct loopback and to the container's address without NAT; busybox nc
#      receives, a python client sends SIZE_MB, median of REPS transfers.
# Everything runs in a private network and mount namespace, so no bridge, veth, nft or
# iptables rule touches the host. Run as root after scripts/build.sh. Not part of the tests.
# Usage: run_bench.sh [ROUNDS] [REPS] [SIZE_MB]     Env: MOCKER_BUILD_DIR (default build)
set -euo pipefail
self=$(readlink -f "$0")
cd "$(dirname "$self")/../.."
rounds=${1:-3}
reps=${2:-5}
size_mb=${3:-512}
count=50
build=${MOCKER_BUILD_DIR:-build}

log() { printf 'network bench: %s\n' "$*" >&2; }
[ "$(id -u)" = 0 ] || { log "run as root"; exit 1; }
for b in mocker mocker-init mocker-dns; do
  [ -x "$build/bin/$b" ] || { log "$build/bin/$b missing: run scripts/build.sh $build release first"; exit 1; }
done

# --- a private network and mount namespace ---------------------------------------------
if [ -z "${MOCKER_NETWORK_BENCH_INNER:-}" ]; then
  exec unshare --net --mount env MOCKER_NETWORK_BENCH_INNER=1 bash "$self" "$@"
fi
mount --make-rprivate /
ip link set lo up

missing=()
for pkg in podman crun netavark hyperfine jq busybox-static; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v python3 >/dev/null || { log "python3 is needed for the throughput client"; exit 1; }

# --- state and cleanup -----------------------------------------------------------------
tag=mnetbench$$
work=$(mktemp -d /tmp/mocker-network-bench-XXXXXX)
mroot=$work/mocker
podman_image=localhost/$tag:busybox
podman_cmd=(podman --root "$work/podman/root" --runroot "$work/podman/run" --tmpdir "$work/podman/tmp"
            --network-config-dir "$work/podman/net" --storage-driver overlay)
export CONTAINERS_CONF=$work/podman/containers.conf
side_paths=(/run/crun /run/mount /run/libpod /run/containers /run/netns /var/lib/containers
            /etc/containers/networks /root/.config/containers /root/.config)
for c in /sys/fs/cgroup/*/; do side_paths+=("${c}mocker"); done
absent=()
for p in "${side_paths[@]}"; do [ -e "$p" ] || absent+=("$p"); done
mounted_cgroups=()
made_cgroup_dirs=()
server_pids=()

cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  for p in "${server_pids[@]}"; do
    kill $(pgrep -P "$p") "$p" 2>/dev/null  # the loop and the nc it runs now
    wait "$p" 2>/dev/null
  done
  local m="$work/bin/mocker --root $mroot"
  if mountpoint -q "$mroot/store" 2>/dev/null; then
    for id in $($m ps -aq 2>/dev/null); do $m rm -f "$id" >/dev/null 2>&1; done
    for n in $($m network ls -q 2>/dev/null); do $m network rm "$n" >/dev/null 2>&1; done
  fi
  if [ -d "$work/podman/root" ]; then
    "${podman_cmd[@]}" rm -a -f >/dev/null 2>&1
    "${podman_cmd[@]}" rmi -a -f >/dev/null 2>&1
  fi
  findmnt -rn -o TARGET | grep -F "$work" | sort -r | while read -r t; do umount "$t" || umount -l "$t"; done
  for c in /sys/fs/cgroup/*/; do
    for g in "$c"$tag*; do [ -d "$g" ] && find "$g" -depth -type d -exec rmdir {} + 2>/dev/null; done
  done
  for m in "${mounted_cgroups[@]}"; do
    find "$m" -mindepth 1 -depth -type d -exec rmdir {} + 2>/dev/null
    umount "$m" || log "could not unmount $m"
  done
  for d in "${made_cgroup_dirs[@]}"; do rmdir "$d" 2>/dev/null; done
  for p in "${absent[@]}"; do
    case $p in
      /sys/fs/cgroup/*|/run/crun|/run/mount|/run/netns|/root/.config) rmdir "$p" 2>/dev/null ;;
      *) rm -rf "$p" ;;
    esac
  done
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$work/podman/net" "$work/podman/tmp" "$work/bin"
cat >"$CONTAINERS_CONF" <<'CONF'
[containers]
# The stock defaults raise nofile/nproc above this machine's hard limits.
default_ulimits = []

[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
runtime = "crun"

[network]
network_backend = "netavark"
CONF
cp "$build/bin/mocker" "$build/bin/mocker-init" "$build/bin/mocker-dns" "$work/bin/"
mocker=("$work/bin/mocker" --root "$mroot")

echo "date:     $(date -u +%FT%TZ)"
echo "machine:  $(nproc) cores, kernel $(uname -r), Debian $(cat /etc/debian_version)"
echo "mocker:   $build ($(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt" 2>/dev/null))"
echo "peer:     $(podman --version), netavark $(dpkg-query -W -f='${Version}' netavark)"
echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) (before)"

bash scripts/make-busybox-rootfs.sh "$work/rootfs" >/dev/null
tar -C "$work/rootfs" -cf "$work/rootfs.tar" .
"${mocker[@]}" init "$work/rootfs" -t busybox >/dev/null
"${mocker[@]}" network create benchnet >/dev/null

now() { date +%s.%N; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# --- (a) 50 starts on one network ------------------------------------------------------
# start_round RM_COMMAND RUN_COMMAND...: appends the seconds COUNT detached starts took to
# `times`, then removes the containers (not timed).
start_round() {
  local rm_cmd=$1
  shift
  local t0 t1
  t0=$(now)
  for _ in $(seq "$count"); do "$@" >/dev/null; done
  t1=$(now)
  eval "$rm_cmd" >/dev/null 2>&1
  times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')")
}

mocker_rm='for id in $("${mocker[@]}" ps -aq); do "${mocker[@]}" rm -f "$id"; done'
times=()
for _ in $(seq "$rounds"); do start_round "$mocker_rm" "${mocker[@]}" run -d --network benchnet busybox sleep 1000; done
mocker_times=("${times[@]}")

# podman needs a cgroup layout crun accepts: controllers of the cgroup2 hierarchy (hugetlb on
# this machine's hybrid layout) get a v1 hierarchy of their own, in this mount namespace.
if [ -r /sys/fs/cgroup/unified/cgroup.controllers ]; then
  for ctl in $(cat /sys/fs/cgroup/unified/cgroup.controllers); do
    dir=/sys/fs/cgroup/$ctl
    mountpoint -q "$dir" && continue
    if [ ! -e "$dir" ]; then mkdir "$dir" && made_cgroup_dirs+=("$dir"); fi
    mount -t cgroup -o "$ctl" cgroup "$dir" && mounted_cgroups+=("$dir")
  done
fi
podman_times=()
if "${podman_cmd[@]}" import -q "$work/rootfs.tar" "$podman_image" >/dev/null 2>&1 &&
   "${podman_cmd[@]}" run --rm --cgroup-parent "/$tag" "$podman_image" true >/dev/null 2>&1; then
  podman_rm='"${podman_cmd[@]}" rm -a -f -t 0'
  times=()
  for _ in $(seq "$rounds"); do
    start_round "$podman_rm" "${podman_cmd[@]}" run -d --network podman --cgroup-parent "/$tag" "$podman_image" sleep 1000
  done
  podman_times=("${times[@]}")
else
  log "podman cannot run here: $("${podman_cmd[@]}" run --rm --cgroup-parent "/$tag" "$podman_image" true 2>&1 | tail -n 2 | tr '\n' ' ')"
fi

# --- (b) throughput --------------------------------------------------------------------
cat >"$work/send.py" <<'PY'
import socket, sys, time
host, port, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) << 20
for attempt in range(100):  # the server may still be starting
    try:
        s = socket.create_connection((host, port), timeout=10)
        break
    except OSError:
        time.sleep(0.05)
else:
    sys.exit("no server at %s:%d" % (host, port))
buf = b"\0" * (1 << 20)
start = time.perf_counter()
sent = 0
while sent < size:
    s.sendall(buf)
    sent += len(buf)
s.shutdown(socket.SHUT_WR)
while s.recv(65536):
    pass
print("%.1f" % (size / (time.perf_counter() - start) / 1e6))
PY
# throughput HOST PORT: MB/s of each transfer, one per line, after one small transfer that
# is not counted (busybox nc sometimes stalls on a connection that arrives as it starts).
throughput() {
  timeout 15 python3 "$work/send.py" "$1" "$2" 1 >/dev/null 2>&1 || true
  for _ in $(seq "$reps"); do python3 "$work/send.py" "$1" "$2" "$size_mb"; done
}

# busybox nc hands the connection to cat, which reads in bigger blocks than nc itself.
sink='while true; do nc -l -p 9000 -e sh -c "cat >/dev/null"; done'
"${mocker[@]}" run -d --name sink --network benchnet -p 127.0.0.1:19000:9000 busybox sh -c "$sink" >/dev/null
sink_ip=$("${mocker[@]}" inspect sink | jq -r '.[0].network_settings.networks.benchnet.ip')
published=$(throughput 127.0.0.1 19000 | median)
direct_ip=$(throughput "$sink_ip" 9000 | median)
(while true; do busybox nc -l -p 19001 -e sh -c "busybox cat >/dev/null"; done) &
server_pids+=($!)
loopback=$(throughput 127.0.0.1 19001 | median)
echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) (after)"

# --- summary ---------------------------------------------------------------------------
echo
echo "(a) $count detached starts on one network, $rounds rounds"
echo "| tool | median total (s) | per container (ms) | rounds (s) |"
echo "| --- | ---: | ---: | --- |"
row() {
  local name=$1; shift
  [ $# -gt 0 ] || { echo "| $name | - | - | did not run |"; return; }
  local m
  m=$(printf '%s\n' "$@" | median)
  echo "| $name | $(printf '%.2f' "$m") | $(awk -v m="$m" -v n="$count" 'BEGIN { printf "%.1f", m * 1000 / n }') | $(printf '%.2f ' "$@")|"
}
row "mocker (network benchnet)" "${mocker_times[@]}"
row "podman (network podman)" "${podman_times[@]}"
if [ ${#podman_times[@]} -gt 0 ]; then
  pm=$(printf '%s\n' "${podman_times[@]}" | median)
  mm=$(printf '%s\n' "${mocker_times[@]}" | median)
  echo "podman/mocker = $(awk -v p="$pm" -v m="$mm" 'BEGIN { printf "%.2f", p / m }')"
fi
echo
echo "(b) TCP throughput, $size_mb MiB per transfer, median of $reps (MB/s)"
echo "| path | MB/s | ratio to loopback |"
echo "| --- | ---: | ---: |"
for p in "loopback (127.0.0.1, no container):$loopback" "published port (127.0.0.1:19000 -> container):$published" \
         "container address (no NAT):$direct_ip"; do
  v=${p##*:}
  echo "| ${p%:*} | $v | $(awk -v v="$v" -v l="$loopback" 'BEGIN { printf "%.2f", v / l }') |"
done
