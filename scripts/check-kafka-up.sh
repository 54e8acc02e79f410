#!/usr/bin/env bash
# `telematics kafka up` then `kafka down` on N fresh directories (default 100), as a user's
# first start would: every one must format and serve. Prints failures and start times.
# Needs a build (npm run build) and the broker's prerequisites (Java 17+, Maven).
set -uo pipefail
cd "$(dirname "$0")/.."
n=${1:-100}
work=$(mktemp -d -t telematics-kafka-up-XXXXXX)
trap 'rm -rf "$work"' EXIT
cli="node dist/cli/telematics.js"
failures=0
times=()
for i in $(seq "$n"); do
  dir="$work/$i"
  port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  start=$(date +%s%N)
  if out=$(KAFKA_BROKERS= LOG_LEVEL=warn $cli kafka up --dir "$dir" --port "$port" 2>&1) && [ "$(tail -n1 <<<"$out")" = "127.0.0.1:$port" ]; then
    times+=($(( ($(date +%s%N) - start) / 1000000 )))
  else
    failures=$((failures + 1))
    echo "directory $i: kafka up failed:" >&2
    tail -n 20 <<<"$out" >&2
  fi
  $cli kafka down --dir "$dir" >/dev/null 2>&1
  rm -rf "$dir"
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
count=${#times[@]}
if [ "$count" -gt 0 ]; then
  echo "kafka up (format + start + topic) on $n fresh directories: $failures failed; ms min $(head -n1 <<<"$sorted"), median $(sed -n "$(( (count + 1) / 2 ))p" <<<"$sorted"), max $(tail -n1 <<<"$sorted")"
else
  echo "kafka up on $n fresh directories: all $failures failed"
fi
[ "$failures" -eq 0 ]
