#!/usr/bin/env bash
# `npm run image`: builds the Dockerfile with buildah (no Docker engine needed) into
# localhost/wheelhouse:<version> and :dev. The base is the local Debian bookworm + Node 24
# image (scripts/image/base.sh) unless BASE_IMAGE names another (node:24-bookworm-slim where a
# registry serves it). npm's download cache is mounted from outside the repo, so a warm build
# fetches nothing and unchanged stages come from buildah's layer cache.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
export PATH="$root/node_modules/.bin:$PATH"
source scripts/image/env.sh

# The local base is never pulled; a named one (node:24-bookworm-slim) is, when missing.
if [ -n "${BASE_IMAGE:-}" ]; then base=$BASE_IMAGE pull=missing; else base=$(scripts/image/base.sh) pull=never; fi
version=$(node -p 'require("./package.json").version')
revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)
created=$(git log -1 --format=%cI 2>/dev/null || echo 1970-01-01T00:00:00Z)
image=${IMAGE:-localhost/wheelhouse}

# npm inside the build trusts what Node trusts here (NODE_EXTRA_CA_CERTS: a proxy's CA, say):
# the bundle is mounted for RUN steps only and never lands in a layer.
mounts=(--volume "$IMAGE_CACHE/npm:/root/.npm")
cafile=${NODE_EXTRA_CA_CERTS:-}
if [ -n "$cafile" ] && [ -f "$cafile" ]; then
  printf 'cafile=/run/host-ca.crt\nupdate-notifier=false\n' >"$IMAGE_CACHE/npmrc"
  mounts+=(--volume "$cafile:/run/host-ca.crt:ro" --volume "$IMAGE_CACHE/npmrc:/root/.npmrc:ro")
fi

buildah bud --layers --format docker --isolation chroot --pull="$pull" \
  --build-arg BASE_IMAGE="$base" --build-arg VERSION="$version" \
  --build-arg REVISION="$revision" --build-arg CREATED="$created" \
  "${mounts[@]}" \
  --tag "$image:$version" --tag "$image:dev" "$@" . >&2
# vfs keeps a full copy per layer: drop the layers no tagged image uses any more.
podman image prune --force >/dev/null
echo "$image:dev"
