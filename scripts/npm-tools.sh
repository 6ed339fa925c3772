# Sourced: makes sure the npm tools of the contract checks are installed under the cargo target
# directory (never globally, never at the service's run time) and sets $npm_bin to their bin directory.
# All are installed in one `npm install`, which would otherwise prune the ones it was not given.
npm_dir="${CARGO_TARGET_DIR:-target}/clients-npm"
npm_bin="$npm_dir/node_modules/.bin"
npm_tools="openapi-typescript@7.13.0 typescript@5.9.3 @redocly/cli@2.77.0 @stoplight/spectral-cli@6.16.3 @stoplight/spectral-owasp-ruleset@2.0.1"
if [ ! -x "$npm_bin/openapi-typescript" ] || [ ! -x "$npm_bin/tsc" ] || [ ! -x "$npm_bin/redocly" ] || [ ! -x "$npm_bin/spectral" ] \
    || [ "$(cat "$npm_dir/.tools" 2>/dev/null)" != "$npm_tools" ]; then
    mkdir -p "$npm_dir"
    echo '{"private": true}' > "$npm_dir/package.json"
    # shellcheck disable=SC2086
    (cd "$npm_dir" && npm install --no-save --no-audit --no-fund --loglevel=error $npm_tools)
    echo "$npm_tools" > "$npm_dir/.tools"
fi
