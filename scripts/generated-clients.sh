#!/usr/bin/env bash
# Generated clients prove the contract. Against the running service (demo data, SQLite):
#  - Python: generates a client from the served OpenAPI document with openapi-python-client and runs
#    scripts/clients/scenario.py through it (registry lookups, a BCH agreement from draft to in force,
#    a board decision approved by two corporations sole, the D1 authority check, a transfer order
#    previewed and executed with who could act read on either side of its date, the change feed);
#  - TypeScript: generates types with openapi-typescript and type-checks scripts/ts/usage.ts with tsc.
# Tools go into the cargo target directory (a venv and an npm prefix), installed on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
venv="$target/clients-venv"

if [ ! -x "$venv/bin/openapi-python-client" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check openapi-python-client==0.29.1
fi
. scripts/npm-tools.sh

. scripts/lib-serve.sh
fetch() { python3 -c 'import sys, urllib.request; sys.stdout.buffer.write(urllib.request.urlopen(sys.argv[1]).read())' "$1"; }
fetch "$base/api/v1/openapi.json" > "$work/openapi.json"

echo "-- Python client (openapi-python-client $("$venv/bin/openapi-python-client" --version | awk '{print $NF}'))"
generated="$work/python"
mkdir -p "$generated"
# --meta none: just the package; it goes to a temporary directory and is never edited.
"$venv/bin/openapi-python-client" generate --path "$work/openapi.json" --meta none --config scripts/clients/openapi-python-client.yaml \
    --output-path "$generated/governance_client" >"$work/generate.log" 2>&1 || { cat "$work/generate.log"; exit 1; }
# The generator only warns that ruff (its optional formatter) is missing; anything else is a finding.
if grep -v -e 'ruff is not in PATH' -e '^Skipping Integration' -e '^Generating ' -e '^Warning(s) encountered' \
        -e 'believe this was a mistake' -e '^$' "$work/generate.log" | grep -q .; then
    cat "$work/generate.log"
    echo "openapi-python-client reported problems with the document" >&2
    exit 1
fi
PYTHONPATH="$generated" "$venv/bin/python" scripts/clients/scenario.py "$base" "$(realpath "$governance_bin")"

echo "-- TypeScript types (openapi-typescript) and tsc --noEmit"
ts="$work/ts"
mkdir -p "$ts"
"$npm_bin/openapi-typescript" "$work/openapi.json" -o "$ts/governance.d.ts" --silent
cp scripts/ts/usage.ts "$ts/usage.ts"
"$npm_bin/tsc" --noEmit --strict --target es2022 --module es2022 --moduleResolution bundler \
    --lib es2022,dom "$ts/usage.ts"
echo "tsc --noEmit: scripts/ts/usage.ts type-checks against the generated types"
