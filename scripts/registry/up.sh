#!/usr/bin/env bash
# Starts two real OCI registries on loopback for tests: Debian's docker-registry (the CNCF
# distribution registry), TLS from a CA made here with openssl, one with basic auth (htpasswd),
# one with token auth (WWW-Authenticate: Bearer, tokens from scripts/registry/token-server.ts).
# Installs docker-registry and apache2-utils (htpasswd) with apt-get when they are missing.
#
# Idempotent: a healthy set started from the same scripts is reused. Progress goes to stderr;
# the LAST line of stdout is
#   WHEELHOUSE_REGISTRY=<state dir>/registry.json
# which holds the hosts, the CA file and the test user's credentials.
# State (certs, storage, logs, pid files): ${WHEELHOUSE_STATE:-~/.cache/wheelhouse/state}/registry
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/registry/lib.sh
source "$SCRIPT_DIR/lib.sh"

STARTED=$SECONDS
PKI="$REGISTRY_STATE/pki"
LOGS="$REGISTRY_STATE/logs"
INFO="$REGISTRY_STATE/registry.json"
NODE_BIN="$REPO_ROOT/node_modules/.bin/node"
USERNAME=wheelhouse
SERVICE=wheelhouse-test-registry
FALLBACK_NAME=wheelhouse-registry.test
ISSUER=wheelhouse-test-token-issuer

# The registries' host name. helm 3 talks plain HTTP to a registry named "localhost" or by any
# loopback IP whatever TLS it serves (containerd's resolver matches the name), so the registries
# are named by a host name that resolves to loopback: WHEELHOUSE_REGISTRY_HOST, else this
# machine's own name when /etc/hosts maps it to loopback, else wheelhouse-registry.test (added
# to /etc/hosts, as root, when missing).
loopback_of() { getent ahostsv4 "$1" 2>/dev/null | awk '$1 ~ /^127\./ {print $1; exit}'; }
pick_host() {
  local own
  own=$(hostname)
  if [[ -n "${WHEELHOUSE_REGISTRY_HOST:-}" ]]; then
    HOST=$WHEELHOUSE_REGISTRY_HOST
  elif [[ "$own" != localhost && -n "$(loopback_of "$own")" ]]; then
    HOST=$own
  else
    HOST=$FALLBACK_NAME
    if [[ -z "$(loopback_of "$HOST")" ]]; then
      [[ $(id -u) -eq 0 ]] || die "no host name resolves to loopback: add '127.0.0.1 $HOST' to /etc/hosts"
      log "adding '127.0.0.1 $HOST' to /etc/hosts"
      printf '127.0.0.1 %s\n' "$HOST" >>/etc/hosts
    fi
  fi
  BIND=$(loopback_of "$HOST")
  [[ -n "$BIND" ]] || die "$HOST does not resolve to a loopback address"
}

install_packages() {
  command -v docker-registry >/dev/null && command -v htpasswd >/dev/null && return 0
  local packages="docker-registry apache2-utils" began=$SECONDS
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
    die "docker-registry or htpasswd is missing: run 'apt-get install -y $packages' as root"
  fi
  log "installing $packages with apt-get"
  # A machine whose package lists are missing or old gets them once, then the install again.
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $packages >&2; then
    apt-get update >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $packages >&2
  fi
  log "installed $packages in $((SECONDS - began))s"
}

config_hash() {
  { cat "$SCRIPT_DIR/up.sh" "$SCRIPT_DIR/lib.sh" "$SCRIPT_DIR/token-server.ts"; echo "$HOST"; } |
    sha256sum | cut -d' ' -f1
}

# answers <port>: the registry speaks TLS with our CA and asks for credentials at /v2/.
answers() {
  local code
  code=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 3 --cacert "$PKI/ca.crt" \
    "https://$HOST:$1/v2/" 2>/dev/null) || return 1
  [[ "$code" == 401 ]]
}

healthy() {
  local c
  [[ -f "$INFO" ]] || return 1
  if [[ "$(cat "$REGISTRY_STATE/config.sha256" 2>/dev/null)" != "$(config_hash)" ]]; then
    log "registry scripts changed since the registries started: restarting them"
    return 1
  fi
  for c in "${REGISTRY_COMPONENTS[@]}"; do registry_pid_alive "$c" || return 1; done
  # shellcheck source=/dev/null
  source "$REGISTRY_STATE/ports.env"
  answers "$BASIC_PORT" && answers "$TOKEN_PORT"
}

fail() {
  log "---- last lines of $LOGS/$1.log ----"
  tail -n 30 "$LOGS/$1.log" >&2 2>/dev/null || true
  die "$2"
}

wait_for() {
  local c="$1" port="$2" deadline=$((SECONDS + 30))
  until answers "$port"; do
    registry_pid_alive "$c" || fail "$c" "$c exited while starting"
    ((SECONDS < deadline)) || fail "$c" "$c does not answer on $HOST:$port after 30s"
    sleep 0.2
  done
}

start() {
  local c="$1"
  shift
  setsid "$@" </dev/null >"$LOGS/$c.log" 2>&1 8>&- &
  echo $! >"$REGISTRY_STATE/$c.pid"
}

free_ports() {
  python3 -c '
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks: s.bind((sys.argv[2], 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))' "$1" "$BIND"
}

# registry_config <name> <port> <auth yaml>
registry_config() {
  cat >"$REGISTRY_STATE/$1.yml" <<EOF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $REGISTRY_STATE/storage-$1
  delete:
    enabled: true
http:
  addr: $BIND:$2
  secret: $(openssl rand -hex 16)
  tls:
    certificate: $PKI/server.crt
    key: $PKI/server.key
auth:
$3
EOF
}

install_packages
pick_host
[[ -x "$NODE_BIN" ]] || die "$NODE_BIN is missing: run 'npm install' first"
registry_lock

if healthy; then
  log "registries already running ($REGISTRY_STATE)"
  echo "WHEELHOUSE_REGISTRY=$INFO"
  exit 0
fi

stop_registry
mkdir -p "$PKI" "$LOGS"
ready=0
trap '((ready)) || { stop_started; log "registry start failed; logs in $LOGS"; }' EXIT
stop_started() {
  local c
  for c in "${REGISTRY_COMPONENTS[@]}"; do
    registry_pid_alive "$c" && kill -KILL "$(cat "$REGISTRY_STATE/$c.pid")" 2>/dev/null || true
  done
}

ports=$(free_ports 3)
read -r BASIC_PORT TOKEN_PORT TOKEN_SERVER_PORT <<<"$ports"
printf 'BASIC_PORT=%s\nTOKEN_PORT=%s\nTOKEN_SERVER_PORT=%s\n' \
  "$BASIC_PORT" "$TOKEN_PORT" "$TOKEN_SERVER_PORT" >"$REGISTRY_STATE/ports.env"

log "generating certificates and credentials"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 -sha256 \
  -subj "/CN=wheelhouse-registry-test-ca" -keyout "$PKI/ca.key" -out "$PKI/ca.crt" 2>/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$PKI/server.key" 2>/dev/null
openssl req -new -key "$PKI/server.key" -subj "/CN=$HOST" -out "$PKI/server.csr" 2>/dev/null
openssl x509 -req -in "$PKI/server.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial \
  -days 3650 -sha256 -out "$PKI/server.crt" 2>/dev/null -extfile <(printf '%s\n' \
  "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature,keyEncipherment" \
  "extendedKeyUsage=serverAuth" "subjectAltName=DNS:$HOST")
# The token issuer's signing certificate is the registry's whole trust bundle for tokens.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 -sha256 \
  -subj "/CN=$ISSUER" -keyout "$PKI/token-signing.key" -out "$PKI/token-signing.crt" 2>/dev/null
password=$(openssl rand -hex 16)
htpasswd -Bbn "$USERNAME" "$password" >"$REGISTRY_STATE/htpasswd" 2>/dev/null
(umask 077 && printf '%s:%s\n' "$USERNAME" "$password" >"$REGISTRY_STATE/users")

registry_config registry-basic "$BASIC_PORT" "  htpasswd:
    realm: wheelhouse-test
    path: $REGISTRY_STATE/htpasswd"
registry_config registry-token "$TOKEN_PORT" "  token:
    realm: https://$HOST:$TOKEN_SERVER_PORT/token
    service: $SERVICE
    issuer: $ISSUER
    rootcertbundle: $PKI/token-signing.crt"

log "starting registry (basic auth) on https://$HOST:$BASIC_PORT"
start registry-basic docker-registry serve "$REGISTRY_STATE/registry-basic.yml"
log "starting token server on https://$HOST:$TOKEN_SERVER_PORT and registry (token auth) on https://$HOST:$TOKEN_PORT"
start token-server "$NODE_BIN" "$SCRIPT_DIR/token-server.ts" --host "$BIND" --port "$TOKEN_SERVER_PORT" \
  --tls-cert "$PKI/server.crt" --tls-key "$PKI/server.key" \
  --signing-cert "$PKI/token-signing.crt" --signing-key "$PKI/token-signing.key" \
  --users "$REGISTRY_STATE/users" --issuer "$ISSUER" --service "$SERVICE"
start registry-token docker-registry serve "$REGISTRY_STATE/registry-token.yml"
wait_for registry-basic "$BASIC_PORT"
wait_for registry-token "$TOKEN_PORT"
deadline=$((SECONDS + 20))
until curl -fsS -o /dev/null --max-time 3 --cacert "$PKI/ca.crt" -u "$USERNAME:$password" \
  "https://$HOST:$TOKEN_SERVER_PORT/token?service=$SERVICE" 2>/dev/null; do
  registry_pid_alive token-server || fail token-server "the token server exited while starting"
  ((SECONDS < deadline)) || fail token-server "the token server does not answer after 20s"
  sleep 0.2
done

(umask 077 && cat >"$INFO.tmp" <<EOF
{
  "basic": "$HOST:$BASIC_PORT",
  "token": "$HOST:$TOKEN_PORT",
  "tokenRealm": "https://$HOST:$TOKEN_SERVER_PORT/token",
  "caFile": "$PKI/ca.crt",
  "username": "$USERNAME",
  "password": "$password"
}
EOF
)
config_hash >"$REGISTRY_STATE/config.sha256"
mv "$INFO.tmp" "$INFO"
# shellcheck disable=SC2034 # read by the EXIT trap
ready=1
log "registries ready in $((SECONDS - STARTED))s ($(docker-registry --version 2>/dev/null | head -n 1))"
echo "WHEELHOUSE_REGISTRY=$INFO"
