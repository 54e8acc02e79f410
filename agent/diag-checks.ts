import { formatDuration } from '../common/duration.js';
import type { DiagCheck, DiagFacts, DiagThresholds, Level } from './diag.js';
import { uplinkAdvice, type UplinkError } from './uplink-errors.js';

/**
 * `telematics diag`'s checks: each one small function of the one snapshot diag read (DiagFacts),
 * returning its line, or nothing when it has nothing to say. Every figure in a summary is a
 * figure of the snapshot, so the text and `--json` agree. A new check is one more function here.
 */
export type DiagCheckFn = (f: DiagFacts, o: DiagThresholds) => DiagCheck | undefined;

function line(id: string, level: Level, summary: string, action?: string): DiagCheck {
  return level === 'OK' || action === undefined ? { id, level, summary } : { id, level, summary, action };
}

const round1 = (n: number): number => Math.round(n * 10) / 10;
const ago = (s: number): string => formatDuration(s * 1000);

export const agentCheck: DiagCheckFn = ({ agent }) =>
  agent.running
    ? line('agent', 'OK', `agent ${agent.version} running (pid ${agent.pid}), up ${agent.uptimeS} s`)
    : line(
        'agent',
        'FAIL',
        agent.statusAgeS !== null ? `agent not running (status file ${Math.round(agent.statusAgeS)} s old, pid ${agent.pid})` : `agent not running (no status file ${agent.statusFile})`,
        'systemctl status telematics-agent; journalctl -u telematics-agent -n 50; start it with systemctl start telematics-agent',
      );

export const agentHealthCheck: DiagCheckFn = ({ agent }) =>
  agent.problems.length > 0
    ? line('agent-health', 'FAIL', `agent unhealthy: ${agent.problems.join(', ')}`, 'the watchdog restarts it; if it repeats, send journalctl -u telematics-agent to support')
    : undefined;

export const gpsDeviceCheck: DiagCheckFn = ({ agent, gps }) => {
  if (!agent.running) return undefined;
  if (gps.state === null) return line('gps-device', 'WARN', 'no receiver status (fixes come from another source)');
  if (gps.state === 'open') return line('gps-device', 'OK', `${gps.device} open at ${gps.baud ?? '?'} baud`);
  if (gps.state === 'outage')
    return line('gps-device', 'FAIL', `${gps.device} unavailable: ${gps.lastError ?? 'no device'}`, 'check the receiver cable and power; ls -l /dev/gps0 (udev rule 99-gps.rules); the agent reopens it every 2 s');
  return line('gps-device', 'WARN', `${gps.device} ${gps.state}${gps.baudSetting === 'auto' ? ' (searching the baud rate)' : ''}`, "wait a few seconds; if it stays, set --baud to the receiver's rate");
};

export const gpsSentencesCheck: DiagCheckFn = ({ agent, gps }, o) => {
  if (!agent.running) return undefined;
  const age = gps.lastSentenceAgeS;
  if (age === null || age > o.sentenceFailS)
    return line('gps-sentences', 'FAIL', age === null ? 'no NMEA sentence received' : `last NMEA sentence ${Math.round(age)} s ago`, 'check wiring and baud rate (try --baud auto); is the serial console disabled on this UART?');
  if (age > o.sentenceWarnS) return line('gps-sentences', 'WARN', `last NMEA sentence ${age} s ago`, 'the receiver paused: watch it with telematics diag again');
  return line('gps-sentences', 'OK', `${gps.sentencesPerSec ?? '?'} sentences/s, last ${age} s ago`);
};

export const gpsChecksumsCheck: DiagCheckFn = ({ agent, gps }, o) =>
  agent.running && gps.sentences && gps.checksumErrors !== null && gps.checksumErrors / gps.sentences > o.checksumWarnRatio
    ? line('gps-checksums', 'WARN', `${gps.checksumErrors} checksum errors of ${gps.sentences} sentences`, 'noise on the line or a wrong baud rate: check the cable/ground, try --baud auto')
    : undefined;

/** A fix counts only while it is live: an old one is where the truck was, not where it is. */
export const gpsFixCheck: DiagCheckFn = ({ agent, gps }, o) => {
  if (!agent.running) return undefined;
  if (gps.fixAgeS === null) return line('gps-fix', 'FAIL', 'no position fix', 'the antenna needs open sky: check antenna cable and placement; a cold start can take minutes');
  if (gps.fixAgeS > o.fixStaleS) {
    const level = gps.fixAgeS > o.fixLostFailS ? 'FAIL' : 'WARN';
    return line('gps-fix', level, `no live fix: the last one is ${ago(gps.fixAgeS)} old`, 'under open sky a fix returns within seconds (tunnel, garage); if not, check the antenna cable and the receiver (gps-device, gps-sentences)');
  }
  if (gps.fixMode !== 2 && gps.fixMode !== 3) return line('gps-fix', 'FAIL', 'no position fix', 'the antenna needs open sky: check antenna cable and placement; a cold start can take minutes');
  const sats = `${gps.uSat ?? '?'} satellites`;
  if (gps.fixMode === 2) return line('gps-fix', 'WARN', `2D fix, ${sats}, HDOP ${gps.hdop ?? '?'}`, 'partial sky view: check the antenna placement');
  if (gps.hdop !== null && gps.hdop > o.hdopWarn) return line('gps-fix', 'WARN', `3D fix but HDOP ${gps.hdop} (${sats})`, 'poor geometry or obstructed antenna');
  return line('gps-fix', 'OK', `3D fix ${ago(gps.fixAgeS)} old, ${sats}, HDOP ${gps.hdop ?? '?'}`);
};

/** GPS glitches the agent's plausibility stage kept out of the data, by reason; a receiver this jumpy needs a look. */
export const gpsGlitchesCheck: DiagCheckFn = ({ agent, gps }, o) => {
  if (!agent.running || gps.acceptedFixes === null || gps.rejectedFixes === null) return undefined;
  const byReason = Object.entries(gps.rejectedFixes).filter(([, n]) => n > 0);
  const rejected = byReason.reduce((sum, [, n]) => sum + n, 0);
  const listed = byReason.map(([reason, n]) => `${reason} ${n}`).join(', ');
  const held = gps.heldFixes ? `; ${gps.heldFixes} held while standing` : '';
  if (rejected === 0) return line('gps-glitches', 'OK', `no fix rejected as a glitch (${gps.acceptedFixes} accepted${held})`);
  const total = rejected + gps.acceptedFixes;
  if (rejected / total > o.glitchWarnRatio)
    return line('gps-glitches', 'WARN', `${rejected} of ${total} fixes rejected as glitches (${listed})`, 'a receiver this jumpy has a poor sky view or a failing antenna: check the antenna cable and placement');
  return line('gps-glitches', 'OK', `${rejected} fixes rejected as glitches (${listed}), ${gps.acceptedFixes} accepted${held}`);
};

/** Against a live fix only (clockOffsetS is null otherwise): an old fix, or none, says nothing about the clock. */
export const clockCheck: DiagCheckFn = ({ agent, gps }, o) => {
  const off = gps.clockOffsetS;
  if (!agent.running || off === null) return undefined;
  if (Math.abs(off) <= o.clockOffsetWarnS) return line('clock', 'OK', `system clock within ${round1(Math.abs(off))} s of GPS time`);
  return line(
    'clock',
    'WARN',
    `system clock is ${formatDuration(Math.abs(off) * 1000)} ${off > 0 ? 'ahead of' : 'behind'} GPS time (fix time ${gps.lastFixTime})`,
    'enable time sync (timedatectl set-ntp true, or chrony with the GPS as source); a fix time days or years off is a recorded capture being replayed or a receiver with a wrong week',
  );
};

export const bufferCheck: DiagCheckFn = ({ buffer }) => {
  if (buffer.readError !== null) return line('buffer', 'FAIL', `cannot read the buffer: ${buffer.readError}`, 'give the right --db; if the file is damaged, stop the agent and move it aside (a new one is created)');
  if (buffer.integrity !== 'ok') return line('buffer', 'FAIL', `buffer damaged: ${buffer.integrity}`, 'stop the agent, move the database aside, start the agent (it creates a new buffer)');
  if (buffer.state !== null && buffer.state !== 'ok')
    return line(
      'buffer',
      'FAIL',
      `buffer ${buffer.state}: ${buffer.lastError ?? ''}; ${buffer.pendingInMemory} positions held in memory`,
      'free disk space (journalctl --vacuum-size=50M, remove old files); the agent writes them as soon as it can',
    );
  return line('buffer', 'OK', `${buffer.depth} positions waiting, last seq ${buffer.lastSeq}`);
};

export const backlogCheck: DiagCheckFn = ({ buffer }, o) => {
  const age = buffer.oldestUnsentAgeS;
  if (age !== null && age > o.oldestUnsentFailS) return line('backlog', 'FAIL', `oldest unsent position is ${Math.round(age / 3600)} h old`, 'the truck has not uploaded for a day: check the uplink lines below');
  if (age !== null && age > o.oldestUnsentWarnS) return line('backlog', 'WARN', `oldest unsent position is ${Math.round(age / 60)} min old`, 'uploads are behind: check coverage and the gateway');
  return undefined;
};

export const dropsCheck: DiagCheckFn = ({ buffer }) =>
  (buffer.dropsCapacity ?? 0) + (buffer.dropsMemory ?? 0) > 0
    ? line('drops', 'WARN', `${buffer.dropsCapacity} positions dropped by the buffer cap, ${buffer.dropsMemory} while the disk was full`, 'the truck was offline longer than the buffer holds, or the disk filled up')
    : undefined;

/** What the quarantine holds now (a resent batch is no longer there), with the commands that list and resend it. */
export const quarantineCheck: DiagCheckFn = ({ buffer }) =>
  (buffer.inQuarantineBatches ?? 0) > 0
    ? line(
        'quarantine',
        'WARN',
        `${buffer.inQuarantineBatches} batch(es) rejected by the gateway (${buffer.inQuarantinePositions} positions) kept in quarantine`,
        `a gateway refusal is a bug: see why with telematics agent quarantine list --db ${buffer.path}; once fixed, telematics agent quarantine resend --db ${buffer.path}`,
      )
    : undefined;

export const diskCheck: DiagCheckFn = ({ buffer }, o) => {
  const free = buffer.freeDiskBytes;
  if (free === null) return undefined;
  const mb = Math.round(free / 1024 / 1024);
  if (free < o.freeDiskFailBytes) return line('disk', 'FAIL', `${mb} MiB free on the buffer's file system`, 'free space now: journalctl --vacuum-size=50M, apt-get clean, remove old logs');
  if (free < o.freeDiskWarnBytes) return line('disk', 'WARN', `${mb} MiB free on the buffer's file system`, 'free space soon (journalctl --vacuum-size=50M, apt-get clean)');
  return line('disk', 'OK', `${mb} MiB free`);
};

/** Coverage comes back by itself: degraded while the truck buffers. Anything someone must fix: failing. */
const levelOf = (error: UplinkError): Level => (error.transient ? 'WARN' : 'FAIL');

/** `caFrom`: the CA file the failed request trusted (diag's for its own check, the agent's for its uploads); null: the system's. */
function adviceFor(error: UplinkError, { uplink }: DiagFacts, caFrom: string | null): string {
  return uplinkAdvice(error, uplink.gateway ?? '?', {
    gatewayFrom: uplink.gatewayFrom ?? 'an unknown source',
    tokenFrom: uplink.tokenFrom ?? 'an unknown source',
    ...(caFrom !== null && { caFrom }),
  });
}

export const gatewayCheck: DiagCheckFn = (f) => {
  const { uplink } = f;
  if (uplink.gateway === null) return line('gateway', 'WARN', 'gateway unknown (agent not running)', 'give --gateway URL to check it');
  const error = uplink.healthzProblem;
  if (uplink.reachable || error === null) return line('gateway', 'OK', `${uplink.gateway} reachable (${uplink.healthzMs} ms)`);
  // The agent trusting a private CA that diag was not given explains a TLS failure here alone.
  const agentsCa = error.errorClass === 'tls' && uplink.gatewayCaFrom === null && uplink.agentCaFrom !== null ? `; the agent trusts the ${uplink.agentCaFrom}: give diag the same --ca-file` : '';
  return line('gateway', levelOf(error), `${uplink.gateway} not reachable: ${error.meaning} [${uplink.healthzError}]`, adviceFor(error, f, uplink.gatewayCaFrom) + agentsCa);
};

export const uploadCheck: DiagCheckFn = (f) => {
  const { agent, uplink, buffer } = f;
  if (!agent.running) return undefined;
  if (uplink.lastResult === null) return line('upload', 'OK', 'nothing uploaded yet');
  const error = uplink.lastUploadProblem;
  if (error === null) return line('upload', 'OK', `last upload ${ago(uplink.lastUploadAgeS ?? 0)} ago: ${uplink.lastUploadPositions} positions, ${uplink.lastResult}`);
  // A 400 is a rejected batch, set aside in quarantine (its own check); the queue goes on.
  if (uplink.lastResult === 'HTTP 400') return line('upload', 'OK', `last upload ${ago(uplink.lastUploadAgeS ?? 0)} ago: batch rejected (HTTP 400), quarantined`);
  const holding = uplink.state === 'auth-failed' || uplink.state === 'rejected' ? `uploads held (${uplink.state})` : `retrying; ${buffer.depth ?? '?'} positions buffered`;
  const advice = adviceFor(error, f, uplink.agentCaFrom);
  // Its error already says what answered: "answered 200 but is not a telematics gateway (positions kept): why".
  if (error.errorClass === 'not-gateway') return line('upload', 'FAIL', `the server at ${uplink.gateway} ${uplink.lastError}; ${holding}`, advice);
  return line('upload', levelOf(error), `last upload failed: ${error.meaning} [${uplink.lastResult}: ${uplink.lastError}]; ${holding}`, advice);
};

/** In report order. */
export const DIAG_CHECKS: DiagCheckFn[] = [
  agentCheck,
  agentHealthCheck,
  gpsDeviceCheck,
  gpsSentencesCheck,
  gpsChecksumsCheck,
  gpsFixCheck,
  gpsGlitchesCheck,
  clockCheck,
  bufferCheck,
  backlogCheck,
  dropsCheck,
  quarantineCheck,
  diskCheck,
  gatewayCheck,
  uploadCheck,
];
