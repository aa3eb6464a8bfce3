#!/usr/bin/env bash
# Stops the test registries started by scripts/registry/up.sh (by their pid files) and deletes
# their state: certificates, credentials, pushed charts, logs. Idempotent.
set -euo pipefail

# shellcheck source=scripts/registry/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

registry_lock
stop_registry
log "registries stopped, state removed ($REGISTRY_STATE)"
