#!/usr/bin/env bash
# Builds the binaries of the local test cluster from Go modules and caches them
# outside the repo, keyed by version:
#   ${WHEELHOUSE_CACHE:-~/.cache/wheelhouse}/cluster/<k8s>-etcd<etcd>-kwok<kwok>/bin/
# Only missing binaries are built; a warm run just checks files and exits.
# The pinned versions live in tools/cluster/{go.mod,etcd/go.mod,kwok/go.mod};
# keep the constants in scripts/cluster/lib.sh in step with them.
#
# Usage: scripts/cluster/build.sh        prints the bin dir as the last line
#        FORCE=1 scripts/cluster/build.sh rebuilds everything
set -euo pipefail

# shellcheck source=scripts/cluster/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

TOOLS_DIR="$REPO_ROOT/tools/cluster"

# build <name> <module dir> <package> [ldflags...]
build() {
  local name="$1" dir="$2" pkg="$3"
  shift 3
  local out="$CLUSTER_BIN/$name"
  [[ -x "$out" && -z "${FORCE:-}" ]] && return 0
  command -v go >/dev/null || die "go is not on PATH (needed to build $name)"
  log "build: $name from $pkg (cold builds take minutes on a small machine)"
  local started=$SECONDS
  # -trimpath and -s -w keep the binaries small and the builds reproducible;
  # CGO is off so the binaries are static and need nothing from the host.
  local cmd=(go build -trimpath -buildvcs=false -ldflags "-s -w ${*}" -o "$out.tmp.$$" "$pkg")
  if ! (cd "$dir" && CGO_ENABLED=0 "${cmd[@]}"); then
    rm -f "$out.tmp.$$"
    die "build of $name failed: (cd ${dir@Q} && CGO_ENABLED=0 ${cmd[*]@Q})"
  fi
  # Rename at the end so an interrupted build never leaves a half binary.
  mv "$out.tmp.$$" "$out"
  log "build: $name done in $((SECONDS - started))s"
}

mkdir -p "$CLUSTER_BIN"
# Two test runs starting at once build once: the second waits, then finds the
# binaries present.
exec 8>"$CLUSTER_BIN/.build.lock"
flock 8

# The API server reports this version on /version; Helm compares it with a
# chart's kubeVersion, so it must be the real release number, not v0.0.0.
# (The module zip carries no git commit, so gitCommit is left empty.)
build_date="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
k8s_minor="${K8S_VERSION#v1.}"
k8s_minor="${k8s_minor%%.*}"
k8s_ldflags=()
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  k8s_ldflags+=(
    "-X $p.gitVersion=$K8S_VERSION"
    "-X $p.gitMajor=1"
    "-X $p.gitMinor=$k8s_minor"
    "-X $p.gitTreeState=clean"
    "-X $p.gitCommit="
    "-X $p.buildDate=$build_date"
  )
done

# Smallest and most useful first: a failing kube-apiserver build should not
# hide whether etcd and kwok are fine.
build etcd "$TOOLS_DIR/etcd" wheelhouse.local/tools/cluster/etcd
build kwok "$TOOLS_DIR/kwok" sigs.k8s.io/kwok/cmd/kwok \
  "-X sigs.k8s.io/kwok/pkg/consts.Version=$KWOK_VERSION"
for c in kube-scheduler kube-controller-manager kube-apiserver; do
  build "$c" "$TOOLS_DIR" "k8s.io/kubernetes/cmd/$c" "${k8s_ldflags[@]}"
done

log "build: all binaries in $CLUSTER_BIN"
echo "$CLUSTER_BIN"
