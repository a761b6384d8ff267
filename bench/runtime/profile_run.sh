#!/usr/bin/env bash
# Where the time of `mocker run --rm --network none busybox true` goes:
#  1. hyperfine: `run` and `create`, as they are and with fsync/fdatasync/sync made no-ops
#     (libeatmydata preloaded into the CLI; mocker-init gets an empty environment and keeps its
#     fsyncs);
#  2. perf trace timelines of RUNS runs split into phases (medians), with the time spent in
#     fsync and in sleeps per phase;
#  3. strace -c -f -w: syscalls ranked by wall time over one run.
# Run as root after scripts/build.sh. Usage: profile_run.sh [RUNS] [KEEP_DIR]
# (KEEP_DIR, if given, receives the raw traces.) Env MOCKER_BUILD_DIR: build tree, default build.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-10}
keep=${2:-}
build=${MOCKER_BUILD_DIR:-build}

log() { printf 'profile_run: %s\n' "$*" >&2; }
[ "$(id -u)" = 0 ] || { log "run as root"; exit 1; }
[ -x "$build/bin/mocker" ] || { log "$build/bin/mocker missing: run scripts/build.sh first"; exit 1; }
missing=()
for pkg in strace linux-perf hyperfine eatmydata busybox-static python3; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

work=$(mktemp -d /tmp/mocker-profile-XXXXXX)
run_mount_absent=0
[ -e /run/mount ] || run_mount_absent=1  # umount(8) may create it
mroot=$work/mocker
cleanup() {
  local rc=$?
  set +e
  if mountpoint -q "$mroot/store" 2>/dev/null; then
    for id in $("$work/bin/mocker" --root "$mroot" ps -aq 2>/dev/null); do
      "$work/bin/mocker" --root "$mroot" rm -f "$id" >/dev/null 2>&1
    done
    umount "$mroot/store"
  fi
  rm -rf "$work"
  [ "$run_mount_absent" = 0 ] || rmdir /run/mount 2>/dev/null
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$work/bin"
cp "$build/bin/mocker" "$build/bin/mocker-init" "$work/bin/"
mocker=$work/bin/mocker
bash scripts/make-busybox-rootfs.sh "$work/rootfs"
"$mocker" --root "$mroot" init "$work/rootfs" -t busybox >/dev/null
run=("$mocker" --root "$mroot" run --rm --network none busybox true)
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== 1. with and without fsync (hyperfine, 20 runs each)"
create=("$mocker" --root "$mroot" create --network none busybox true)
hyperfine -N --style basic --runs 20 --warmup 3 -n "mocker run" "${run[*]}" \
  -n "mocker run, fsync disabled in the CLI" "eatmydata ${run[*]}" \
  -n "mocker create" "${create[*]}" \
  -n "mocker create, fsync disabled" "eatmydata ${create[*]}" 2>&1 | grep -E "Benchmark|Time|Range"
for id in $("$mocker" --root "$mroot" ps -aq); do "$mocker" --root "$mroot" rm -f "$id" >/dev/null; done

echo "== 2. phases (perf trace, median of $runs runs)"
for i in $(seq "$runs"); do
  perf trace -e 'brk,fsync,fdatasync,clone,clone3,execve,exit_group,clock_nanosleep,nanosleep' \
    -o "$work/trace.$i" -- "${run[@]}"
done
python3 - "$work" "$runs" <<'PY2'
import re, statistics, sys
work, runs = sys.argv[1], int(sys.argv[2])
# "    28.085 (13.070 ms): mocker/3325 fsync(fd: 5)   = 0"; "? (  ): comm/pid ... [continued]: ..."
line_re = re.compile(r'^\s*([\d.]+|\?) \(\s*(?:([\d.]+) ms)?\s*\): (.+)/(\d+) (.*)$')
phases = ["CLI start -> init spawned", "init spawned -> workload exec", "workload runs",
          "workload exit -> CLI exit"]
cols = ("wall", "fsync", "nfsync", "sleep")
rows = {p: {c: [] for c in cols} for p in phases}
totals = []
for i in range(1, runs + 1):
    ev = []
    for raw in open(f"{work}/trace.{i}"):
        m = line_re.match(raw.rstrip("\n"))
        if m and m.group(1) != "?":
            ev.append((float(m.group(1)), float(m.group(2)) if m.group(2) else None,
                       m.group(3), int(m.group(4)), m.group(5)))
    main = ev[0][3]
    t0 = ev[0][0]
    spawn_ev = next(e for e in ev if e[3] == main and "clone" in e[4] and "NEWPID" in e[4])
    # The first execve after the spawn is mocker-init's, the next one from another pid the workload's.
    execs = [e for e in ev if e[0] >= spawn_ev[0] and e[3] != main and e[4].strip().startswith("execve")]
    init = execs[0][3]
    wexec = next(e for e in execs if e[3] != init)
    wpid = wexec[3]
    wexit = next(e for e in ev if e[3] == wpid and e[4].strip().startswith("exit_group"))
    end = next(e for e in ev if e[3] == main and e[4].strip().startswith("exit_group"))
    bounds = [t0, spawn_ev[0], wexec[0], wexit[0], end[0]]
    totals.append(end[0] - t0)
    acc = {p: {"fsync": 0.0, "nfsync": 0, "sleep": 0.0} for p in phases}
    for t, dur, comm, pid, call in ev:
        if dur is None:
            continue
        name = call.strip().replace("... [continued]: ", "")
        kind = "fsync" if re.match(r'(fsync|fdatasync)\(', name) else \
               "sleep" if re.match(r'(clock_nanosleep|nanosleep)\(', name) else None
        if kind is None:
            continue
        for k in range(4):
            if bounds[k] <= t < bounds[k + 1]:
                acc[phases[k]][kind] += dur
                if kind == "fsync":
                    acc[phases[k]]["nfsync"] += 1
                break
    for k, ph in enumerate(phases):
        rows[ph]["wall"].append(bounds[k + 1] - bounds[k])
        for c in ("fsync", "nfsync", "sleep"):
            rows[ph][c].append(acc[ph][c])
med = statistics.median
print(f"{'phase':32} {'wall ms':>8} {'fsync ms':>9} {'fsyncs':>7} {'sleep ms':>9}")
for ph in phases:
    r = rows[ph]
    print(f"{ph:32} {med(r['wall']):8.1f} {med(r['fsync']):9.1f} {med(r['nfsync']):7.0f} {med(r['sleep']):9.1f}")
print(f"{'total':32} {med(totals):8.1f}")
print("(medians per column; fsync and sleep add up all processes' calls, which may overlap)")
PY2

echo "== 3. syscalls by wall time (strace -c -f -w, one run)"
strace -c -f -w -o "$work/summary" "${run[@]}"
head -14 "$work/summary"
if [ -n "$keep" ]; then
  mkdir -p "$keep"
  cp "$work"/trace.* "$work/summary" "$keep/"
  echo "traces kept in $keep"
fi
