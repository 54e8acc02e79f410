#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs, builds, starts a real Kafka
# for the run (unless KAFKA_BROKERS is set) and runs every test. Extra arguments go to vitest.
source "$(dirname "$0")/lib/prepare.sh"

# The live fleet page is tested in a real headless browser: Debian's chromium.
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing chromium for the browser test (apt-get install chromium)…" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >&2 \
      || echo "warning: chromium could not be installed; the browser test will fail in CI and be skipped elsewhere" >&2
  else
    echo "warning: /usr/bin/chromium is missing: the browser test needs it (sudo apt-get install chromium); it fails in CI and is skipped elsewhere" >&2
  fi
fi
export LOG_LEVEL="${LOG_LEVEL:-error}"
results=$(mktemp -t telematics-vitest-XXXXXX.json)
trap 'rm -f "$results"' EXIT
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json="$results" "$@" || status=$?
# One plain closing line, the same for every runner that reads it.
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
' "$results" 2>/dev/null || echo "tests: no results were written (vitest exit code $status)"
exit "$status"
