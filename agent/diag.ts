import { existsSync, statfsSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { dirname } from 'node:path';
import { readBufferSnapshot, type BufferSnapshot } from './position-buffer.js';
import { readStatusFile, type StatusFileContent } from './status-file.js';

export const DIAG_DEFAULTS = {
  gatewayTimeoutMs: 3_000,
  /** A sentence older than this means the receiver went quiet. */
  sentenceWarnS: 5,
  sentenceFailS: 30,
  hdopWarn: 5,
  clockOffsetWarnS: 2,
  oldestUnsentWarnS: 3_600,
  oldestUnsentFailS: 24 * 3_600,
  freeDiskWarnBytes: 200 * 1024 * 1024,
  freeDiskFailBytes: 20 * 1024 * 1024,
  checksumWarnRatio: 0.01,
  /** More than this share of fixes rejected as glitches is a receiver or antenna problem. */
  glitchWarnRatio: 0.05,
};

export type Level = 'OK' | 'WARN' | 'FAIL';

export interface DiagCheck {
  /** Stable identifier (see agent/README.md). */
  id: string;
  level: Level;
  summary: string;
  /** What to do, for WARN and FAIL. */
  action?: string;
}

/** `telematics diag --json` (schemaVersion 1): fields are null when unknown. */
export interface DiagReport {
  schemaVersion: 1;
  checkedAt: string;
  verdict: 'healthy' | 'degraded' | 'failing';
  exitCode: 0 | 1 | 2;
  checks: DiagCheck[];
  agent: { running: boolean; pid: number | null; version: string | null; uptimeS: number | null; statusFile: string; statusAgeS: number | null; vehicleId: string | null };
  gps: {
    device: string | null;
    baud: number | null;
    state: string | null;
    lastSentenceAgeS: number | null;
    sentencesPerSec: number | null;
    checksumErrors: number | null;
    droppedLines: number | null;
    fixMode: number | null;
    uSat: number | null;
    hdop: number | null;
    lastFixTime: string | null;
    lat: number | null;
    lon: number | null;
    clockOffsetS: number | null;
    /** Fixes the plausibility stage rejected since the agent started, by reason (agent/plausibility.ts). */
    rejectedFixes: Record<string, number> | null;
    /** Fixes whose position static navigation held where the vehicle stopped. */
    heldFixes: number | null;
  };
  buffer: {
    path: string;
    epoch: string | null;
    lastSeq: number | null;
    depth: number | null;
    oldestUnsentAgeS: number | null;
    dbBytes: number | null;
    walBytes: number | null;
    dropsCapacity: number | null;
    dropsMemory: number | null;
    quarantinedBatches: number | null;
    quarantinedPositions: number | null;
    /** What the quarantine holds now (the two above count everything ever quarantined). */
    inQuarantineBatches: number | null;
    inQuarantinePositions: number | null;
    /** Positions moved back into the queue by `telematics agent quarantine resend`. */
    resentPositions: number | null;
    freeDiskBytes: number | null;
    state: string | null;
    lastError: string | null;
    integrity: string | null;
  };
  uplink: {
    gateway: string | null;
    reachable: boolean | null;
    healthzMs: number | null;
    healthzError: string | null;
    state: string | null;
    lastUploadAt: string | null;
    lastResult: string | null;
    lastError: string | null;
    lastSuccessAt: string | null;
  };
}

export interface DiagInput {
  db: string;
  statusFile: string;
  /** Default: the gateway the running agent reports. */
  gateway?: string;
  gatewayTimeoutMs?: number;
  nowMs?: number;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const round1 = (n: number): number => Math.round(n * 10) / 10;
const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

export function checkGateway(gateway: string, timeoutMs: number): Promise<{ reachable: boolean; ms: number; error?: string }> {
  const started = Date.now();
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL('/healthz', gateway.endsWith('/') ? gateway : gateway + '/');
    } catch {
      resolve({ reachable: false, ms: 0, error: `not a URL: ${gateway}` });
      return;
    }
    const req = (url.protocol === 'https:' ? https : http).get(url, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve(res.statusCode === 200 ? { reachable: true, ms: Date.now() - started } : { reachable: false, ms: Date.now() - started, error: `HTTP ${res.statusCode}` }),
      );
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err) => resolve({ reachable: false, ms: Date.now() - started, error: err.message }));
  });
}

/** Everything a field technician needs, from the status file, the buffer (read-only) and a live gateway check. */
export async function runDiag(input: DiagInput): Promise<DiagReport> {
  const now = input.nowMs ?? Date.now();
  const o = DIAG_DEFAULTS;
  const checks: DiagCheck[] = [];
  const add = (id: string, level: Level, summary: string, action?: string): void => {
    checks.push(level === 'OK' ? { id, level, summary } : { id, level, summary, action });
  };

  // --- agent
  const st: StatusFileContent | undefined = readStatusFile(input.statusFile);
  const statusAgeS = st ? (now - st.writtenAtMs) / 1000 : null;
  const running = Boolean(st && pidAlive(st.pid) && statusAgeS !== null && statusAgeS * 1000 < 3 * st.intervalMs + 2_000 && st.running);
  if (running) add('agent', 'OK', `agent ${st!.version} running (pid ${st!.pid}), up ${Math.round(st!.uptimeMs / 1000)} s`);
  else
    add(
      'agent',
      'FAIL',
      st ? `agent not running (status file ${Math.round(statusAgeS!)} s old, pid ${st.pid})` : `agent not running (no status file ${input.statusFile})`,
      'systemctl status telematics-agent; journalctl -u telematics-agent -n 50; start it with systemctl start telematics-agent',
    );
  if (st && running && !st.health.alive) add('agent-health', 'FAIL', `agent unhealthy: ${st.health.problems.join(', ')}`, 'the watchdog restarts it; if it repeats, send journalctl -u telematics-agent to support');

  // --- gps (live part: only while the agent runs)
  const r = st?.gps.receiver;
  const fix = st?.gps.lastFix;
  const lastSentenceAgeS = r?.lastSentenceAtMs !== undefined ? (now - r.lastSentenceAtMs) / 1000 : null;
  if (running) {
    if (!r) add('gps-device', 'WARN', 'no receiver status (fixes come from another source)');
    else if (r.state === 'open') add('gps-device', 'OK', `${r.device} open at ${r.baud ?? '?'} baud`);
    else if (r.state === 'outage')
      add('gps-device', 'FAIL', `${r.device} unavailable: ${r.lastError ?? 'no device'}`, 'check the receiver cable and power; ls -l /dev/gps0 (udev rule 99-gps.rules); the agent reopens it every 2 s');
    else add('gps-device', 'WARN', `${r.device} ${r.state}${r.baudSetting === 'auto' ? ' (searching the baud rate)' : ''}`, 'wait a few seconds; if it stays, set --baud to the receiver\'s rate');

    if (lastSentenceAgeS === null || lastSentenceAgeS > o.sentenceFailS)
      add('gps-sentences', 'FAIL', lastSentenceAgeS === null ? 'no NMEA sentence received' : `last NMEA sentence ${Math.round(lastSentenceAgeS)} s ago`, 'check wiring and baud rate (try --baud auto); is the serial console disabled on this UART?');
    else if (lastSentenceAgeS > o.sentenceWarnS) add('gps-sentences', 'WARN', `last NMEA sentence ${round1(lastSentenceAgeS)} s ago`, 'the receiver paused: watch it with telematics diag again');
    else add('gps-sentences', 'OK', `${r?.sentencesPerSec ?? '?'} sentences/s, last ${round1(lastSentenceAgeS)} s ago`);

    if (r?.sentences && r.checksumErrors !== undefined && r.checksumErrors / r.sentences > o.checksumWarnRatio)
      add('gps-checksums', 'WARN', `${r.checksumErrors} checksum errors of ${r.sentences} sentences`, 'noise on the line or a wrong baud rate: check the cable/ground, try --baud auto');

    if (!fix || fix.mode < 2) add('gps-fix', 'FAIL', 'no position fix', 'the antenna needs open sky: check antenna cable and placement; a cold start can take minutes');
    else if (fix.mode === 2) add('gps-fix', 'WARN', `2D fix, ${fix.uSat ?? '?'} satellites, HDOP ${fix.hdop ?? '?'}`, 'partial sky view: check the antenna placement');
    else if (fix.hdop !== undefined && fix.hdop > o.hdopWarn) add('gps-fix', 'WARN', `3D fix but HDOP ${fix.hdop} (${fix.uSat ?? '?'} satellites)`, 'poor geometry or obstructed antenna');
    else add('gps-fix', 'OK', `3D fix, ${fix.uSat ?? '?'} satellites, HDOP ${fix.hdop ?? '?'}`);

    checkGlitches(st!, add);

    const off = st?.gps.clockOffsetMs;
    if (off !== undefined && Math.abs(off) / 1000 > o.clockOffsetWarnS)
      add('clock', 'WARN', `system clock is ${round1(off / 1000)} s off GPS time`, 'enable time sync (timedatectl set-ntp true, or chrony with the GPS as source)');
    else if (off !== undefined) add('clock', 'OK', `system clock within ${round1(Math.abs(off) / 1000)} s of GPS time`);
  }

  // --- buffer
  let snap: BufferSnapshot | undefined;
  let snapError: string | undefined;
  if (existsSync(input.db)) {
    try {
      snap = readBufferSnapshot(input.db);
    } catch (err) {
      snapError = (err as Error).message;
    }
  } else snapError = `no buffer database at ${input.db}`;
  const live = running ? st!.buffer : undefined;
  if (snapError) add('buffer', 'FAIL', `cannot read the buffer: ${snapError}`, 'give the right --db; if the file is damaged, stop the agent and move it aside (a new one is created)');
  else if (snap!.integrity !== 'ok') add('buffer', 'FAIL', `buffer damaged: ${snap!.integrity}`, 'stop the agent, move the database aside, start the agent (it creates a new buffer)');
  else if (live && live.state !== 'ok')
    add('buffer', 'FAIL', `buffer ${live.state}: ${live.lastError?.message ?? ''}; ${live.pendingInMemory} positions held in memory`, 'free disk space (journalctl --vacuum-size=50M, remove old files); the agent writes them as soon as it can');
  else add('buffer', 'OK', `${snap!.depth} positions waiting, last seq ${snap!.lastSeq}`);

  const oldestMs = live?.oldestUnsentTimeMs ?? snap?.oldestUnsentTimeMs;
  const oldestAgeS = oldestMs !== undefined ? (now - oldestMs) / 1000 : null;
  if (oldestAgeS !== null && oldestAgeS > o.oldestUnsentFailS) add('backlog', 'FAIL', `oldest unsent position is ${Math.round(oldestAgeS / 3600)} h old`, 'the truck has not uploaded for a day: check the uplink lines below');
  else if (oldestAgeS !== null && oldestAgeS > o.oldestUnsentWarnS) add('backlog', 'WARN', `oldest unsent position is ${Math.round(oldestAgeS / 60)} min old`, 'uploads are behind: check coverage and the gateway');

  const drops = live?.drops ?? snap?.drops;
  if (drops && drops.capacity + drops.memory > 0) add('drops', 'WARN', `${drops.capacity} positions dropped by the buffer cap, ${drops.memory} while the disk was full`, 'the truck was offline longer than the buffer holds, or the disk filled up');
  const inQuarantine = snap?.inQuarantine;
  if (inQuarantine && inQuarantine.batches > 0)
    add(
      'quarantine',
      'WARN',
      `${inQuarantine.batches} batch(es) rejected by the gateway (${inQuarantine.positions} positions) kept in quarantine`,
      `a gateway refusal is a bug: see why with telematics agent quarantine list --db ${input.db}; once fixed, telematics agent quarantine resend --db ${input.db}`,
    );

  let freeDisk: number | null = null;
  try {
    const fs = statfsSync(dirname(input.db));
    freeDisk = fs.bavail * fs.bsize;
  } catch {
    // directory missing: already reported above
  }
  if (freeDisk !== null) {
    const mb = Math.round(freeDisk / 1024 / 1024);
    if (freeDisk < o.freeDiskFailBytes) add('disk', 'FAIL', `${mb} MiB free on the buffer's file system`, 'free space now: journalctl --vacuum-size=50M, apt-get clean, remove old logs');
    else if (freeDisk < o.freeDiskWarnBytes) add('disk', 'WARN', `${mb} MiB free on the buffer's file system`, 'free space soon (journalctl --vacuum-size=50M, apt-get clean)');
    else add('disk', 'OK', `${mb} MiB free`);
  }

  // --- uplink
  const gateway = input.gateway ?? st?.uplink.gateway ?? null;
  let gw: { reachable: boolean; ms: number; error?: string } | undefined;
  if (gateway) {
    gw = await checkGateway(gateway, input.gatewayTimeoutMs ?? o.gatewayTimeoutMs);
    if (gw.reachable) add('gateway', 'OK', `${gateway} reachable (${gw.ms} ms)`);
    else add('gateway', 'FAIL', `${gateway} not reachable: ${gw.error}`, 'check the modem/SIM and APN (ping, ip route); check the gateway URL in /etc/telematics/agent.json');
  } else add('gateway', 'WARN', 'gateway unknown (agent not running)', 'give --gateway URL to check it');

  const up = running ? st!.uplink : undefined;
  if (up) {
    const last = up.lastAttempt;
    if (up.state === 'auth-failed') add('upload', 'FAIL', `gateway refuses the credentials (${last?.status}: ${last?.error})`, 'check vehicleId and token in /etc/telematics/agent.json against telematics gateway add-device');
    else if (up.state === 'rejected') add('upload', 'FAIL', `gateway refuses the requests (${last?.status}: ${last?.error})`, 'check the gateway URL');
    else if (last && !last.ok && last.status !== 400) add('upload', 'WARN', `last upload failed (${last.status ?? 'network'}: ${last.error}); retrying`, 'usually coverage: it recovers by itself; see the gateway line');
    else if (last) add('upload', 'OK', `last upload ${Math.round((now - last.atMs) / 1000)} s ago: ${last.positions} positions, HTTP ${last.status}`);
    else add('upload', 'OK', 'nothing uploaded yet');
  }

  const worst: Level = checks.some((c) => c.level === 'FAIL') ? 'FAIL' : checks.some((c) => c.level === 'WARN') ? 'WARN' : 'OK';
  const last = up?.lastAttempt;
  return {
    schemaVersion: 1,
    checkedAt: new Date(now).toISOString(),
    verdict: worst === 'FAIL' ? 'failing' : worst === 'WARN' ? 'degraded' : 'healthy',
    exitCode: worst === 'FAIL' ? 2 : worst === 'WARN' ? 1 : 0,
    checks,
    agent: {
      running,
      pid: st?.pid ?? null,
      version: st?.version ?? null,
      uptimeS: st ? Math.round(st.uptimeMs / 1000) : null,
      statusFile: input.statusFile,
      statusAgeS: statusAgeS === null ? null : round1(statusAgeS),
      vehicleId: st?.vehicleId ?? snap?.vehicleId ?? null,
    },
    gps: {
      device: r?.device ?? null,
      baud: r?.baud ?? null,
      state: r?.state ?? null,
      lastSentenceAgeS: lastSentenceAgeS === null ? null : round1(lastSentenceAgeS),
      sentencesPerSec: r?.sentencesPerSec ?? null,
      checksumErrors: r?.checksumErrors ?? null,
      droppedLines: r?.droppedLines ?? null,
      fixMode: fix?.mode ?? null,
      uSat: fix?.uSat ?? null,
      hdop: fix?.hdop ?? null,
      lastFixTime: fix?.time ?? null,
      lat: fix?.lat ?? null,
      lon: fix?.lon ?? null,
      clockOffsetS: st?.gps.clockOffsetMs === undefined ? null : round1(st.gps.clockOffsetMs / 1000),
      rejectedFixes: st?.plausibility?.rejected ?? null,
      heldFixes: st?.plausibility?.held ?? null,
    },
    buffer: {
      path: input.db,
      epoch: snap?.epoch ?? live?.epoch ?? null,
      lastSeq: live?.lastSeq ?? snap?.lastSeq ?? null,
      depth: live ? live.depth + live.pendingInMemory : snap?.depth ?? null,
      oldestUnsentAgeS: oldestAgeS === null ? null : Math.round(oldestAgeS),
      dbBytes: snap?.dbBytes ?? live?.dbBytes ?? null,
      walBytes: snap?.walBytes ?? live?.walBytes ?? null,
      dropsCapacity: drops?.capacity ?? null,
      dropsMemory: drops?.memory ?? null,
      quarantinedBatches: live?.quarantinedBatches ?? snap?.quarantinedBatches ?? null,
      quarantinedPositions: live?.quarantinedPositions ?? snap?.quarantinedPositions ?? null,
      inQuarantineBatches: inQuarantine?.batches ?? null,
      inQuarantinePositions: inQuarantine?.positions ?? null,
      resentPositions: snap?.resentPositions ?? null,
      freeDiskBytes: freeDisk,
      state: live?.state ?? null,
      lastError: live?.lastError?.message ?? null,
      integrity: snap?.integrity ?? null,
    },
    uplink: {
      gateway,
      reachable: gw?.reachable ?? null,
      healthzMs: gw?.reachable ? gw.ms : null,
      healthzError: gw?.error ?? null,
      state: up?.state ?? null,
      lastUploadAt: iso(last?.atMs),
      lastResult: last ? (last.status !== undefined ? `HTTP ${last.status}` : 'network error') : null,
      lastError: last?.error ?? null,
      lastSuccessAt: iso(up?.lastSuccessAtMs),
    },
  };
}

/** GPS glitches the agent's plausibility stage kept out of the data, by reason. */
function checkGlitches(st: StatusFileContent, add: (id: string, level: Level, summary: string, action?: string) => void): void {
  const counts = st.plausibility;
  if (!counts) return;
  const byReason = Object.entries(counts.rejected).filter(([, n]) => n > 0);
  const rejected = byReason.reduce((sum, [, n]) => sum + n, 0);
  const listed = byReason.map(([reason, n]) => `${reason} ${n}`).join(', ');
  const held = counts.held > 0 ? `; ${counts.held} held while standing` : '';
  if (rejected === 0) add('gps-glitches', 'OK', `no fix rejected as a glitch (${counts.accepted} accepted${held})`);
  else if (rejected / (rejected + counts.accepted) > DIAG_DEFAULTS.glitchWarnRatio)
    add('gps-glitches', 'WARN', `${rejected} of ${rejected + counts.accepted} fixes rejected as glitches (${listed})`, 'a receiver this jumpy has a poor sky view or a failing antenna: check the antenna cable and placement');
  else add('gps-glitches', 'OK', `${rejected} fixes rejected as glitches (${listed}), ${counts.accepted} accepted${held}`);
}

export function formatDiag(report: DiagReport): string {
  const lines = report.checks.map((c) => `${c.level.padEnd(4)} ${c.id.padEnd(14)} ${c.summary}${c.action ? `\n     ${''.padEnd(14)} → ${c.action}` : ''}`);
  lines.push('', `${report.verdict.toUpperCase()} (exit ${report.exitCode})`);
  if (report.gps.lastFixTime) lines.push(`last fix ${report.gps.lastFixTime} at ${report.gps.lat?.toFixed(6)}, ${report.gps.lon?.toFixed(6)}`);
  return lines.join('\n') + '\n';
}
