#!/usr/bin/env bash
# npm start: try the extension in a real VS Code (code-server, in your browser) on the examples/
# workspace. Builds, packages the .vsix, installs it into a private code-server profile, starts
# code-server on 127.0.0.1:${PORT:-8080} without a password, prints the address and runs until Ctrl+C.
# code-server (and, if missing, apt's libkrb5-dev + ripgrep it needs to install) are set up on first
# use under ${E2E_WORK:-~/.cache/docker-inline-help-e2e}, as for npm run test:e2e.
#   PORT          port to listen on (default 8080)
#   TRY_FOLDER    folder to open (default: the repository's examples/)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=../test/e2e/env.sh
. "$ROOT/test/e2e/env.sh"
PORT=${PORT:-8080}
FOLDER=$(cd "${TRY_FOLDER:-$ROOT/examples}" && pwd)

if curl -s -o /dev/null "http://127.0.0.1:$PORT/" 2>/dev/null; then
  echo "try-it: something already listens on 127.0.0.1:$PORT; stop it or run PORT=8081 npm start" >&2
  exit 1
fi

e2e_setup_code_server
cd "$ROOT"
[ -d node_modules/@vscode/vsce ] || npm ci --no-audit --no-fund --loglevel=error
npm run --silent build
VERSION=$(node -p 'require("./package.json").version')
VSIX="$ROOT/docker-inline-help-$VERSION.vsix"
node scripts/package.mjs --quiet --out "$VSIX"

RUN="$E2E_WORK/try-it"   # kept between runs: your settings and open editors stay
mkdir -p "$RUN/user-data/User"
[ -e "$RUN/user-data/User/settings.json" ] || cat > "$RUN/user-data/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "update.mode": "none",
  "git.openRepositoryInParentFolders": "never",
  "editor.hover.delay": 300
}
JSON
cs_install_vsix "$RUN" "$VSIX" 2>&1 | grep -E 'successfully installed|rror' || true

trap 'cs_stop_all; echo; echo "try-it: stopped"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
cs_start "$RUN" "$PORT" "$FOLDER"
URL="http://127.0.0.1:$PORT/?folder=$FOLDER"
echo
echo "Docker Inline Help $VERSION is running in code-server (VS Code $("$CS_BIN" --version 2>/dev/null | sed -n 's/.*with Code //p' | tail -1)):"
echo
echo "    $URL"
echo
echo "Open it in your browser; try a hover on ENTRYPOINT in the Dockerfile, -p in deploy.sh, or"
echo "Ctrl+Space under a service in compose.yaml. Logs: $RUN/code-server.log. Press Ctrl+C to stop."
wait "$CS_PID" || true
