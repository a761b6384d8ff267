#!/usr/bin/env bash
# Benchmark: whole-process wall time of starting and finishing a trivial container
# (`true` in a busybox rootfs), medians over repeated runs (hyperfine):
#   mocker run --rm --network none   against   crun run, runc run (same rootfs as an OCI
#   bundle, no storage work) and podman run --rm --network none (same rootfs, podman import).
# Then the memory an idle mocker container costs beyond its workload (RSS and PSS of its
# init process). Run as root after scripts/build.sh. Installs what it needs from Debian.
# Usage: run_bench.sh [RUNS] [WARMUP]
# Env: MOCKER_BUILD_DIR (build tree, default build); KEEP_RESULTS=DIR keeps hyperfine's JSON;
# MOCKER_BASELINE_DIR (a second build tree, e.g. of the previous commit) is measured in the same
# run as "mocker-base", on its own store, for before/after comparisons under the same load.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-20}
warmup=${2:-3}
build=${MOCKER_BUILD_DIR:-build}
baseline=${MOCKER_BASELINE_DIR:-}

log() { printf 'run_bench: %s\n' "$*" >&2; }
[ "$(id -u)" = 0 ] || { log "run as root"; exit 1; }
if [ ! -x "$build/bin/mocker" ] || [ ! -x "$build/bin/mocker-init" ]; then
  log "$build/bin/mocker or mocker-init missing: run scripts/build.sh $build release first"
  exit 1
fi
if [ -n "$baseline" ] && { [ ! -x "$baseline/bin/mocker" ] || [ ! -x "$baseline/bin/mocker-init" ]; }; then
  log "MOCKER_BASELINE_DIR=$baseline has no bin/mocker and bin/mocker-init"
  exit 1
fi

# --- tools -------------------------------------------------------------------------------
missing=()
for pkg in crun runc podman hyperfine jq busybox-static tar; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# --- state and cleanup -------------------------------------------------------------------
tag=mbench$$
work=$(mktemp -d /tmp/mocker-runtime-bench-XXXXXX)
mroot=$work/mocker
broot=$work/mocker-base
crun_id=$tag-crun
runc_id=$tag-runc
podman_image=localhost/$tag:busybox
podman_cmd=(podman --root "$work/podman/root" --runroot "$work/podman/run" --tmpdir "$work/podman/tmp"
            --network-config-dir "$work/podman/net" --storage-driver overlay)
export CONTAINERS_CONF=$work/podman/containers.conf

# Paths that crun, runc, podman or mount(8) create outside their --root on first use; the
# ones absent now are removed at the end.
side_paths=(/run/crun /run/runc /run/mount /run/libpod /run/containers /var/lib/containers
            /etc/containers/networks /etc/cni/net.d/cni.lock /root/.config/containers /root/.config)
for c in /sys/fs/cgroup/*/; do side_paths+=("${c}mocker"); done
absent=()
for p in "${side_paths[@]}"; do [ -e "$p" ] || absent+=("$p"); done
made_cgroup_dirs=()
mounted_cgroups=()
unified_before=""

rmdir_tree() {  # cgroup directories: children first; only empty groups go
  [ -d "$1" ] || return 0
  find "$1" -depth -type d -exec rmdir {} + 2>/dev/null || true
}

cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  local bin root
  for bin in "$work/bin/mocker" "$work/base-bin/mocker"; do
    root=$mroot
    [ "$bin" = "$work/base-bin/mocker" ] && root=$broot
    if [ -x "$bin" ] && mountpoint -q "$root/store" 2>/dev/null; then
      for id in $("$bin" --root "$root" ps -aq 2>/dev/null); do "$bin" --root "$root" rm -f "$id" >/dev/null 2>&1; done
    fi
  done
  if [ -d "$work/podman/root" ]; then
    "${podman_cmd[@]}" rm -a -f >/dev/null 2>&1
    "${podman_cmd[@]}" rmi -a -f >/dev/null 2>&1
  fi
  [ -d "$work/crun" ] && crun --root "$work/crun" delete -f "$crun_id" >/dev/null 2>&1
  [ -d "$work/runc" ] && runc --root "$work/runc" delete -f "$runc_id" >/dev/null 2>&1
  # Every mount under the work dir (the mocker store, podman's overlay mounts), deepest first.
  findmnt -rn -o TARGET | grep -F "$work" | sort -r | while read -r m; do umount "$m" || umount -l "$m"; done
  # Cgroups the peers made under this run's tag (podman --cgroup-parent, crun and runc ids).
  for c in /sys/fs/cgroup/*/; do
    for g in "$c"$tag*; do rmdir_tree "$g"; done
  done
  for m in "${mounted_cgroups[@]}"; do
    # The kernel frees a v1 hierarchy (and gives its controller back to cgroup2) only if it is
    # unmounted while no child group, not even a dying one, is left: unmount, and if the
    # controller has not come back, mount the same hierarchy again and retry.
    local ctl=${m##*/} try
    for try in $(seq 10); do
      rmdir_tree "$m"
      sleep 0.2
      umount "$m" || { log "could not unmount $m"; break; }
      for _ in $(seq 10); do
        grep -qw "$ctl" /sys/fs/cgroup/unified/cgroup.controllers && break
        sleep 0.1
      done
      grep -qw "$ctl" /sys/fs/cgroup/unified/cgroup.controllers && break
      [ "$try" = 10 ] || mount -t cgroup -o "$ctl" cgroup "$m" || break
    done
  done
  for d in "${made_cgroup_dirs[@]}"; do rmdir "$d" 2>/dev/null || log "could not remove $d"; done
  if [ ${#mounted_cgroups[@]} -gt 0 ] && [ "$(cat /sys/fs/cgroup/unified/cgroup.controllers)" != "$unified_before" ]; then
    log "cgroup2 controllers are '$(cat /sys/fs/cgroup/unified/cgroup.controllers)', were '$unified_before'"
  fi
  for p in "${absent[@]}"; do
    case $p in
      /sys/fs/cgroup/*) rmdir "$p" 2>/dev/null ;;
      /run/crun | /run/runc | /run/mount | /root/.config) rmdir "$p" 2>/dev/null ;;
      *) rm -rf "$p" ;;
    esac
  done
  if [ -n "${KEEP_RESULTS:-}" ]; then
    mkdir -p "$KEEP_RESULTS" && cp "$work"/*.json "$KEEP_RESULTS/" 2>/dev/null
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$work/podman/net" "$work/podman/tmp"
cat >"$CONTAINERS_CONF" <<'CONF'
[containers]
# The stock defaults raise nofile/nproc above this machine's hard limits, which root cannot
# do here without CAP_SYS_RESOURCE: keep the limits the caller has.
default_ulimits = []

[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
runtime = "crun"
CONF

# Copies of the binaries, so that a rebuild during the run cannot swap them.
mkdir -p "$work/bin"
cp "$build/bin/mocker" "$build/bin/mocker-init" "$work/bin/"
mocker=$work/bin/mocker
if [ -n "$baseline" ]; then
  mkdir -p "$work/base-bin"
  cp "$baseline/bin/mocker" "$baseline/bin/mocker-init" "$work/base-bin/"
fi

# --- environment ------------------------------------------------------------------------
echo "date:     $(date -u +%FT%TZ)"
echo "machine:  $(nproc) cores, kernel $(uname -r), Debian $(cat /etc/debian_version)"
echo "mocker:   $build ($(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt" 2>/dev/null))"
[ -n "$baseline" ] && echo "baseline: $baseline ($(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$baseline/CMakeCache.txt" 2>/dev/null))"
echo "peers:    $(crun --version | head -1); $(runc --version | head -1); $(podman --version); $(hyperfine --version)"
echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) (before)"
echo "runs:     $runs (+$warmup warmup) each"

# --- the shared rootfs -------------------------------------------------------------------
mkdir -p "$work/bundle"
bash scripts/make-busybox-rootfs.sh "$work/bundle/rootfs"
tar -C "$work/bundle/rootfs" -cf "$work/rootfs.tar" .

declare -A median mean stddev cpu note
# measure NAME COMMAND...: one checked run first, then hyperfine; a peer that cannot run is
# reported and skipped.
measure() {
  local name=$1 out
  shift
  if ! out=$("$@" 2>&1 </dev/null); then
    note[$name]="cannot run: $(printf '%s' "$out" | tail -n 3 | tr '\n' ' ')"
    log "$name: ${note[$name]}"
    return 0
  fi
  if hyperfine -N --style basic --runs "$runs" --warmup "$warmup" \
      --export-json "$work/$name.json" -n "$name" "$*"; then
    median[$name]=$(jq -r '.results[0].median' "$work/$name.json")
    mean[$name]=$(jq -r '.results[0].mean' "$work/$name.json")
    stddev[$name]=$(jq -r '.results[0].stddev' "$work/$name.json")
    cpu[$name]=$(jq -r '.results[0].user + .results[0].system' "$work/$name.json")
  else
    note[$name]="failed during the timed runs"
    log "$name: ${note[$name]}"
  fi
}

# --- (a) mocker, on the machine's own cgroup layout ----------------------------------------
"$mocker" --root "$mroot" init "$work/bundle/rootfs" -t busybox >/dev/null
measure mocker "$mocker" --root "$mroot" run --rm --network none busybox true
if [ -n "$baseline" ]; then
  "$work/base-bin/mocker" --root "$broot" init "$work/bundle/rootfs" -t busybox >/dev/null
  measure mocker-base "$work/base-bin/mocker" --root "$broot" run --rm --network none busybox true
fi

# --- idle container memory ---------------------------------------------------------------
idle_rss="" idle_pss="" work_rss="" work_pss=""
if id=$("$mocker" --root "$mroot" run -d --network none busybox sleep 1000); then
  pid=$("$mocker" --root "$mroot" inspect "$id" | jq -r '.[0].state.pid')
  sleep 1
  if [ -r "/proc/$pid/smaps_rollup" ]; then
    idle_rss=$(awk '/^Rss:/ {print $2}' "/proc/$pid/smaps_rollup")
    idle_pss=$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup")
    child=$(cat "/proc/$pid/task/$pid/children" 2>/dev/null | awk '{print $1}')
    if [ -n "$child" ] && [ -r "/proc/$child/smaps_rollup" ]; then
      work_rss=$(awk '/^Rss:/ {print $2}' "/proc/$child/smaps_rollup")
      work_pss=$(awk '/^Pss:/ {print $2}' "/proc/$child/smaps_rollup")
    fi
  else
    log "idle memory: no /proc/$pid/smaps_rollup"
  fi
  "$mocker" --root "$mroot" rm -f "$id" >/dev/null
else
  log "idle memory: mocker run -d failed"
fi

# --- cgroup layout for crun ----------------------------------------------------------------
# crun refuses a hybrid layout whose cgroup2 hierarchy holds controllers: give each such
# controller its own v1 hierarchy, as systemd does, for the duration of the run.
if [ -r /sys/fs/cgroup/unified/cgroup.controllers ]; then
  unified_before=$(cat /sys/fs/cgroup/unified/cgroup.controllers)
  for ctl in $unified_before; do
    dir=/sys/fs/cgroup/$ctl
    mountpoint -q "$dir" && continue
    if [ ! -e "$dir" ]; then mkdir "$dir" && made_cgroup_dirs+=("$dir"); fi
    if mount -t cgroup -o "$ctl" cgroup "$dir"; then
      mounted_cgroups+=("$dir")
    else
      log "could not mount the $ctl controller as a v1 hierarchy: crun and podman may refuse to run"
    fi
  done
fi

# --- (b) crun, (c) runc: the same rootfs as an OCI bundle ----------------------------------
crun spec --bundle "$work/bundle"
jq '.process.args = ["true"] | .process.terminal = false | .root.readonly = false' \
  "$work/bundle/config.json" >"$work/config.json"
mv "$work/config.json" "$work/bundle/config.json"
# Without -d both wait for the container and delete it when it exits, so one id serves every run.
measure crun crun --root "$work/crun" run --bundle "$work/bundle" "$crun_id"
measure runc runc --root "$work/runc" run --bundle "$work/bundle" "$runc_id"

# --- (d) podman: the same rootfs, imported -----------------------------------------------
if out=$("${podman_cmd[@]}" import -q "$work/rootfs.tar" "$podman_image" 2>&1); then
  measure podman "${podman_cmd[@]}" run --rm --network none --cgroup-parent "/$tag" "$podman_image" true
else
  note[podman]="podman import failed: $(printf '%s' "$out" | tail -n 2 | tr '\n' ' ')"
  log "${note[podman]}"
fi
echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) (after)"

# --- summary -----------------------------------------------------------------------------
ms() { awk -v s="$1" 'BEGIN { printf "%.1f", s * 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo
echo "| tool | median (ms) | mean ± sd (ms) | CPU user+sys (ms) | ratio to mocker |"
echo "| --- | ---: | ---: | ---: | ---: |"
for t in mocker mocker-base crun runc podman; do
  [ "$t" = mocker-base ] && [ -z "$baseline" ] && continue
  if [ -n "${median[$t]:-}" ]; then
    r=-
    [ -n "${median[mocker]:-}" ] && r="$(ratio "${median[$t]}" "${median[mocker]}")x"
    echo "| $t | $(ms "${median[$t]}") | $(ms "${mean[$t]}") ± $(ms "${stddev[$t]}") | $(ms "${cpu[$t]}") | $r |"
  else
    echo "| $t | - | ${note[$t]:-not measured} | - | - |"
  fi
done
echo
if [ -n "${median[mocker]:-}" ]; then
  m=${median[mocker]}
  if [ -n "${median[crun]:-}" ]; then
    r=$(ratio "$m" "${median[crun]}")
    verdict=$(awk -v r="$r" 'BEGIN { print (r <= 2 ? "met" : "missed") }')
    echo "mocker/crun   = $r  (target <= 2: $verdict; 2x crun is $(ms "$(awk -v c="${median[crun]}" 'BEGIN { print 2 * c }')") ms)"
  fi
  [ -n "${median[runc]:-}" ] && echo "mocker/runc   = $(ratio "$m" "${median[runc]}")"
  if [ -n "${median[mocker-base]:-}" ]; then
    echo "baseline/mocker = $(ratio "${median[mocker-base]}" "$m")  (baseline/crun = $(ratio "${median[mocker-base]}" "${median[crun]:-${median[mocker-base]}}"))"
  fi
  if [ -n "${median[podman]:-}" ]; then
    r=$(ratio "${median[podman]}" "$m")
    verdict=$(awk -v r="$r" 'BEGIN { print (r >= 10 ? "met" : "missed") }')
    echo "podman/mocker = $r  (target >= 10: $verdict; podman/10 is $(ms "$(awk -v p="${median[podman]}" 'BEGIN { print p / 10 }')") ms)"
  fi
fi
if [ -n "$idle_rss" ]; then
  echo "idle container (mocker run -d busybox sleep 1000): init RSS ${idle_rss} kB, PSS ${idle_pss} kB;" \
       "workload (sleep) RSS ${work_rss:-?} kB, PSS ${work_pss:-?} kB"
fi
