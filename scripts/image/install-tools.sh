#!/usr/bin/env bash
# Debian's image tools for building and running the Dockerfile without a Docker engine:
# buildah, podman, runc, skopeo and debootstrap, installed with apt-get (as root) when missing.
set -euo pipefail
missing=()
for tool in buildah podman runc skopeo debootstrap; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "image tools: installing ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    buildah podman runc skopeo debootstrap uidmap >&2
fi
echo "image tools: $(buildah --version), $(podman --version)"
