#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs, builds, starts a real Kafka
# for the run (unless KAFKA_BROKERS is set) and runs every test. Extra arguments go to vitest.
source "$(dirname "$0")/lib/prepare.sh"
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
