#!/usr/bin/env bash
# Fails when package-lock.json is not what a fresh `npm install` would write: resolves
# package.json again against the lockfile in a scratch copy (no node_modules, no scripts) and
# compares. A lockfile that lacks another platform's optional packages, or lags package.json,
# shows up here instead of as a rewritten lockfile on someone's fresh machine.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp "$root/package.json" "$root/package-lock.json" "$scratch/"
(cd "$scratch" && npm install --package-lock-only --ignore-scripts --no-audit --no-fund >/dev/null)
if ! cmp -s "$root/package-lock.json" "$scratch/package-lock.json"; then
  echo "lockfile: a fresh install rewrites package-lock.json; regenerate it with" >&2
  echo "  npm install --package-lock-only --ignore-scripts   (and commit it)" >&2
  diff -u "$root/package-lock.json" "$scratch/package-lock.json" | head -n 40 >&2 || true
  exit 1
fi
echo "lockfile: a fresh install leaves package-lock.json unchanged"
