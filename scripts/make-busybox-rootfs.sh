#!/usr/bin/env bash
# Builds a minimal busybox root filesystem in DIR from the busybox-static package.
# Usage: make-busybox-rootfs.sh DIR [EXTRA_FILE...]   (extra files go to DIR/bin/)
set -euo pipefail
dir=${1:?usage: make-busybox-rootfs.sh DIR [EXTRA_FILE...]}
shift
busybox=$(command -v busybox || true)
[ -x /bin/busybox ] && busybox=/bin/busybox
if [ -z "$busybox" ] || ! "$busybox" --list >/dev/null 2>&1; then
  echo "make-busybox-rootfs: busybox not found (apt-get install busybox-static)" >&2
  exit 1
fi
mkdir -p "$dir"/{bin,etc,root,tmp,proc,sys,dev,var/www}
cp "$busybox" "$dir/bin/busybox"
for applet in $("$busybox" --list); do
  [ "$applet" = busybox ] || ln -sf busybox "$dir/bin/$applet"
done
cat >"$dir/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PASSWD
cat >"$dir/etc/group" <<'GROUP'
root:x:0:
daemon:x:1:
nogroup:x:65534:
GROUP
chmod 1777 "$dir/tmp"
for f in "$@"; do cp "$f" "$dir/bin/"; done
