#!/usr/bin/env bash
# The one command: builds the release binary and the minimal reference server (bench/reference-server, not a
# workspace member), installs wrk if missing, and runs every scenario on both backends at concurrency 1, 8,
# 32 and 128 against the references (see bench/README.md). Options pass through to bench/run.py, e.g.
# `bench/run.sh --scale 10 --backends postgres --scenarios list_first_page,list_deep_page`.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null || ! command -v pgbench >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y -q wrk postgresql-15 postgresql-client-15 >/dev/null
  else
    echo "bench: install wrk and postgresql-15 (apt-get install wrk postgresql-15)" >&2
    exit 2
  fi
fi
target="${CARGO_TARGET_DIR:-$PWD/target}"
cargo build --release --bin governance
cargo build --release --manifest-path bench/reference-server/Cargo.toml --target-dir "$target"
exec python3 bench/run.py --binary "$target/release/governance" \
  --reference-binary "$target/release/governance-bench-reference" "$@"
