#!/usr/bin/env bash
# Starts a real Kubernetes control plane on 127.0.0.1 for tests and the demo:
# etcd, kube-apiserver (TLS), kube-controller-manager, kube-scheduler, and kwok
# playing the kubelet for two fake nodes. No Docker, no root features.
#
# Idempotent: if the cluster of this state dir is already healthy it only
# prints its kubeconfig. Progress goes to stderr; the LAST line of stdout is
#   KUBECONFIG=<state dir>/kubeconfig
# State (certs, etcd data, logs, pid files): ${WHEELHOUSE_STATE:-~/.cache/wheelhouse/state}/cluster
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/cluster/lib.sh
source "$SCRIPT_DIR/lib.sh"

PKI="$STATE_DIR/pki"
LOGS_FIXTURES="$REPO_ROOT/test/fixtures/cluster/logs"
LOGS="$STATE_DIR/logs"
STARTED=$SECONDS

# Until the cluster is ready only the private admin.kubeconfig is used; the
# published kubeconfig appears at the very end, so its presence means "ready".
ADMIN_KC="$STATE_DIR/admin.kubeconfig"
kc() { "$KUBECTL_BIN" --kubeconfig "$ADMIN_KC" "$@"; }

# Hash of everything that shapes a running cluster: a cluster started from
# older scripts or stages is restarted instead of being reused.
config_hash() {
  cat "$SCRIPT_DIR/up.sh" "$SCRIPT_DIR/lib.sh" "$STAGES_DIR"/*.yaml "$LOGS_FIXTURES"/*.txt | sha256sum | cut -d' ' -f1
}

healthy() {
  local c
  [[ -f "$KUBECONFIG_FILE" ]] || return 1
  if [[ "$(cat "$STATE_DIR/config.sha256" 2>/dev/null)" != "$(config_hash)" ]]; then
    log "cluster scripts or stages changed since the cluster started: restarting it"
    return 1
  fi
  for c in "${COMPONENTS[@]}"; do pid_alive "$c" || return 1; done
  "$KUBECTL_BIN" --kubeconfig "$KUBECONFIG_FILE" --request-timeout=5s get --raw /readyz >/dev/null 2>&1
}

# fail <component> <message>: show the end of the component's log, then exit
# (the EXIT trap below stops whatever was started).
fail() {
  log "---- last lines of $LOGS/$1.log ----"
  tail -n 40 "$LOGS/$1.log" >&2 2>/dev/null || true
  die "$2"
}

# wait_for <component> <seconds> <description> <command...>: polls the command
# every 0.25s, failing early if the component's process has died.
wait_for() {
  local c="$1" timeout="$2" what="$3" deadline
  shift 3
  deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    pid_alive "$c" || fail "$c" "$c exited while waiting for $what"
    ((SECONDS < deadline)) || fail "$c" "timed out after ${timeout}s waiting for $what"
    sleep 0.25
  done
}

# start <component> <args...>: runs a binary from the cache in the background,
# detached from this shell (own session, no inherited fds: fd 9 holds our lock).
start() {
  local c="$1"
  shift
  setsid "$CLUSTER_BIN/$c" "$@" </dev/null >"$LOGS/$c.log" 2>&1 9>&- &
  echo $! >"$STATE_DIR/$c.pid"
}

# Free TCP ports on 127.0.0.1, all bound at once so they are distinct.
free_ports() {
  python3 -c '
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))' "$1"
}

# cert <name> <subject> <extensions>: an EC key and a certificate signed by
# the cluster CA. EC keys because they are generated in milliseconds.
cert() {
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$PKI/$1.key" 2>/dev/null
  openssl req -new -key "$PKI/$1.key" -subj "$2" -out "$PKI/$1.csr" 2>/dev/null
  openssl x509 -req -in "$PKI/$1.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial \
    -days 3650 -sha256 -extfile <(printf '%s\n' "$3") -out "$PKI/$1.crt" 2>/dev/null
}

# kubeconfig <file> <cert name>: self-contained (certs inlined), so tests can
# copy it anywhere.
kubeconfig() {
  cat >"$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: wheelhouse
  cluster:
    server: https://127.0.0.1:$API_PORT
    certificate-authority-data: $(base64 -w0 "$PKI/ca.crt")
users:
- name: $2
  user:
    client-certificate-data: $(base64 -w0 "$PKI/$2.crt")
    client-key-data: $(base64 -w0 "$PKI/$2.key")
contexts:
- name: wheelhouse
  context: {cluster: wheelhouse, user: $2, namespace: default}
current-context: wheelhouse
EOF
  chmod 600 "$1"
}

with_lock

if healthy; then
  log "cluster already running ($STATE_DIR)"
  echo "KUBECONFIG=$KUBECONFIG_FILE"
  exit 0
fi

[[ -x "$KUBECTL_BIN" ]] || die "kubectl not found at $KUBECTL_BIN (set KUBECTL_BIN or unpack it there)"
"$SCRIPT_DIR/build.sh" >/dev/null 9>&-

# Whatever is left of a crashed or half-started cluster is thrown away: a
# fresh cluster starts in seconds and has no state from earlier runs.
stop_cluster
mkdir -p "$PKI" "$LOGS" "$STATE_DIR/etcd" "$STATE_DIR/kwok-home"
# On any failure (or Ctrl-C) stop what was started; keep logs for inspection.
ready=0
trap '((ready)) || { kill_components; log "cluster start failed; logs in $LOGS"; }' EXIT

read -r ETCD_PORT ETCD_PEER_PORT API_PORT KCM_PORT SCHED_PORT KWOK_PORT <<<"$(free_ports 6)"
cat >"$STATE_DIR/ports.env" <<EOF
ETCD_PORT=$ETCD_PORT
API_PORT=$API_PORT
KCM_PORT=$KCM_PORT
SCHED_PORT=$SCHED_PORT
KWOK_PORT=$KWOK_PORT
EOF

log "generating certificates"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 -sha256 \
  -subj "/CN=wheelhouse-test-ca" -keyout "$PKI/ca.key" -out "$PKI/ca.crt" 2>/dev/null
SERVER_EXT="basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
CLIENT_EXT="basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth"
cert apiserver "/CN=kube-apiserver" "$SERVER_EXT"
cert kwok-serving "/CN=kwok" "$SERVER_EXT"
cert admin "/O=system:masters/CN=wheelhouse-admin" "$CLIENT_EXT"
cert controller-manager "/CN=system:kube-controller-manager" "$CLIENT_EXT"
cert scheduler "/CN=system:kube-scheduler" "$CLIENT_EXT"
# kwok patches node and pod status and deletes pods on any node: admin rights.
cert kwok "/O=system:masters/CN=kwok" "$CLIENT_EXT"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$PKI/sa.key" 2>/dev/null
openssl pkey -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null
for u in admin controller-manager scheduler kwok; do
  kubeconfig "$STATE_DIR/$u.kubeconfig" "$u"
done
# The admin kubeconfig is only published once the cluster is ready (below).

log "starting etcd on 127.0.0.1:$ETCD_PORT"
# --unsafe-no-fsync: the data is thrown away anyway, and fsync is the main
# cost of etcd on a busy CI disk.
start etcd --name=wheelhouse --data-dir="$STATE_DIR/etcd" \
  --listen-client-urls="http://127.0.0.1:$ETCD_PORT" --advertise-client-urls="http://127.0.0.1:$ETCD_PORT" \
  --listen-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster="wheelhouse=http://127.0.0.1:$ETCD_PEER_PORT" \
  --unsafe-no-fsync --log-level=warn
wait_for etcd 30 "etcd health" curl -fsS "http://127.0.0.1:$ETCD_PORT/health"

log "starting kube-apiserver on https://127.0.0.1:$API_PORT"
# Loopback is fine to listen on but is not a valid Endpoints address, so the
# apiserver does not publish its own endpoints (--endpoint-reconciler-type=none).
# TaintNodesByCondition would taint new nodes not-ready until the
# node-lifecycle controller (disabled below) lifts the taint.
start kube-apiserver --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
  --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$API_PORT" \
  --endpoint-reconciler-type=none \
  --tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" \
  --client-ca-file="$PKI/ca.crt" \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local \
  --service-account-key-file="$PKI/sa.pub" --service-account-signing-key-file="$PKI/sa.key" \
  --service-cluster-ip-range=10.96.0.0/16 \
  --authorization-mode=RBAC --allow-privileged=true --profiling=false \
  --disable-admission-plugins=TaintNodesByCondition \
  --kubelet-preferred-address-types=InternalIP \
  --kubelet-client-certificate="$PKI/admin.crt" --kubelet-client-key="$PKI/admin.key" \
  --cert-dir="$PKI"
wait_for kube-apiserver 90 "apiserver /readyz" \
  kc --request-timeout=5s get --raw /readyz

# Controller manager and scheduler: no leader election (one instance, and no
# 15s lease wait after a crash); the node-lifecycle controller is off because
# kwok nodes send no heartbeats, and it would otherwise mark them NotReady.
log "starting kube-controller-manager, kube-scheduler, kwok"
start kube-controller-manager --kubeconfig="$STATE_DIR/controller-manager.kubeconfig" \
  --bind-address=127.0.0.1 --secure-port="$KCM_PORT" --leader-elect=false \
  --use-service-account-credentials=true \
  --service-account-private-key-file="$PKI/sa.key" --root-ca-file="$PKI/ca.crt" \
  --cluster-signing-cert-file="$PKI/ca.crt" --cluster-signing-key-file="$PKI/ca.key" \
  --controllers='*,-node-lifecycle-controller' \
  --kube-api-qps=100 --kube-api-burst=200
start kube-scheduler --kubeconfig="$STATE_DIR/scheduler.kubeconfig" \
  --bind-address=127.0.0.1 --secure-port="$SCHED_PORT" --leader-elect=false \
  --kube-api-qps=100 --kube-api-burst=200
# kwok: stages from test/fixtures/cluster/stages decide node and pod status.
# It also plays the kubelet's HTTPS endpoint so `kubectl logs` works: nodes
# advertise 127.0.0.1:$KWOK_PORT and every container shows the fixture logs
# (--previous: the "crash" log). HOME is private so a developer's
# ~/.kwok/kwok.yaml is never loaded.
cat >"$STATE_DIR/kwok-logs.yaml" <<EOF
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterLogs
metadata:
  name: fixture-logs
spec:
  logs:
  # The secrets test's crashing container prints credentials (test/e2e/secrets-never-leave.test.ts).
  - containers: [ledger-leaky]
    logsFile: $LOGS_FIXTURES/ledger-current.txt
    previousLogsFile: $LOGS_FIXTURES/ledger-previous.txt
  - logsFile: $LOGS_FIXTURES/current.txt
    previousLogsFile: $LOGS_FIXTURES/previous.txt
EOF
kwok_args=("--config=$STATE_DIR/kwok-logs.yaml")
for f in "$STAGES_DIR"/*.yaml; do kwok_args+=("--config=$f"); done
HOME="$STATE_DIR/kwok-home" start kwok --kubeconfig="$STATE_DIR/kwok.kubeconfig" \
  --manage-all-nodes=false --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
  --node-ip=127.0.0.1 --cidr=10.244.0.0/16 \
  --server-address="127.0.0.1:$KWOK_PORT" --node-port="$KWOK_PORT" \
  --tls-cert-file="$PKI/kwok-serving.crt" --tls-private-key-file="$PKI/kwok-serving.key" \
  "${kwok_args[@]}"

for n in 1 2; do
  cat <<EOF
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-$n
  annotations:
    kwok.x-k8s.io/node: fake
  labels:
    kubernetes.io/arch: amd64
    kubernetes.io/hostname: kwok-node-$n
    kubernetes.io/os: linux
    type: kwok
---
EOF
done | kc apply -f - >/dev/null

wait_for kwok 60 "nodes Ready" \
  kc wait --for=condition=Ready node --all --timeout=2s
wait_for kube-scheduler 60 "scheduler /healthz" curl -fsSk "https://127.0.0.1:$SCHED_PORT/healthz"
# Pods can only be created once the controller manager has made the default
# service account of the namespace.
wait_for kube-controller-manager 90 "default service account" \
  kc -n default get serviceaccount default

config_hash >"$STATE_DIR/config.sha256"
cp "$ADMIN_KC" "$KUBECONFIG_FILE.tmp" && mv "$KUBECONFIG_FILE.tmp" "$KUBECONFIG_FILE"
# shellcheck disable=SC2034 # read by the EXIT trap
ready=1
version="$(kc get --raw /version | grep -o '"gitVersion": *"[^"]*"' | cut -d'"' -f4)"
log "cluster $version ready in $((SECONDS - STARTED))s"
echo "KUBECONFIG=$KUBECONFIG_FILE"
