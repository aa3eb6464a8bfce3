#!/usr/bin/env bash
# Without arguments: the browser playground (`wheelhouse playground`): Redis and the local cluster
# when absent, sample releases, the bot (app + worker) on a fake Slack, and a Slack-like page on
# localhost whose URL it prints; Ctrl-C stops everything it started.
# Arguments run that CLI command instead, on the local cluster with the demo releases
# (e.g. `npm start -- list`).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund >&2
fi
export PATH="$PWD/node_modules/.bin:$PATH"
# The young generation the roles are measured with (src/app/role-node-options.ts).
export NODE_OPTIONS="--max-semi-space-size=32${NODE_OPTIONS:+ $NODE_OPTIONS}"
scripts/tools.sh >&2
if [ $# -eq 0 ]; then exec node src/cli/main.ts playground; fi
scripts/redis-up.sh >&2
kubeconfig_line=$(scripts/cluster/up.sh | tail -n 1)
export "${kubeconfig_line?}"
eval "$(scripts/seed-demo.sh)"
exec node src/cli/main.ts "$@"
