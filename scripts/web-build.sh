#!/usr/bin/env bash
# Builds the web front end into web/dist (served by `kyosei serve`): checks Node.js,
# installs the npm packages from web/package-lock.json (npm ci; cache under build/), and
# runs the Vite build plus precompression (web/scripts/compress.mjs); the build first
# generates web/src/generated/ from docs/api/openapi.yaml (npm run gen:api, prebuild).
#
#   bash scripts/web-build.sh            used by scripts/run.sh and scripts/test.sh
set -euo pipefail
root_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root_dir"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "web-build: Node.js and npm are needed (run: bash scripts/install-deps.sh)" >&2
  exit 1
fi
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number);
              process.exit(a > 22 || (a === 22 && b >= 12) || (a === 20 && b >= 19) ? 0 : 1)'; then
  echo "web-build: the web front end needs Node.js 20.19+ or 22.12+ (Vite 8); this machine has" \
    "$(node --version). Install a newer nodejs package, then run this again." >&2
  exit 1
fi

stamp=web/node_modules/.package-lock.json
if [[ ! -f "$stamp" || web/package-lock.json -nt "$stamp" ]]; then
  npm --prefix web ci --no-audit --no-fund --loglevel=error --cache "$root_dir/build/npm-cache"
fi
npm --prefix web run --silent build
