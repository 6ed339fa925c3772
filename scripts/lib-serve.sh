# Sourced by scripts that need the running service: builds the binary, starts `serve --demo` on a free
# port with a temporary data directory (SQLite) and rate limits off, waits until it is ready, and stops
# it and removes the directory on exit. Sets $port, $base and $work; $serve_extra_cleanup runs on exit too.
cargo build -q --bin governance
governance_bin="${CARGO_TARGET_DIR:-target}/debug/governance"
work="$(mktemp -d)"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
export GOVERNANCE_DATA_DIR="$work" GOVERNANCE_BIND="127.0.0.1:$port" GOVERNANCE_LOG=warn
export GOVERNANCE_RATE_LIMIT=0 GOVERNANCE_ANONYMOUS_RATE_LIMIT=0
"$governance_bin" serve --demo > "$work/server.log" 2>&1 &
server=$!
serve_extra_cleanup=":"
trap 'kill "$server" 2>/dev/null || true; eval "$serve_extra_cleanup"; rm -rf "$work"' EXIT
python3 - "$port" <<'PY'
import sys, time, urllib.request
for _ in range(300):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/readyz", timeout=1)
        sys.exit(0)
    except Exception:
        time.sleep(0.2)
sys.exit("the service did not become ready")
PY
