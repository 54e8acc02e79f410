#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs, builds, starts a real Kafka
# for the run (unless KAFKA_BROKERS is set) and runs every test. Extra arguments go to vitest.
source "$(dirname "$0")/lib/prepare.sh"
exec npx vitest run "$@"
