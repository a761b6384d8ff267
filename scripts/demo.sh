#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine, as root: installs the packages,
# builds mocker, creates the store, makes a busybox image from busybox-static,
# lists it and runs a container from it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh >/dev/null
bash scripts/build.sh build release >/dev/null
mocker=$PWD/build/bin/mocker

rootfs=$(mktemp -d)
trap 'rm -rf "$rootfs"' EXIT
bash scripts/make-busybox-rootfs.sh "$rootfs"

echo "+ mocker init <busybox rootfs> -t busybox"
"$mocker" init "$rootfs" -t busybox
echo "+ mocker images"
"$mocker" images
echo "+ mocker run --rm busybox sh -c 'echo hello from \$(hostname); id'"
"$mocker" run --rm busybox sh -c 'echo hello from $(hostname); id'
