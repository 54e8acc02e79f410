#!/usr/bin/env bash
# The whole suite (scripts/test.sh) N times in a row (default 5) with a CPU hog busy on every
# core, to prove the suite holds on a loaded machine. Prints one line per run and a summary;
# exits 1 if any run failed. Logs go to LOG_DIR (default a new temporary directory).
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
log_dir=${LOG_DIR:-$(mktemp -d -t telematics-loaded-runs-XXXXXX)}
mkdir -p "$log_dir"

hogs=()
stop_hogs() { [ ${#hogs[@]} -gt 0 ] && kill "${hogs[@]}" 2>/dev/null; wait 2>/dev/null; }
trap stop_hogs EXIT
for _ in $(seq "$(nproc)"); do
  node -e 'for (;;) {}' &
  hogs+=($!)
done
echo "$(nproc) CPU hogs running (pids ${hogs[*]}); logs in $log_dir" >&2

failed=0
for i in $(seq "$runs"); do
  start=$(date +%s)
  bash scripts/test.sh >"$log_dir/run-$i.log" 2>&1
  rc=$?
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  results=$(grep -E '^tests \(' "$log_dir/run-$i.log" | tr '\n' ';' | sed 's/;$//')
  echo "run $i/$runs: exit $rc in $(( $(date +%s) - start )) s, load average $load; ${results:-no test summary (see $log_dir/run-$i.log)}"
  [ "$rc" -eq 0 ] || failed=$((failed + 1))
done
echo "$((runs - failed)) of $runs loaded runs green"
[ "$failed" -eq 0 ]
