#!/usr/bin/env bash
# Issue 16's cluster scenarios (kafka/*.scenario.test.ts) on a local 3-node cluster, one file at a
# time: a fleet of 200 trucks through a leader crash, a controller crash, a rolling restart and
# two brokers down; three monitors in one group while a broker dies. Each prints its figures as
# SCENARIO lines. KAFKA_VERSION picks the Kafka line; extra arguments go to vitest.
source "$(dirname "$0")/lib/prepare.sh"
export LOG_LEVEL="${LOG_LEVEL:-error}"
exec npx vitest run --config vitest.scenarios.config.ts "$@"
