#!/usr/bin/env bash
# Installs the Debian 12 packages safetynet builds and tests with (the library choices are those of
# the project's architecture notes: yaml-cpp, SQLite, libxlsxwriter, minizip, pugixml, ICU, CLI11, oneTBB,
# GoogleTest, rapidcheck, Google Benchmark; PostgreSQL, cpp-httplib, libsodium for casework; clang and
# libclang-rt-14-dev, which holds libFuzzer and the sanitizer runtimes, for scripts/fuzz.sh; Open MPI for
# distributed simulation, `mpirun -n 2 build/safetynet simulate`).
# Skips apt entirely when everything is already installed, so repeated runs cost nothing.
set -euo pipefail
PKGS=(
  cmake ninja-build g++ pkg-config git python3
  libyaml-cpp-dev nlohmann-json3-dev libfmt-dev libcli11-dev libtbb-dev
  libsqlite3-dev sqlite3 postgresql libpq-dev libcpp-httplib-dev libsodium-dev libjemalloc-dev curl
  libxlsxwriter-dev libminizip-dev zlib1g-dev libpugixml-dev libicu-dev
  libgtest-dev libgmock-dev libbenchmark-dev librapidcheck-dev
  clang libclang-rt-14-dev
  libopenmpi-dev openmpi-bin
)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
