#!/usr/bin/env bash
# Property-based contract test: starts the service on a free port with demo data and a temporary
# SQLite file, and runs schemathesis over every operation with every check, in positive and negative
# modes (schema-valid requests and schema-violating ones), as four principals in turn: a platform
# administrator, an OPCC's org_admin, an OPCC's reader and an anonymous caller. Fails on any 5xx, any
# response that breaks its documented schema, content type, headers or status codes, any
# schema-violating request accepted, any schema-valid request refused as malformed, and the stateful
# checks (use after free, availability, ignored auth). The statuses answered on purpose are stated,
# with reasons, in schemathesis.toml. Bounded: a few examples per operation.
set -euo pipefail
cd "$(dirname "$0")/.."
schemathesis="${1:-schemathesis}"
examples="${SCHEMATHESIS_EXAMPLES:-25}"
# The other principals meet mostly refusals; fewer examples each keep CI short.
other_examples="${SCHEMATHESIS_OTHER_EXAMPLES:-8}"

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
run_as() {
    local who="$1" count="$2"
    shift 2
    echo "-- schemathesis as $who"
    "$schemathesis" run "http://127.0.0.1:$port/api/v1/openapi.json" "$@" \
        --checks all --mode all --max-examples "$count" --workers 1 --seed 1 --no-color
}
admin="$("$governance" token --org governance-service --roles system_admin,org_admin,contributor,approver,secretary)"
org_admin="$("$governance" token --org west-mercia-opcc --roles org_admin)"
reader="$("$governance" token --org west-mercia-opcc --roles reader)"
run_as "a platform administrator" "$examples" --header "Authorization: Bearer $admin"
run_as "West Mercia OPCC's org_admin" "$other_examples" --header "Authorization: Bearer $org_admin"
run_as "West Mercia OPCC's reader" "$other_examples" --header "Authorization: Bearer $reader"
run_as "an anonymous caller" "$other_examples"
