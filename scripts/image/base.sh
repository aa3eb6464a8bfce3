#!/usr/bin/env bash
# Makes the local base image the Dockerfile builds on where no registry serves node:24:
# a minimal Debian bookworm (debootstrap) with Node 24 from the npm `node` package and npm,
# uid 1000 "node" as in the official image. Cached outside the repo, keyed by what goes in;
# prints the image name. Needs root, debootstrap and buildah (scripts/image/env.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/scripts/image/env.sh"

node_bin=$(readlink -f "$root/node_modules/.bin/node")
node_version=$("$node_bin" --version)
npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
npm_version=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$npm_dir/package.json" | head -n 1)
suite=bookworm
key="$suite-node${node_version#v}-npm$npm_version-1"
image="localhost/wheelhouse-base:$key"
dir="$IMAGE_CACHE/base-$key"

if buildah inspect --type image "$image" >/dev/null 2>&1; then echo "$image"; exit 0; fi

# The Debian mirror apt already uses here (deb822 or one-line sources).
mirror=${DEBIAN_MIRROR:-$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)}
if [ ! -f "$dir/rootfs.tar" ]; then
  echo "image: debootstrap $suite (debs cached in $IMAGE_CACHE/debs-$suite)" >&2
  mkdir -p "$IMAGE_CACHE/debs-$suite"
  rm -rf "$dir.partial" && mkdir -p "$dir.partial"
  debootstrap --variant=minbase --include=ca-certificates,unzip \
    --cache-dir="$IMAGE_CACHE/debs-$suite" "$suite" "$dir.partial/rootfs" ${mirror:+"$mirror"} >&2
  fs="$dir.partial/rootfs"
  install -m 0755 "$node_bin" "$fs/usr/local/bin/node"
  mkdir -p "$fs/usr/local/lib/node_modules"
  cp -a "$npm_dir" "$fs/usr/local/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$fs/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$fs/usr/local/bin/npx"
  chroot "$fs" groupadd --gid 1000 node
  chroot "$fs" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
  # What an image needs no copy of: apt lists, docs, man pages, locales.
  rm -rf "$fs"/var/lib/apt/lists/* "$fs"/var/cache/apt/*.bin "$fs"/usr/share/doc/* \
    "$fs"/usr/share/man/* "$fs"/usr/share/locale/* "$fs"/var/log/*
  tar --numeric-owner -C "$fs" -cf "$dir.partial/rootfs.tar" .
  rm -rf "$fs"
  rm -rf "$dir" && mv "$dir.partial" "$dir"
fi

ctr=$(buildah from scratch)
buildah add --quiet "$ctr" "$dir/rootfs.tar" / >/dev/null
buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --env NODE_VERSION="${node_version#v}" --cmd node \
  --label org.opencontainers.image.description="Debian $suite minbase with Node $node_version (local base)" \
  "$ctr"
buildah commit --quiet --rm --format docker "$ctr" "$image" >/dev/null
echo "$image"
