#!/usr/bin/env bash
# Installs the pinned SDK into a scratch directory and runs the SDK tests against $LLMP_BINARY.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/package.json" "$here"/*.mjs "$work/"
cd "$work"
npm install --no-audit --no-fund --loglevel=error >/dev/null
node --test --test-concurrency=1 ./*.test.mjs
