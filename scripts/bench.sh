#!/usr/bin/env bash
# Benchmarks guidelint against ajv-cli, check-jsonschema and a parse floor; see BENCHMARKS.md.
# Usage: scripts/bench.sh [--quick]      (results also land in target/bench/results.json)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
cargo build --release --quiet --example parse_floor
exec python3 scripts/bench.py "$@"
