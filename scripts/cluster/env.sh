#!/usr/bin/env bash
# Prints shell exports for the local test cluster and the cached CLIs:
#   eval "$(scripts/cluster/env.sh)"
# It does not start anything; run scripts/cluster/up.sh first.
set -euo pipefail

# shellcheck source=scripts/cluster/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

[[ -f "$KUBECONFIG_FILE" ]] || echo "# cluster not running: scripts/cluster/up.sh" >&2
printf 'export KUBECONFIG=%q\n' "$KUBECONFIG_FILE"
printf 'export KUBECTL_BIN=%q\n' "$KUBECTL_BIN"
printf 'export HELM_BIN=%q\n' "${HELM_BIN:-$CACHE/bin/helm}"
printf 'export WHEELHOUSE_CLUSTER_BIN=%q\n' "$CLUSTER_BIN"
