#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs, builds, starts a real Kafka
# for the run (unless KAFKA_BROKERS is set) and runs every test on the default Kafka
# version, then every Kafka-touching test again on each older Kafka line the project
# supports (kafka/broker-versions.ts). Extra arguments go to vitest (first pass only).
source "$(dirname "$0")/lib/prepare.sh"

# Debian tools some tests run for real; each such test fails in CI and is skipped elsewhere when its tool is missing.
install_debian_tool() {
  local binary=$1 package=$2 test=$3
  [ -x "$binary" ] && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing $package for the $test (apt-get install $package)…" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package"; } >&2 \
      || echo "warning: $package could not be installed; the $test will fail in CI and be skipped elsewhere" >&2
  else
    echo "warning: $binary is missing: the $test needs it (sudo apt-get install $package); it fails in CI and is skipped elsewhere" >&2
  fi
}
# The live fleet page is tested in a real headless browser: Debian's chromium.
install_debian_tool /usr/bin/chromium chromium "browser test"
# Gateway replicas are tested behind the real load balancer: Debian's HAProxy (gateway/haproxy.cfg).
install_debian_tool /usr/sbin/haproxy haproxy "balancer test"
export LOG_LEVEL="${LOG_LEVEL:-error}"
results=$(mktemp -t telematics-vitest-XXXXXX.json)
trap 'rm -f "$results"' EXIT

# One vitest pass; prints one plain line, the same for every runner that reads it.
run_pass() {
  local label=$1; shift
  local status=0
  npx vitest run --reporter=default --reporter=json --outputFile.json="$results" "$@" || status=$?
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const skipped = r.numPendingTests + r.numTodoTests;
    console.log(`tests (${process.argv[2]}): ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
  ' "$results" "$label" 2>/dev/null || echo "tests ($label): no results were written (vitest exit code $status)"
  return "$status"
}

status=0
default_version=$(node -e 'import("./dist/kafka/broker-versions.js").then((m) => console.log(m.selectKafkaVersion()))')
run_pass "Kafka ${default_version}" "$@" || status=$?

# The compatibility pass: only for a whole-suite run on the project's own brokers.
if [ $# -eq 0 ] && [ -z "${KAFKA_BROKERS:-}" ] && [ -z "${KAFKA_VERSION:-}" ]; then
  # Kafka-touching tests: those that use the run's broker (test/helpers/kafka.ts) or start their own (kafka/local-broker.ts).
  mapfile -t kafka_tests < <(grep -rl -E --include='*.test.ts' --exclude-dir=node_modules --exclude-dir=dist "test/helpers/kafka\.js|kafka/local-broker\.js" . | sort)
  # Left out of the compatibility pass to keep CI under 20 minutes: the longest end-to-end runs
  # (4.5 min together), whose Kafka calls (the gateway's acks=all produce, the range reader) are
  # the ones gateway/server.test.ts and simulator/kafka-fault.test.ts make in the pass.
  # KAFKA_VERSION=3.9.1 npm test -- <file> runs one of them on 3.9.
  compat_skips='^\./(simulator/simulation|agent/e2e|agent/deliverable)\.test\.ts$'
  mapfile -t kafka_tests < <(printf '%s\n' "${kafka_tests[@]}" | grep -v -E "$compat_skips")
  for version in $(node -e 'import("./dist/kafka/broker-versions.js").then((m) => console.log(Object.keys(m.KAFKA_VERSIONS).filter((v) => v !== m.DEFAULT_KAFKA_VERSION).join(" ")))'); do
    echo "== the ${#kafka_tests[@]} Kafka-touching test files again, on Kafka ${version} ==" >&2
    KAFKA_VERSION=$version run_pass "Kafka ${version}, Kafka-touching tests" "${kafka_tests[@]}" || status=$?
  done
fi
exit "$status"
