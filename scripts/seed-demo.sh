#!/usr/bin/env bash
# Demo releases on the local cluster, installed once from a chart repository that serves the
# fixture charts on loopback: something to look at, upgrade and roll back on a fresh machine.
# Prints the helm environment (repository config) the bot must use, as export lines.
set -euo pipefail
cd "$(dirname "$0")/.."
cache=${WHEELHOUSE_CACHE:-$HOME/.cache/wheelhouse}
state=${WHEELHOUSE_STATE:-$cache/state}/demo
helm=${HELM_BIN:-$cache/bin/helm}
mkdir -p "$state"

# Wheelhouse's own helm repository config, so the demo never edits the user's ~/.config/helm.
export HELM_REPOSITORY_CONFIG="$state/repositories.yaml"
export HELM_REPOSITORY_CACHE="$state/repository-cache"

url=$(cat "$state/repo.url" 2>/dev/null || true)
if [ -z "$url" ] || ! curl -fsS -o /dev/null "$url/index.yaml"; then
  [ -f "$state/repo.pid" ] && kill "$(cat "$state/repo.pid")" 2>/dev/null || true
  node scripts/demo-chart-repo.ts "$helm" test/fixtures/charts >"$state/repo.url" 2>"$state/repo.log" &
  echo $! >"$state/repo.pid"
  for _ in $(seq 1 100); do [ -s "$state/repo.url" ] && break; sleep 0.1; done
  url=$(cat "$state/repo.url")
  [ -n "$url" ] || { echo "demo: chart repository did not start; see $state/repo.log" >&2; exit 1; }
  echo "demo: chart repository at $url" >&2
fi
"$helm" repo add demo "$url" --force-update >/dev/null
"$helm" repo update demo >/dev/null

seed() {
  local release=$1 namespace=$2 chart=$3 version=$4
  if "$helm" status "$release" --namespace "$namespace" >/dev/null 2>&1; then return; fi
  echo "demo: installing $release $chart@$version in $namespace" >&2
  "$helm" install "$release" "demo/$chart" --version "$version" --namespace "$namespace" \
    --create-namespace --wait --timeout 120s >/dev/null
}

seed shop-frontend demo webapp 1.0.0
seed shop-frontend staging webapp 1.1.0
seed widgets platform widgets 0.1.0
seed billing-api demo hooked 1.0.0

echo "export HELM_REPOSITORY_CONFIG=$HELM_REPOSITORY_CONFIG"
echo "export HELM_REPOSITORY_CACHE=$HELM_REPOSITORY_CACHE"
