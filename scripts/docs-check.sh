#!/usr/bin/env bash
# Swagger UI renders under the service's Content-Security-Policy: headless Chromium loads /docs/ from
# the running service (demo data, SQLite) and the rendered DOM must list the operations. Installs
# Debian's chromium package when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
    echo "installing chromium"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    browser="$(command -v chromium)"
fi

. scripts/lib-serve.sh
profile="$(mktemp -d)"
serve_extra_cleanup='cp "$work/chromium.log" "${TMPDIR:-/tmp}/docs-check-chromium.log" 2>/dev/null; rm -rf "$profile"'
dom="$work/docs.html"
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --disable-dev-shm-usage --enable-logging=stderr --v=0 --log-level=0 \
    --user-data-dir="$profile" --virtual-time-budget=10000 --dump-dom "$base/docs/" > "$dom" 2>"$work/chromium.log" || {
    cat "$work/chromium.log" >&2
    echo "chromium failed" >&2
    exit 1
}
operations="$(grep -o 'class="opblock opblock-' "$dom" | wc -l)"
documented="$(python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(sum(1 for p in d["paths"].values() for m in p if m in ("get", "post", "put", "patch", "delete")))' openapi/openapi.json)"
echo "Swagger UI at $base/docs/ rendered $operations operation blocks ($documented operations documented)"
fail=0
[ "$operations" -gt 0 ] || { echo "no opblock elements: Swagger UI did not render the document" >&2; fail=1; }
grep -q 'list_collaboration_agreements' "$dom" || { echo "operation list_collaboration_agreements not rendered" >&2; fail=1; }
if grep -qi 'Content Security Policy\|Content-Security-Policy' "$work/chromium.log"; then
    grep -i 'Content.Security.Policy' "$work/chromium.log" >&2
    echo "the browser reported Content-Security-Policy violations" >&2
    fail=1
fi
[ "$operations" -eq "$documented" ] || { echo "rendered $operations operations, the document has $documented" >&2; fail=1; }
[ "$fail" -eq 0 ] || cp "$dom" "${TMPDIR:-/tmp}/docs-check-dom.html"
exit "$fail"
