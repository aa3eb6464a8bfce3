#!/usr/bin/env bash
# Runs Wheelhouse on its embedded default: the bot (app and worker in one process) against the
# local test cluster (started when absent) with a few demo releases, Redis, the rules-only
# analyzer and, without SLACK_BOT_TOKEN, a local fake Slack to talk to (`wheelhouse say`).
# Arguments replace the default `start --role all` (e.g. `npm start -- list`).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm install --no-audit --no-fund >&2
fi
export PATH="$PWD/node_modules/.bin:$PATH"
scripts/tools.sh >&2
scripts/redis-up.sh >&2
kubeconfig_line=$(scripts/cluster/up.sh | tail -n 1)
export "${kubeconfig_line?}"
eval "$(scripts/seed-demo.sh)"

if [ $# -eq 0 ]; then set -- start --role all; fi
exec node src/cli/main.ts "$@"
