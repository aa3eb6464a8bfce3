#!/usr/bin/env bash
# Stops the local test cluster started by scripts/cluster/up.sh (using its pid
# files) and deletes its state: certs, etcd data, logs, kubeconfig. The binary
# cache is kept. Idempotent: nothing running is not an error.
set -euo pipefail

# shellcheck source=scripts/cluster/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

with_lock
stop_cluster
log "cluster stopped, state removed ($STATE_DIR)"
