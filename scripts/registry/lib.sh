# shellcheck shell=bash disable=SC2034  # variables are used by the sourcing scripts
# Shared settings for scripts/registry/*.sh (sourced, not executed): the OCI registries the tests
# push charts to and plans read tags from, Debian's docker-registry (the CNCF distribution
# registry) on 127.0.0.1 with TLS, one with basic auth (htpasswd), one with token auth.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
REGISTRY_STATE="${WHEELHOUSE_STATE:-$HOME/.cache/wheelhouse/state}/registry"
# Components in start order; each has <state>/<name>.pid and logs/<name>.log.
REGISTRY_COMPONENTS=(registry-basic token-server registry-token)

log() { printf '[registry] %s\n' "$*" >&2; }
die() {
  printf '[registry] ERROR: %s\n' "$*" >&2
  exit 1
}

# registry_pid_alive <component>: the pid file names a live process (not a zombie).
registry_pid_alive() {
  local f="$REGISTRY_STATE/$1.pid" pid st
  [[ -f "$f" ]] || return 1
  pid="$(cat "$f")"
  [[ -n "$pid" ]] || return 1
  st="$(ps -o stat= -p "$pid" 2>/dev/null)" || return 1
  [[ -n "$st" && "$st" != Z* ]]
}

stop_registry() {
  local c pid
  for c in "${REGISTRY_COMPONENTS[@]}"; do
    registry_pid_alive "$c" || continue
    pid="$(cat "$REGISTRY_STATE/$c.pid")"
    log "stopping $c (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
  done
  sleep 0.2
  for c in "${REGISTRY_COMPONENTS[@]}"; do
    registry_pid_alive "$c" && kill -KILL "$(cat "$REGISTRY_STATE/$c.pid")" 2>/dev/null || true
  done
  rm -rf "$REGISTRY_STATE"
}

# Serialises up.sh/down.sh (parallel callers); the lock lives beside the state dir.
registry_lock() {
  mkdir -p "$(dirname "$REGISTRY_STATE")"
  exec 8>"$REGISTRY_STATE.lock"
  flock -w 300 8 || die "timed out waiting for the lock $REGISTRY_STATE.lock"
}
