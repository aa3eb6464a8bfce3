# Sourced by the image scripts: buildah and podman on vfs storage kept outside the repo (no
# overlay or fuse needed), chroot isolation, runc, and no default ulimits (the sandboxes
# these run in refuse to raise them). IMAGE_CACHE holds the base rootfs, debs and npm cache.
IMAGE_CACHE=${WHEELHOUSE_IMAGE_CACHE:-${WHEELHOUSE_CACHE:-$HOME/.cache/wheelhouse}/image}
mkdir -p "$IMAGE_CACHE/storage" "$IMAGE_CACHE/npm"
if [ ! -f "$IMAGE_CACHE/containers.conf" ]; then
  printf '[containers]\ndefault_ulimits = []\n[engine]\nruntime = "runc"\ncgroup_manager = "cgroupfs"\nevents_logger = "file"\n' \
    >"$IMAGE_CACHE/containers.conf"
fi
if [ ! -f "$IMAGE_CACHE/storage.conf" ]; then
  printf '[storage]\ndriver = "vfs"\ngraphroot = "%s"\nrunroot = "%s"\n' \
    "$IMAGE_CACHE/storage" "/run/wheelhouse-containers-$(printf %s "$IMAGE_CACHE" | md5sum | cut -c1-8)" \
    >"$IMAGE_CACHE/storage.conf"
fi
export CONTAINERS_CONF="$IMAGE_CACHE/containers.conf"
export CONTAINERS_STORAGE_CONF="$IMAGE_CACHE/storage.conf"
export BUILDAH_ISOLATION=chroot
export IMAGE_CACHE
