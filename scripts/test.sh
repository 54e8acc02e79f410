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
  # The compatibility set: the files whose Kafka calls differ — the broker's and the cluster's
  # life cycle, topics and offsets, the gateway's produce through broker loss and replicas,
  # consumer groups, commits, rollbacks and dead letters, the simulator's verify through a broker
  # restart, and the events topic with its scores consumer. The other Kafka-touching files make
  # the same calls; CI time (20 min) leaves them to the first pass. KAFKA_VERSION=3.9.1 npm test
  # -- FILE runs any on 3.9.
  kafka_tests=(
    kafka/broker.test.ts kafka/cluster.test.ts kafka/range-reader.test.ts kafka/reaper.test.ts kafka/cluster-id.test.ts
    gateway/server.test.ts gateway/broker-down.test.ts gateway/unknown-outcome.test.ts gateway/replicas.test.ts
    monitor/monitor.test.ts monitor/scale-out.test.ts monitor/rollback.test.ts monitor/poison-records.test.ts
    monitor/readiness.test.ts monitor/history.test.ts monitor/score-keeper.test.ts
    simulator/kafka-fault.test.ts simulator/verify.test.ts agent/driving-events-delivery.test.ts
  )
  for version in $(node -e 'import("./dist/kafka/broker-versions.js").then((m) => console.log(Object.keys(m.KAFKA_VERSIONS).filter((v) => v !== m.DEFAULT_KAFKA_VERSION).join(" ")))'); do
    echo "== the ${#kafka_tests[@]} files of the compatibility set again, on Kafka ${version} ==" >&2
    KAFKA_VERSION=$version run_pass "Kafka ${version}, compatibility set" "${kafka_tests[@]}" || status=$?
  done
fi
exit "$status"
