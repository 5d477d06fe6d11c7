#!/usr/bin/env bash
# README command 1: install, build, and run the main job on the bundled registry.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
build/safetynet demo "$@"
