# Sourced by scripts/test.sh and scripts/demo.sh: check the machine, install npm
# dependencies when they are missing or stale, build. Says exactly what is missing.
set -euo pipefail

if [ -z "${KAFKA_BROKERS:-}" ]; then
  command -v java >/dev/null || { printf 'error: %s\nhint: %s\n' "Java is not installed: the local Kafka broker needs Java 17+." "apt-get install openjdk-17-jre-headless (or set KAFKA_BROKERS=host:port to use your own Kafka)." >&2; exit 2; }
  command -v mvn >/dev/null || { printf 'error: %s\nhint: %s\n' "Maven is not installed: it fetches Kafka from Maven Central." "apt-get install maven (or set KAFKA_BROKERS=host:port to use your own Kafka)." >&2; exit 2; }
fi
source "$(dirname "${BASH_SOURCE[0]}")/install-build.sh"
