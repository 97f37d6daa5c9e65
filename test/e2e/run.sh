#!/usr/bin/env bash
# End-to-end tests in a real editor (`npm run test:e2e`): VS Code 1.100.3 as code-server, driven by
# playwright-core and Debian's chromium. Installs what it needs on first use (see env.sh), then:
#   1. builds and packages the extension (npm run build + scripts/package.mjs) and checks the .vsix;
#   2. extension-host suite: unpacks the .vsix and runs suite/*.test.js (mocha, VS Code API) in
#      code-server's extension host with that folder as the extension under development;
#   3. installs the .vsix into an isolated code-server (--install-extension) and checks with the
#      mouse and keyboard what a person sees (ui-checks.mjs), saving screenshots in the run's folder
#      (`npm run screenshots` runs this part with E2E_SCREENSHOTS=docs/screenshots to refresh the
#      committed ones);
#   4. web: installs the .vsix without its `main` (a web-only install), so that code-server runs the
#      web extension (dist/browser/*) in its web worker extension host, and checks hover,
#      completion, a diagnostic and live user notes there (ui-checks.mjs, UI_MODE=web).
# Ends with a line like "e2e: 12 passed, 0 failed" and exits non-zero on any failure.
#   E2E_WORK     cache + run folder, outside the repo (default ~/.cache/docker-inline-help-e2e)
#   E2E_ONLY     exthost | ui | web   run only that part (packaging always runs)
#   E2E_SCREENSHOTS  where the screenshots go (default: the run's folder, never the repository)
#   DIH_E2E_FAIL=1   add a deliberately failing test to each part (checks that failures fail the run)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/test/e2e"
# shellcheck source=env.sh
. "$HERE/env.sh"
ONLY=${E2E_ONLY:-}
T_START=$SECONDS
PASSED=0
FAILED=0
FAILED_NAMES=()
pass() { PASSED=$((PASSED + 1)); echo "ok - $1"; }
fail() { FAILED=$((FAILED + 1)); FAILED_NAMES+=("$1"); echo "not ok - $1"; }
phase_time() { echo "$(( SECONDS - $1 ))s"; }
cleanup() { cs_stop_all; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- 0. tools
t=$SECONDS
e2e_setup
# a folder of its own for this run (runs at the same time do not share one); old ones go after a day
find "$E2E_WORK" -maxdepth 1 -name 'run.*' -mmin +1440 -exec rm -rf {} + 2>/dev/null || true
RUNS=$(mktemp -d "$E2E_WORK/run.XXXXXX")
SHOTS=${E2E_SCREENSHOTS:-$RUNS/screenshots}
e2e_log "setup done in $(phase_time "$t") (code-server $CS_VERSION, playwright-core $PW_VERSION, $("$CHROMIUM" --version 2>/dev/null))"

# ---- 1. build + package
t=$SECONDS
cd "$ROOT"
if [ ! -d node_modules/@vscode/vsce ] || [ ! -d node_modules/mocha ]; then
  e2e_log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
VERSION=$(node -p 'require("./package.json").version')
VSIX="$RUNS/docker-inline-help-$VERSION.vsix"
if npm run --silent build > "$RUNS/build.log" 2>&1 && node scripts/package.mjs --quiet --out "$VSIX" > "$RUNS/package.log" 2>&1; then
  pass "package: $(basename "$VSIX") built and checked ($(tail -1 "$RUNS/package.log" | sed -n 's/.*(\([0-9]* bytes\).*/\1/p'))"
else
  cat "$RUNS/build.log" "$RUNS/package.log"
  fail "package: build or vsce package failed"
  echo "e2e: $PASSED passed, $FAILED failed"
  exit 1
fi
e2e_log "build + package in $(phase_time "$t")"

# results of a part: JSON {passed, failed, tests:[...]} -> counters; a part that wrote none failed
count_results() {
  local file=$1 part=$2
  if [ -s "$file" ]; then
    local line
    while IFS= read -r line; do
      case "$line" in
        passed\ *) PASSED=$((PASSED + 1)) ;;
        failed\ *) FAILED=$((FAILED + 1)); FAILED_NAMES+=("${line#failed }") ;;
      esac
    done < <(node -e '
      const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      for (const t of r.tests) if (t.state !== "skipped") console.log(`${t.state} ${process.argv[2]}: ${t.title}${t.error ? " -- " + t.error.split("\n")[0] : ""}`);
    ' "$file" "$part")
  else
    fail "$part: no results (the run did not finish)"
  fi
}

# Problems the language server or the extension host logged (uncaught errors, failed requests).
show_log_problems() {
  local run=$1 part=$2 found
  found=$(grep -rhsE 'uncaught|unhandled rejection|Request textDocument/[A-Za-z]+ failed|Error: |TypeError|ReferenceError' \
    "$run/user-data/logs" 2>/dev/null | grep -vE 'ENOTFOUND|open-vsx|vsda|getaddrinfo|marketplace|Failed to fetch|gallery' | head -20 || true)
  if [ -n "$found" ]; then
    e2e_log "$part: problems in the extension / server logs (first 20 lines):"
    printf '%s\n' "$found" | sed 's/^/    /'
  fi
}

# ---- 2. extension-host suite against the unpacked .vsix
if [ -z "$ONLY" ] || [ "$ONLY" = exthost ]; then
  t=$SECONDS
  RUN="$RUNS/exthost"
  mkdir -p "$RUN/ws" "$RUN/user-data/User" "$RUN/ext"
  (cd "$RUN/ext" && unzip -q "$VSIX")
  cp -r "$ROOT/examples/." "$RUN/ws/"
  cp "$HERE/settings.json" "$RUN/user-data/User/settings.json"
  PORT=$(e2e_free_port)
  # the extension host inherits code-server's environment: that is how the suite learns where to
  # write its results
  DIH_E2E_RESULTS="$RUN/results.json" cs_start "$RUN" "$PORT" "$RUN/ws"
  e2e_log "extension-host suite: code-server on 127.0.0.1:$PORT"
  CS_URL="http://127.0.0.1:$PORT" WS_DIR="$RUN/ws" EXT_DEV="$RUN/ext/extension" EXT_TESTS="$HERE/suite" \
    node "$HERE/exthost-run.mjs" 2>&1 | tee "$RUN/exthost.log" || true
  cs_stop "$CS_PID"
  count_results "$RUN/results.json" "exthost"
  show_log_problems "$RUN" "exthost"
  e2e_log "extension-host suite in $(phase_time "$t")"
fi

# ---- 3. the installed .vsix, seen through the browser
if [ -z "$ONLY" ] || [ "$ONLY" = ui ]; then
  t=$SECONDS
  RUN="$RUNS/ui"
  mkdir -p "$RUN/ws" "$RUN/user-data/User"
  if cs_install_vsix "$RUN" "$VSIX" > "$RUN/install.log" 2>&1 \
    && grep -q 'successfully installed' "$RUN/install.log" \
    && "$CS_BIN" --extensions-dir "$RUN/extensions" --user-data-dir "$RUN/user-data" --list-extensions --show-versions 2>/dev/null \
       | grep -qx "docker-inline-help.docker-inline-help@$VERSION"; then
    pass "install: code-server --install-extension $(basename "$VSIX")"
  else
    cat "$RUN/install.log"
    fail "install: code-server --install-extension $(basename "$VSIX")"
  fi
  cp -r "$ROOT/examples/." "$RUN/ws/"
  : > "$RUN/ws/compose.stack.yaml"   # empty compose file for the snippet check
  cp "$HERE/settings.json" "$RUN/user-data/User/settings.json"
  PORT=$(e2e_free_port)
  cs_start "$RUN" "$PORT"  "$RUN/ws"
  e2e_log "UI checks: code-server on 127.0.0.1:$PORT"
  CS_URL="http://127.0.0.1:$PORT" WS_DIR="$RUN/ws" OUT_DIR="$SHOTS" RESULTS="$RUN/results.json" \
    node "$HERE/ui-checks.mjs" 2>&1 | tee "$RUN/ui.log" || true
  cs_stop "$CS_PID"
  count_results "$RUN/results.json" "ui"
  show_log_problems "$RUN" "ui"
  e2e_log "UI checks in $(phase_time "$t")"
fi

# ---- 4. the web extension alone, in code-server's web worker extension host
if [ -z "$ONLY" ] || [ "$ONLY" = web ]; then
  t=$SECONDS
  RUN="$RUNS/web"
  mkdir -p "$RUN/ws/notes" "$RUN/user-data/User" "$RUN/shots"
  if cs_install_vsix "$RUN" "$VSIX" > "$RUN/install.log" 2>&1 && grep -q 'successfully installed' "$RUN/install.log"; then
    EXT_DIR=$(ls -d "$RUN"/extensions/docker-inline-help.docker-inline-help-*/ | head -1)
    # a web-only install: without `main` the extension can only run in the web worker host
    node -e '
      const fs = require("fs"), f = process.argv[1], p = JSON.parse(fs.readFileSync(f, "utf8"));
      delete p.main;
      fs.writeFileSync(f, JSON.stringify(p, null, 2));
    ' "$EXT_DIR/package.json"
    if node -e 'const p = require(process.argv[1]); process.exit(!p.main && p.browser ? 0 : 1)' "$EXT_DIR/package.json"; then
      pass "web: installed without main (browser: $(node -p 'require(process.argv[1]).browser' "$EXT_DIR/package.json"))"
    else
      fail "web: installed without main"
    fi
  else
    cat "$RUN/install.log"
    fail "web: code-server --install-extension $(basename "$VSIX")"
  fi
  cp -r "$ROOT/examples/." "$RUN/ws/"
  printf 'services:\n  web:\n    image: nginx\n    restrat: always\n' > "$RUN/ws/compose.typo.yaml"
  printf -- '---\nkind: dockerfile-instruction\nname: WORKDIR\nsummary: Team rule v1\n---\nOur own words.\n' > "$RUN/ws/notes/workdir.md"
  node -e '
    const fs = require("fs"), [src, dst] = process.argv.slice(1);
    const s = JSON.parse(fs.readFileSync(src, "utf8"));
    s["dockerInlineHelp.notes.folders"] = ["notes"];
    fs.writeFileSync(dst, JSON.stringify(s, null, 2));
  ' "$HERE/settings.json" "$RUN/user-data/User/settings.json"
  PORT=$(e2e_free_port)
  cs_start "$RUN" "$PORT" "$RUN/ws"
  e2e_log "web checks: code-server on 127.0.0.1:$PORT"
  CS_URL="http://127.0.0.1:$PORT" WS_DIR="$RUN/ws" OUT_DIR="$RUN/shots" RESULTS="$RUN/results.json" UI_MODE=web \
    node "$HERE/ui-checks.mjs" 2>&1 | tee "$RUN/ui.log" || true
  # the web extension must not have started the Node server (it runs in the browser's worker)
  if pgrep -f "$RUN/extensions/.*/dist/server.js" > /dev/null; then
    fail "web: a Node language server process ran for the web-only install"
  else
    pass "web: no Node language server process (the server ran in the browser's web worker)"
  fi
  cs_stop "$CS_PID"
  count_results "$RUN/results.json" "web"
  show_log_problems "$RUN" "web"
  e2e_log "web checks in $(phase_time "$t")"
fi

echo
if [ "$FAILED" -gt 0 ]; then
  echo "failed:"
  printf '  %s\n' "${FAILED_NAMES[@]}"
  echo "logs: $RUNS (code-server.log, user-data/logs/*/exthost1/)"
fi
e2e_log "total $(phase_time "$T_START")"
echo "e2e: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
