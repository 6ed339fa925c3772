#!/usr/bin/env bash
# Property-based contract test: starts the service on a free port with demo data and a temporary
# SQLite file, and runs schemathesis over every operation with a system administrator's token.
# Fails on any 5xx, any response that violates its documented schema, content type or headers,
# and any status code the document does not declare. Bounded: a few examples per operation.
set -euo pipefail
cd "$(dirname "$0")/.."
schemathesis="${1:-schemathesis}"
examples="${SCHEMATHESIS_EXAMPLES:-25}"

cargo build -q --bin governance
governance="${CARGO_TARGET_DIR:-target}/debug/governance"
work="$(mktemp -d)"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export GOVERNANCE_DATA_DIR="$work" GOVERNANCE_BIND="127.0.0.1:$port" GOVERNANCE_LOG=warn
# Rate limits would only slow the fuzzing down; they have their own test.
export GOVERNANCE_RATE_LIMIT=0 GOVERNANCE_ANONYMOUS_RATE_LIMIT=0
"$governance" serve --demo > "$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
python3 - "$port" <<'PY'
import sys, time, urllib.request
for _ in range(150):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/readyz", timeout=1)
        break
    except Exception:
        time.sleep(0.2)
PY
token="$("$governance" token --org governance-service --roles system_admin,org_admin,contributor,approver,secretary)"
"$schemathesis" run "http://127.0.0.1:$port/api/v1/openapi.json" \
    --header "Authorization: Bearer $token" \
    --checks not_a_server_error,status_code_conformance,response_schema_conformance,content_type_conformance,response_headers_conformance \
    --max-examples "$examples" --workers 2 --seed 1 --no-color
