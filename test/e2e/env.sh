# shellcheck shell=bash
# Shared by test/e2e/run.sh and scripts/try-it.sh (source it; needs bash).
# Installs, on first use, what the editor tests need, using only Debian apt and the npm registry:
#   apt: chromium (the browser that drives code-server), libkrb5-dev (headers for code-server's
#        `kerberos` native module, whose prebuilt download fails here), ripgrep (stands in for the rg
#        that @vscode/ripgrep would download from GitHub);
#   npm: code-server (VS Code 1.100.3 in the browser, on Node 20) and playwright-core (the driver;
#        no browser download), both into the cache folder $E2E_WORK, never into the repo.
# Then it offers cs_start / cs_stop_all to run isolated code-server instances.
#   E2E_WORK        cache + run folder (default ~/.cache/docker-inline-help-e2e)
#   CS_VERSION      code-server version (default 4.100.3, the last one on Node 20)
#   CHROMIUM        browser binary (default: chromium on PATH)

E2E_WORK=${E2E_WORK:-$HOME/.cache/docker-inline-help-e2e}
CS_VERSION=${CS_VERSION:-4.100.3}
PW_VERSION=${PW_VERSION:-1.65.1}
E2E_TOOLS="$E2E_WORK/tools-$PW_VERSION"
CS_DIR="$E2E_WORK/code-server-$CS_VERSION"
CS_BIN="$CS_DIR/node_modules/.bin/code-server"
export E2E_WORK E2E_TOOLS

e2e_log() { printf '[e2e %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

# Keep code-server's config.yaml out of ~/.config, its data out of ~/.local, and its
# vscode-ipc-*.sock / vscode-git-*.sock files out of /tmp. Unix socket paths are limited to ~107
# characters, so TMPDIR must stay short: warn if E2E_WORK is deep.
e2e_isolate_env() {
  mkdir -p "$E2E_WORK/tmp" "$E2E_WORK/xdg/config" "$E2E_WORK/xdg/data" "$E2E_WORK/xdg/cache"
  export TMPDIR="$E2E_WORK/tmp"
  export XDG_CONFIG_HOME="$E2E_WORK/xdg/config" XDG_DATA_HOME="$E2E_WORK/xdg/data" XDG_CACHE_HOME="$E2E_WORK/xdg/cache"
  # sockets of earlier code-server runs (a running one's are fresh: leave those)
  find "$TMPDIR" -maxdepth 1 -name 'vscode-*.sock' -mmin +120 -delete 2>/dev/null || true
  if [ "${#TMPDIR}" -gt 60 ]; then e2e_log "warning: TMPDIR=$TMPDIR is long; unix sockets may fail (set E2E_WORK shorter)"; fi
}

# e2e_need_apt [--no-browser]: apt-get install what is missing (chromium is not needed by try-it)
e2e_need_apt() {
  local missing=()
  [ "${1:-}" = --no-browser ] || command -v "${CHROMIUM:-chromium}" >/dev/null 2>&1 || missing+=(chromium)
  command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
  [ -e /usr/include/gssapi/gssapi.h ] || [ -x "$CS_BIN" ] || missing+=(libkrb5-dev)
  [ ${#missing[@]} -eq 0 ] && return 0
  e2e_log "apt-get install ${missing[*]}"
  local SUDO=()
  [ "$(id -u)" -eq 0 ] || SUDO=(sudo -n)
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
}

# e2e_install_once DIR STAMP_NAME INSTALL_FUNCTION: install into DIR once, safely when several runs
# start at the same time: one installs while the others wait on a lock (flock), and the install
# goes into a temporary folder of its own that is renamed into place only when complete, so no run
# ever sees, or removes, another one's half-installed folder.
e2e_install_once() {
  local dir=$1 stamp=$2 install=$3
  [ -e "$dir/$stamp" ] && return 0
  mkdir -p "$E2E_WORK"
  local lock="$dir.lock"
  exec {E2E_LOCK_FD}>"$lock"
  if command -v flock >/dev/null 2>&1; then flock "$E2E_LOCK_FD"; fi
  if [ -e "$dir/$stamp" ]; then exec {E2E_LOCK_FD}>&-; return 0; fi
  local tmp
  tmp=$(mktemp -d "$dir.tmp.XXXXXX")
  if ! "$install" "$tmp"; then
    rm -rf "$tmp"
    exec {E2E_LOCK_FD}>&-
    return 1
  fi
  touch "$tmp/$stamp"
  # a folder without the stamp at DIR is the remains of an interrupted install of an older
  # version of this script: move it out of the way, then rename the complete one into place
  if [ -e "$dir" ] && [ ! -e "$dir/$stamp" ]; then mv -T "$dir" "$(mktemp -u "$dir.old.XXXXXX")"; fi
  if ! mv -T "$tmp" "$dir" 2>/dev/null; then rm -rf "$tmp"; fi   # another run got there first
  rm -rf "$dir".old.* 2>/dev/null || true
  exec {E2E_LOCK_FD}>&-
  [ -e "$dir/$stamp" ]
}

e2e_install_code_server() {
  local into=$1 t0=$SECONDS
  e2e_log "installing code-server@$CS_VERSION into $CS_DIR (once; about 1-2 minutes)"
  echo '{"name":"code-server-host","private":true}' > "$into/package.json"
  mkdir -p "$E2E_WORK/tmp"
  # @vscode/ripgrep 1.15.11 (code-server 4.100.3) downloads rg from GitHub in its postinstall, but
  # first looks in $TMPDIR/vscode-ripgrep-cache-<version>/<asset>: seed that with Debian's rg.
  local rgc="$E2E_WORK/tmp/vscode-ripgrep-cache-1.15.11"
  mkdir -p "$rgc"
  tar czf "$rgc/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$(command -v rg)")" rg
  (
    cd "$into"
    export TMPDIR="$E2E_WORK/tmp"
    export npm_config_unsafe_perm=true   # code-server's postinstall.sh refuses to run as root without it
    export npm_config_yes=true           # node-pty's postinstall runs `npx node-gyp` (an npmrc may say yes=false)
    export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
    npm install --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION" > "$into/install.log" 2>&1 \
      || { tail -40 "$into/install.log"; exit 1; }
  ) || return 1
  e2e_log "code-server installed in $((SECONDS - t0))s"
}

e2e_need_code_server() {
  e2e_install_once "$CS_DIR" .installed e2e_install_code_server && [ -x "$CS_BIN" ]
}

e2e_install_playwright() {
  local into=$1
  e2e_log "installing playwright-core@$PW_VERSION into $E2E_TOOLS"
  echo '{"name":"docker-inline-help-e2e-tools","private":true}' > "$into/package.json"
  (cd "$into" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --loglevel=error "playwright-core@$PW_VERSION" >/dev/null)
}

e2e_need_playwright() {
  # the tools folder is per playwright version (an older one is left for its runs to finish)
  E2E_TOOLS="$E2E_WORK/tools-$PW_VERSION"
  export E2E_TOOLS
  e2e_install_once "$E2E_TOOLS" .installed e2e_install_playwright
}

# code-server only (for scripts/try-it.sh)
e2e_setup_code_server() {
  e2e_need_apt --no-browser
  e2e_isolate_env
  e2e_need_code_server
}

# Everything the runs need; idempotent and quick once installed.
e2e_setup() {
  e2e_need_apt
  e2e_isolate_env
  e2e_need_code_server
  e2e_need_playwright
  CHROMIUM=${CHROMIUM:-$(command -v chromium)}
  export CHROMIUM
}

# A free TCP port on 127.0.0.1.
e2e_free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

CS_PIDS=()
# cs_start RUN_DIR PORT WORKSPACE [extra code-server args...]: start code-server in its own process
# group (setsid) with user data and extensions under RUN_DIR, wait for /healthz. Sets CS_PID.
# Kill the whole group (cs_stop): killing only code-server can orphan its extension host.
cs_start() {
  local run=$1 port=$2 ws=$3
  shift 3
  mkdir -p "$run/user-data/User" "$run/extensions"
  setsid "$CS_BIN" --bind-addr "127.0.0.1:$port" --auth none --disable-telemetry --disable-update-check \
    --disable-workspace-trust --disable-getting-started-override \
    --user-data-dir "$run/user-data" --extensions-dir "$run/extensions" "$@" "$ws" > "$run/code-server.log" 2>&1 &
  CS_PID=$!   # setsid execs in place (a background job is not a group leader), so this is the PGID
  CS_PIDS+=("$CS_PID")
  local t0=$SECONDS
  until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do
    if ! kill -0 "$CS_PID" 2>/dev/null; then
      e2e_log "code-server exited early:"; tail -30 "$run/code-server.log"; return 1
    fi
    if [ $((SECONDS - t0)) -gt 60 ]; then e2e_log "code-server not healthy after 60s"; tail -30 "$run/code-server.log"; return 1; fi
    sleep 0.2
  done
}

cs_stop() {
  local pid=$1
  kill -TERM -- "-$pid" 2>/dev/null || return 0
  for _ in $(seq 1 50); do kill -0 -- "-$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || true
}

cs_stop_all() {
  local pid
  for pid in "${CS_PIDS[@]}"; do cs_stop "$pid"; done
  CS_PIDS=()
}

# cs_install_vsix RUN_DIR VSIX: install into RUN_DIR's private extensions folder (before cs_start).
cs_install_vsix() {
  local run=$1 vsix=$2
  mkdir -p "$run/user-data/User" "$run/extensions"
  "$CS_BIN" --user-data-dir "$run/user-data" --extensions-dir "$run/extensions" --install-extension "$vsix" --force
}
