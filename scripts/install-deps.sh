#!/usr/bin/env bash
# Installs every build, test and demo dependency of crmstream from Debian 12 packages.
# Run as root (or with sudo available) on a fresh Debian 12 machine.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  librdkafka-dev librocksdb-dev prometheus-cpp-dev libyaml-cpp-dev libsimdjson-dev
  libcli11-dev libspdlog-dev libfmt-dev libxxhash-dev libssl-dev
  libcpp-httplib-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  kcat python3-confluent-kafka
  prometheus docker-compose python3-yaml
)

sudo_if_needed=()
if [ "$(id -u)" -ne 0 ]; then sudo_if_needed=(sudo); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_if_needed[@]}" apt-get update -qq
  "${sudo_if_needed[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
