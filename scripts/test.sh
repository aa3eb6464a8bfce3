#!/usr/bin/env bash
# The whole test suite on a fresh machine or a warm one: installs dependencies when needed,
# unpacks helm/kubectl, builds or reuses the cluster binaries, starts the cluster and Redis
# when absent, then type-checks, lints and runs every test. Extra arguments go to vitest.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s (%ss)\n' "$1" "$SECONDS"; }

step "dependencies"
# npm writes node_modules/.package-lock.json on install; older than the lockfile means stale.
# `npm ci`: exactly the lockfile, which holds every platform's optional packages (biome,
# msgpackr), so no machine rewrites it; the lockfile check below keeps it that way.
if [ ! -x node_modules/.bin/vitest ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
# npm puts node_modules/.bin first on PATH for scripts: from here on, `node` is Node 24.
export PATH="$PWD/node_modules/.bin:$PATH"
node --version

step "lockfile"
scripts/check-lockfile.sh

step "helm and kubectl"
scripts/tools.sh

step "redis"
scripts/redis-up.sh

step "oci registries"
# Installs Debian's docker-registry and apache2-utils when missing (as root, apt-get), then
# starts the TLS registries the OCI tests push to and read tags from.
scripts/registry/up.sh

step "browser"
# The playground's browser test drives Debian's Chromium (playwright-core, no bundled browser).
if [ ! -x /usr/bin/chromium ]; then
  started=$SECONDS
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-color-emoji >/dev/null
  echo "chromium: installed in $((SECONDS - started))s"
fi
/usr/bin/chromium --version

step "image tools"
# Debian's buildah, podman, runc and debootstrap (apt-get when missing): test/integration/image
# builds the Dockerfile and runs it.
scripts/image/install-tools.sh

step "kubernetes test cluster"
scripts/cluster/up.sh

step "typecheck"
tsc --noEmit

step "lint"
biome check .

step "tests"
vitest run "$@"
echo "total: ${SECONDS}s"
