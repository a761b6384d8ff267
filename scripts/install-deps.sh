#!/usr/bin/env bash
# Installs every Debian package mocker needs to build, test and benchmark.
# Idempotent: packages already present are skipped by apt-get.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake pkg-config ninja-build ccache clang libclang-rt-14-dev
  # libraries
  libyaml-cpp-dev libboost-dev libspdlog-dev libfmt-dev libcli11-dev
  libgtest-dev libgmock-dev nlohmann-json3-dev libbtrfsutil-dev
  libnl-3-dev libnl-route-3-dev libnftables-dev libseccomp-dev libcap-dev
  libarchive-dev libcurl4-openssl-dev libssl-dev libbenchmark-dev
  # runtime tools
  btrfs-progs busybox-static util-linux iproute2 nftables
  # tests and benchmarks
  hyperfine jq python3
  # coexistence tests run Docker's engine in a private namespace (iptables-nft)
  docker.io iptables
)

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: must run as root (apt-get)" >&2
  exit 1
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# No package may start a host-wide service (docker.io would start dockerd):
# invoke-rc.d asks policy-rc.d, and 101 means "do not start".
guard=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
  guard=/usr/sbin/policy-rc.d
  printf '#!/bin/sh\nexit 101\n' >"$guard"
  chmod 755 "$guard"
  trap 'rm -f "$guard"' EXIT
fi
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
