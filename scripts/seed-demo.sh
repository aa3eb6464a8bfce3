#!/usr/bin/env bash
# Demo releases on the local cluster, installed once from the fixture charts: something to
# look at, upgrade and roll back on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
helm=${HELM_BIN:-${WHEELHOUSE_CACHE:-$HOME/.cache/wheelhouse}/bin/helm}
charts=test/fixtures/charts

seed() {
  local release=$1 namespace=$2 chart=$3
  if "$helm" status "$release" --namespace "$namespace" >/dev/null 2>&1; then return; fi
  echo "demo: installing $release in $namespace from $chart"
  "$helm" install "$release" "$charts/$chart" --namespace "$namespace" --create-namespace --wait --timeout 120s >/dev/null
}

seed shop-frontend demo webapp-1.0.0
seed shop-frontend staging webapp-1.1.0
seed widgets platform widgets-0.1.0
seed billing-api demo hooked-1.0.0
