#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine, as root: installs the packages,
# builds mocker, makes a busybox image from busybox-static, brings up the
# example web stack (examples/web-stack) with mocker-compose and shows it
# answering on 127.0.0.1:18080. `mocker-compose -f examples/web-stack/compose.yaml
# down -v` takes it away again.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh >/dev/null
bash scripts/build.sh build release >/dev/null
bin=$PWD/build/bin
stack=examples/web-stack/compose.yaml

if ! "$bin/mocker" images -q --filter reference=busybox:latest | grep -q .; then
  rootfs=$(mktemp -d)
  trap 'rm -rf "$rootfs"' EXIT
  bash scripts/make-busybox-rootfs.sh "$rootfs"
  echo "+ mocker init <busybox rootfs> -t busybox"
  "$bin/mocker" init "$rootfs" -t busybox
fi
echo "+ mocker-compose -f $stack up -d"
"$bin/mocker-compose" -f "$stack" up -d
echo "+ mocker-compose -f $stack ps"
"$bin/mocker-compose" -f "$stack" ps
echo "+ wget -q -O- http://127.0.0.1:18080/"
for _ in $(seq 1 50); do  # bounded: 50 tries, 0.1 s apart
  busybox wget -q -O- http://127.0.0.1:18080/ && break
  sleep 0.1
done
echo "+ mocker exec webstack-web-1 wget -q -O- http://api:8080/status.json"
"$bin/mocker" exec webstack-web-1 wget -q -O- http://api:8080/status.json
echo "+ mocker-compose -f $stack up -d   (again: nothing to do)"
"$bin/mocker-compose" -f "$stack" up -d
