#!/usr/bin/env bash
# The vehicle package on a fresh Debian, end to end (packaging/README.md):
#   1. builds telematics-agent_<version>_<arch>.deb (scripts/package-deb.sh);
#   2. debootstraps a clean Debian root (minbase) from this machine's Debian mirror;
#   3. in it, exactly the README's Raspberry Pi steps: apt install ./telematics-agent_*.deb
#      (nodejs comes from Debian), edit /etc/telematics/agent.json, systemctl enable --now;
#   4. runs the installed agent in the root (chroot; systemd does not run in a chroot, so the
#      unit's ExecStart is run as its User with its Environment) against a virtual GPS on the
#      host (gps replay, a real PTY) and a gateway on 127.0.0.1 with a real Kafka, until the
#      agent's positions are read back from Kafka; then `telematics diag` in the root.
# Prints the time of each step. Needs root (debootstrap, chroot, mounts).
#
#   bash scripts/check-deb-install.sh [--suite trixie] [--deb FILE] [--keep-root]
#
# --deb FILE checks a package built before (say, for arm64: packaging/README.md) instead of
# building one; a foreign architecture's root runs under qemu-user (binfmt_misc must know it).
# SUITE defaults to trixie: the first Debian release whose nodejs is >= 20 (bookworm has 18.20,
# bookworm-backports none); the package depends on Debian's nodejs (>= 20). DEBIAN_MIRROR
# overrides the mirror read from /etc/apt. The downloaded .debs are cached in
# ~/.cache/telematics/debs/<suite>-<arch> (debootstrap's and apt's); the root never is.
source "$(dirname "$0")/lib/install-build.sh"

suite=trixie
keep_root=false
given_deb=
while [ $# -gt 0 ]; do
  case $1 in
    --suite) suite=$2; shift 2 ;;
    --deb) given_deb=$(realpath "$2"); shift 2 ;;
    --keep-root) keep_root=true; shift ;;
    *) fail "unknown argument $1" "usage: bash scripts/check-deb-install.sh [--suite SUITE] [--deb FILE] [--keep-root]" ;;
  esac
done
[ "$(id -u)" = 0 ] || fail "this check needs root (debootstrap, chroot, mounts)." "run it as root, e.g. sudo bash scripts/check-deb-install.sh"
[ -e /dev/ptmx ] && [ -d /dev/pts ] || fail "no /dev/pts here: the virtual GPS needs pseudo-terminals."

started=$(date +%s)
step_started=$started
timings=()
step() { # step NAME: closes the previous step's timer
  local now; now=$(date +%s)
  [ -n "${step_name:-}" ] && timings+=("$(printf '%-44s %4d s' "$step_name" $((now - step_started)))")
  step_name=$1; step_started=$now
  printf '\n== %s ==\n' "$1" >&2
}

arch=$(dpkg --print-architecture)
if [ -n "$given_deb" ]; then
  arch=$(dpkg-deb -f "$given_deb" Architecture)
  if [ "$arch" != "$(dpkg --print-architecture)" ]; then
    grep -qs '^enabled' /proc/sys/fs/binfmt_misc/qemu-* \
      || fail "$arch binaries do not run here: binfmt_misc has no qemu handler." "apt-get install qemu-user-static (and mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc)"
  fi
fi
mirror=${DEBIAN_MIRROR:-$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i ~ /\/debian\/?$/) { print $i; exit } }' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)}
mirror=${mirror:-$(awk '$1 == "deb" && $2 ~ /\/debian\/?$/ { print $2; exit }' /etc/apt/sources.list 2>/dev/null || true)}
[ -n "$mirror" ] || fail "no Debian mirror in /etc/apt." "set DEBIAN_MIRROR=http://deb.debian.org/debian"
cache=${XDG_CACHE_HOME:-$HOME/.cache}/telematics/debs/$suite-$arch
mkdir -p "$cache/debootstrap" "$cache/apt"
work=$(mktemp -d -t telematics-deb-check-XXXXXX)
root=$work/root
pids=()

cleanup() {
  local status=$?
  step finished
  printf '%s\n' "${timings[@]}" >&2
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "${brokers_dir:-}" ] && node dist/cli/telematics.js kafka down --dir "$brokers_dir" >/dev/null 2>&1 || true
  # Unmount everything under the root (deepest first) before anything is deleted: /dev is the host's.
  if [ -d "$root" ]; then
    findmnt -rno TARGET | grep -F "$root/" | sort -r | while read -r m; do umount "$m" || umount -l "$m"; done
  fi
  if findmnt -rno TARGET | grep -qF "$root/"; then
    echo "warning: mounts remain under $root; not deleting it" >&2
  elif [ "$keep_root" = true ]; then
    echo "kept the root: $root" >&2
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT

if [ -n "$given_deb" ]; then
  deb=$given_deb
else
  step "build the package"
  deb=$(bash scripts/package-deb.sh --out "$work" | tail -1)
fi
ls -l "$deb" >&2

step "debootstrap: download ($suite, $mirror)"
command -v debootstrap >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap; } >&2
debootstrap --arch="$arch" --variant=minbase --download-only --cache-dir="$cache/debootstrap" "$suite" "$root.dl" "$mirror" >"$work/debootstrap-dl.log" 2>&1 \
  || { tail -20 "$work/debootstrap-dl.log" >&2; fail "debootstrap could not download $suite from $mirror"; }
rm -rf "$root.dl"

step "debootstrap: install the base system"
debootstrap --arch="$arch" --variant=minbase --cache-dir="$cache/debootstrap" "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1 \
  || { tail -20 "$work/debootstrap.log" >&2; fail "debootstrap failed (log above)"; }
du -sh "$root" >&2

mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
# apt's downloads survive the root (the cache of .debs); nothing else does.
mount --bind "$cache/apt" "$root/var/cache/apt/archives"
cp /etc/resolv.conf "$root/etc/resolv.conf"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }

step "apt: update the package lists"
in_root apt-get update -qq >&2

step "apt: download the package's dependencies"
cp "$deb" "$root/root/"
debfile=$(basename "$deb")
in_root sh -c "cd /root && apt-get install -y --download-only ./$debfile" >"$work/apt-download.log" 2>&1 \
  || { grep -A3 -E '^The following packages have unmet dependencies|^E:' "$work/apt-download.log" >&2; fail "apt cannot install $debfile on $suite"; }

step "README: apt install ./telematics-agent_*.deb"
in_root sh -c "cd /root && apt install -y ./telematics-agent_*.deb" >"$work/apt-install.log" 2>&1 || { tail -30 "$work/apt-install.log" >&2; fail "apt install failed"; }
grep -E '^(Setting up|Selecting|Unpacking) ' "$work/apt-install.log" | grep -c '^Setting up' | xargs printf '%s packages set up\n' >&2
in_root dpkg-query -W -f='${Package} ${Version}\n' nodejs telematics-agent systemd >&2
in_root id telematics >&2
in_root stat -c '%A %U:%G %n' /etc/telematics/agent.json >&2
in_root systemctl is-enabled telematics-agent.service >&2 || true
unconfigured=$(in_root /usr/bin/node /usr/lib/telematics/dist/agent/main.js agent --config /etc/telematics/agent.json 2>&1) && fail "the agent started unconfigured"
echo "$unconfigured" | head -5 >&2

step "host: Kafka, a gateway on 127.0.0.1, a virtual GPS"
if [ -z "${KAFKA_BROKERS:-}" ]; then
  brokers_dir=$work/kafka
  port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
  KAFKA_BROKERS=$(node dist/cli/telematics.js kafka up --dir "$brokers_dir" --port "$port" 2>"$work/kafka.log" | tail -1) || { tail "$work/kafka.log" >&2; fail "kafka up failed"; }
  export KAFKA_BROKERS
fi
topic=deb-check-$(date +%s)
vehicle=deb-check-truck
token=$(node dist/cli/telematics.js gateway add-device "$vehicle" --registry "$work/devices.json" 2>/dev/null)
node dist/cli/telematics.js gateway --port 0 --registry "$work/devices.json" --topic "$topic" >"$work/gateway.out" 2>"$work/gateway.log" & pids+=($!)
# A real 1 Hz urban trip (rendered as NMEA), ten times faster, stamped from now on.
node dist/cli/telematics.js gps replay ../shared/data/trips/ndsbr_curitiba_cars/ndsbr_normalized.csv --trip A-trip05 --now --rate 10 --loop >"$work/replay.out" 2>"$work/replay.log" & pids+=($!)
wait_for_line() { # FILE WHAT: the file's first line, within 60 s
  for _ in $(seq 600); do [ -s "$1" ] && { head -1 "$1"; return; }; sleep 0.1; done
  fail "no $2 after 60 s" "see $(dirname "$1")"
}
gateway_url=$(wait_for_line "$work/gateway.out" "gateway URL")
until grep -q '^/' "$work/replay.out" 2>/dev/null; do sleep 0.1; done
device=$(readlink -f "$(grep '^/' "$work/replay.out" | tail -1)")
# What the package's udev rule does for a real receiver: the tty belongs to dialout.
chgrp "$(in_root getent group dialout | cut -d: -f3)" "$device" && chmod 0660 "$device"
echo "gateway $gateway_url, topic $topic; virtual GPS $device" >&2

step "README: edit /etc/telematics/agent.json"
# Truncated and rewritten in place, as an editor saving it would: its owner and mode stay.
cat >"$root/etc/telematics/agent.json" <<EOF
{
  "serial": "$device",
  "baud": "auto",
  "gateway": "$gateway_url",
  "vehicleId": "$vehicle",
  "token": "$token"
}
EOF

step "README: systemctl enable --now telematics-agent"
# In a chroot systemctl enables the unit, then refuses --now (no systemd running there).
enable_output=$(in_root systemctl enable --now telematics-agent 2>&1) \
  || grep -q -- '--now cannot be used when systemd is not running' <<<"$enable_output" || fail "systemctl enable --now failed: $enable_output"
echo "$enable_output" >&2
[ "$(in_root systemctl is-enabled telematics-agent.service)" = enabled ] || fail "systemctl enable did not enable the unit"
# So the script starts the unit's ExecStart as systemd would: as its User and Group, with its
# Environment, ConfigurationDirectory, StateDirectory and RuntimeDirectory.
unit=$root/usr/lib/systemd/system/telematics-agent.service
unit_value() { sed -n "s/^$1=//p" "$unit"; }
user=$(unit_value User)
uid=$(in_root id -u "$user"); gid=$(in_root getent group "$(unit_value Group)" | cut -d: -f3)
groups=$(in_root id -G "$user" | tr ' ' ',')
for d in "/var/lib/$(unit_value StateDirectory)" "/run/$(unit_value RuntimeDirectory)"; do install -d -o "$uid" -g "$gid" -m 0750 "$root$d"; done
exec_start=$(unit_value ExecStart | sed "s|\${CONFIGURATION_DIRECTORY}|/etc/$(unit_value ConfigurationDirectory)|")
mapfile -t environment < <(unit_value Environment)
chroot --userspec="$uid:$gid" --groups="$groups" "$root" env -i PATH=/usr/bin:/bin "${environment[@]}" \
  CONFIGURATION_DIRECTORY="/etc/$(unit_value ConfigurationDirectory)" STATE_DIRECTORY="/var/lib/$(unit_value StateDirectory)" RUNTIME_DIRECTORY="/run/$(unit_value RuntimeDirectory)" \
  $exec_start 2>"$work/agent.log" & agent_pid=$!
pids+=("$agent_pid")
echo "agent: $exec_start (pid $agent_pid, uid $uid, groups $groups)" >&2

step "wait for the agent's positions in Kafka"
node --input-type=module -e '
  const [topic, vehicle, want] = process.argv.slice(1);
  const { createKafka } = await import(process.cwd() + "/dist/kafka/config.js");
  const { endOffsets, rangesBetween, readRanges } = await import(process.cwd() + "/dist/kafka/range-reader.js");
  const { checkPositionRecord } = await import(process.cwd() + "/dist/protocol/position-record-check.js");
  const kafka = createKafka("deb-check");
  const deadline = Date.now() + 180_000;
  const seqs = new Set();
  let from = new Map();
  for (;;) {
    const to = await endOffsets(kafka, topic);
    await readRanges(kafka, { topic, ranges: rangesBetween(from, to), groupIdPrefix: "deb-check", timeoutMs: 30_000, onMessage: (m) => {
      if (m.key?.toString() !== vehicle) throw new Error(`a record keyed ${m.key} in ${topic}`);
      const checked = checkPositionRecord(m);
      if ("problem" in checked) throw new Error(`not a position record in ${topic}: ${checked.problem.message}`);
      seqs.add(checked.record.seq);
    } });
    from = to;
    if (seqs.size >= Number(want)) break;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${want} positions of ${vehicle} in ${topic}; got ${seqs.size}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  const max = Math.max(...seqs);
  console.error(`${seqs.size} positions of ${vehicle} in Kafka (${topic}), seq 1…${max}${seqs.size === max ? ", no gap" : ""}`);
' "$topic" "$vehicle" 10 || { tail -20 "$work/agent.log" >&2; fail "the agent's positions did not reach Kafka"; }
kill -0 "$agent_pid" || fail "the agent exited" "$(tail -5 "$work/agent.log")"
if [ "$arch" = "$(dpkg --print-architecture)" ]; then
  awk '/^(VmRSS|VmHWM)/ { printf "agent (Debian nodejs) %s %.1f MiB\n", $1, $2 / 1024 }' "/proc/$agent_pid/status" >&2
fi

step "README: telematics diag (in the root)"
in_root telematics diag >&2 || echo "(diag exit $?)" >&2

step "stop the agent (SIGTERM)"
kill -TERM "$agent_pid"
agent_status=0; wait "$agent_pid" || agent_status=$?
[ "$agent_status" = 0 ] || fail "the agent exited with $agent_status on SIGTERM" "$(tail -5 "$work/agent.log")"
printf '\n== fresh-root install check passed (%s, %s) in %d s ==\n' "$suite" "$arch" $(( $(date +%s) - started ))
