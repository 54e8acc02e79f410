# Sourced by scripts/lib/prepare.sh and scripts/package-deb.sh: check Node.js, install the npm
# dependencies when they are missing or stale, build. Says exactly what is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

fail() { printf 'error: %s\n' "$1" >&2; [ -n "${2:-}" ] && printf 'hint: %s\n' "$2" >&2; exit 2; }

command -v node >/dev/null || fail "Node.js is not installed (need 20 or newer)." "Install Node.js 20 LTS (https://nodejs.org or your distribution's nodejs package)."
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || fail "Node.js $(node --version) is too old: need 20 or newer." "Install Node.js 20 LTS."

# Install the locked dependencies when node_modules is missing or older than the lock file.
# `npm install --no-save` rather than `npm ci`: the npm registries reachable here do not
# serve other platforms' optional binaries (rollup, esbuild), so the lock cannot list them
# and `npm ci` refuses it; install --no-save installs the locked versions and leaves the lock as it is.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing npm dependencies (npm install --no-save, from package-lock.json)…" >&2
  npm install --no-save --no-audit --no-fund >&2
fi

echo "Building (tsc)…" >&2
npm run --silent build >&2
