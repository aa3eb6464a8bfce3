# shellcheck shell=bash disable=SC2034  # variables are used by the sourcing scripts
# Shared settings for scripts/cluster/*.sh (sourced, not executed).
# Versions must match tools/cluster/go.mod, tools/cluster/etcd/go.mod and
# tools/cluster/kwok/go.mod; they also name the binary cache directory.

K8S_VERSION=v1.35.4
ETCD_VERSION=v3.6.5
KWOK_VERSION=v0.8.0

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${WHEELHOUSE_CACHE:-$HOME/.cache/wheelhouse}"
CLUSTER_BIN="$CACHE/cluster/${K8S_VERSION}-etcd${ETCD_VERSION}-kwok${KWOK_VERSION}/bin"
STATE_DIR="${WHEELHOUSE_STATE:-$HOME/.cache/wheelhouse/state}/cluster"
KUBECTL_BIN="${KUBECTL_BIN:-$CACHE/bin/kubectl}"
KUBECONFIG_FILE="$STATE_DIR/kubeconfig"
STAGES_DIR="$REPO_ROOT/test/fixtures/cluster/stages"

# Components in start order; each has <state>/<name>.pid and logs/<name>.log.
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)

# Progress goes to stderr so stdout stays machine-readable (KUBECONFIG=... last).
log() { printf '[cluster] %s\n' "$*" >&2; }
die() {
  printf '[cluster] ERROR: %s\n' "$*" >&2
  exit 1
}

# pid_is <pid> <component>: the pid runs that component's binary (guards
# against killing an unrelated process that reused a stale pid).
pid_is() {
  local argv0
  argv0="$(head -z -n1 "/proc/$1/cmdline" 2>/dev/null | tr -d '\0')" || return 1
  [[ "$argv0" == */"$2" ]]
}

# pid_alive <component>: the pid file names a live process of that component.
pid_alive() {
  local f="$STATE_DIR/$1.pid" pid
  [[ -f "$f" ]] || return 1
  pid="$(cat "$f")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && pid_is "$pid" "$1"
}

# running <pid>: the process exists and is not a zombie (the init of some
# sandboxes reaps orphans late, and `kill -0` succeeds on zombies).
running() {
  local st
  st="$(ps -o stat= -p "$1" 2>/dev/null)" || return 1
  [[ -n "$st" && "$st" != Z* ]]
}

# kill_components: stops every component this state dir started. The state is
# thrown away, so there is no point in a graceful shutdown (the apiserver alone
# takes ~3s, ~10s if etcd goes first): clients get SIGTERM and 2s, then
# everything left (etcd included) gets SIGKILL.
# stop_cluster: the same, then removes the state dir; binaries stay.
kill_components() {
  local c pid n alive clients=() all=()
  for c in "${COMPONENTS[@]}"; do
    pid_alive "$c" || continue
    pid="$(cat "$STATE_DIR/$c.pid")"
    log "stopping $c (pid $pid)"
    all+=("$pid")
    [[ "$c" == etcd ]] && continue
    kill -TERM "$pid" 2>/dev/null || true
    clients+=("$pid")
  done
  for ((n = 0; n < 20; n++)); do
    alive=0
    for pid in "${clients[@]}"; do running "$pid" && alive=1; done
    ((alive)) || break
    sleep 0.1
  done
  for pid in "${all[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
}

stop_cluster() {
  kill_components
  rm -rf "$STATE_DIR"
}

# with_lock: serialises up.sh/down.sh on one state dir (parallel test workers
# may all call up.sh). The lock file lives next to the state dir, which
# down.sh deletes. Started components must not inherit fd 9 (see up.sh).
with_lock() {
  mkdir -p "$(dirname "$STATE_DIR")"
  exec 9>"$STATE_DIR.lock"
  flock -w 300 9 || die "timed out waiting for the lock $STATE_DIR.lock"
}
