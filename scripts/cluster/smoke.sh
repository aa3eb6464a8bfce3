#!/usr/bin/env bash
# End-to-end check of the local test cluster (about 20s): starts it if needed
# (up.sh), then checks the server version, a Deployment rollout, the crash,
# image-pull and fail behaviours, Job completion, `kubectl logs`, a helm
# install (when helm is cached) and namespace deletion. Exits non-zero on the
# first failure.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/cluster/lib.sh
source "$SCRIPT_DIR/lib.sh"

export KUBECONFIG
KUBECONFIG="$("$SCRIPT_DIR/up.sh" | tail -n1 | cut -d= -f2-)"
HELM_BIN="${HELM_BIN:-$CACHE/bin/helm}"
NS="smoke-$$"
k() { "$KUBECTL_BIN" -n "$NS" "$@"; }
ok() { log "ok: $*"; }

# until_true <seconds> <description> <command...>
until_true() {
  local deadline=$((SECONDS + $1)) what="$2"
  shift 2
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || {
      k get pods -o wide >&2 || true
      die "timed out: $what"
    }
    sleep 0.5
  done
}
# pod_field <label selector> <jsonpath>: the field of the first matching pod.
pod_field() { k get pods -l "$1" -o "jsonpath={.items[0]$2}"; }
field_is() { [[ "$(pod_field "$1" "$2")" == "$3" ]]; }

version="$("$KUBECTL_BIN" get --raw /version | grep -o '"gitVersion": *"[^"]*"' | cut -d'"' -f4)"
[[ "$version" == "$K8S_VERSION" ]] || die "server reports $version, expected $K8S_VERSION"
ok "server version $version"

"$KUBECTL_BIN" create namespace "$NS" >/dev/null
k create deployment web --image=nginx:1.27 --replicas=2 >/dev/null
k create deployment crashy --image=example.com/crashloop:1 >/dev/null
k create deployment pull --image=example.com/badimage:1 >/dev/null
k create job finishes --image=busybox >/dev/null
k apply -f - >/dev/null <<'EOF'
apiVersion: batch/v1
kind: Job
metadata: {name: broken}
spec:
  backoffLimit: 0
  template:
    metadata: {labels: {wheelhouse.test/behavior: fail}}
    spec:
      restartPolicy: Never
      containers: [{name: main, image: busybox}]
EOF

k rollout status deployment/web --timeout=60s >/dev/null
ok "deployment rolled out"
until_true 30 "crash pod in CrashLoopBackOff" \
  field_is app=crashy '.status.containerStatuses[0].state.waiting.reason' CrashLoopBackOff
ok "crash image -> CrashLoopBackOff, restarts $(pod_field app=crashy '.status.containerStatuses[0].restartCount')"
until_true 30 "pull pod in ImagePullBackOff" \
  field_is app=pull '.status.containerStatuses[0].state.waiting.reason' ImagePullBackOff
ok "badimage -> ImagePullBackOff"
k wait --for=condition=Complete job/finishes --timeout=60s >/dev/null
ok "job completed"
k wait --for=condition=Failed job/broken --timeout=60s >/dev/null
ok "failing job failed"
k logs deployment/web 2>/dev/null | grep -q . || die "kubectl logs returned nothing"
k logs deployment/crashy --previous 2>/dev/null | grep -q crash || die "kubectl logs --previous returned no crash log"
ok "kubectl logs"

if [[ -x "$HELM_BIN" ]]; then
  chart="$(mktemp -d)"
  "$HELM_BIN" create "$chart/smoke" >/dev/null
  "$HELM_BIN" install smoke "$chart/smoke" -n "$NS" --wait --timeout 60s >/dev/null
  "$HELM_BIN" test smoke -n "$NS" --timeout 60s >/dev/null
  rm -rf "$chart"
  ok "helm install --wait and helm test ($("$HELM_BIN" version --short))"
else
  log "skip: no helm at $HELM_BIN"
fi

"$KUBECTL_BIN" delete namespace "$NS" --timeout=60s >/dev/null
ok "namespace deleted"
log "smoke test passed"
