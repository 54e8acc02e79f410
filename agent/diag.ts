import { existsSync, statfsSync } from 'node:fs';
import http from 'node:http';
import { dirname } from 'node:path';
import { formatDuration } from '../common/duration.js';
import { DIAG_CHECKS } from './diag-checks.js';
import { readBufferSnapshot, type BufferSnapshot } from './position-buffer.js';
import { readStatusFile, type StatusFileContent } from './status-file.js';
import { lazyBuiltin } from '../common/lazy-builtin.js';
import { HEALTH_PATH, readGatewayHealth } from '../protocol/upload-contract.js';
import { classifyUplinkError, type UplinkError } from './uplink-errors.js';

const https = lazyBuiltin<typeof import('node:https')>('node:https');

export const DIAG_DEFAULTS = {
  gatewayTimeoutMs: 3_000,
  /** A sentence older than this means the receiver went quiet. */
  sentenceWarnS: 5,
  sentenceFailS: 30,
  /** A fix older than this is not live: not where the truck is now, and no reference for the clock. */
  fixStaleS: 5,
  /** No fix for longer than this is an antenna or receiver problem, not a tunnel. */
  fixLostFailS: 60,
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

export type DiagThresholds = typeof DIAG_DEFAULTS;

export type Level = 'OK' | 'WARN' | 'FAIL';

export interface DiagCheck {
  /** Stable identifier (see agent/README.md). */
  id: string;
  level: Level;
  summary: string;
  /** What to do, for WARN and FAIL. */
  action?: string;
}

/** A satellite as gpsd's SKY names it: PRN, signal strength (C/N0, dB-Hz), used in the solution. */
export interface DiagSatellite {
  prn: number;
  snr: number | null;
  used: boolean;
}

/**
 * What diag read, once, from the status file, the buffer and the gateway: the report's data,
 * from which every check and every summary line is made (so the text and `--json` agree).
 * Fields are null when unknown.
 */
export interface DiagFacts {
  agent: {
    running: boolean;
    pid: number | null;
    version: string | null;
    uptimeS: number | null;
    statusFile: string;
    statusAgeS: number | null;
    vehicleId: string | null;
    /** Why the running agent calls itself unhealthy (empty when healthy or not running). */
    problems: string[];
  };
  gps: {
    device: string | null;
    baud: number | null;
    baudSetting: number | 'auto' | null;
    state: string | null;
    lastError: string | null;
    lastSentenceAgeS: number | null;
    sentencesPerSec: number | null;
    sentences: number | null;
    checksumErrors: number | null;
    droppedLines: number | null;
    fixMode: number | null;
    /** Seconds since the last 2D/3D fix arrived. */
    fixAgeS: number | null;
    lastFixTime: string | null;
    lat: number | null;
    lon: number | null;
    /** Satellites used in the solution. */
    uSat: number | null;
    /** Satellites seen (from the receiver's sky view, when it reports one). */
    nSat: number | null;
    satellites: DiagSatellite[] | null;
    hdop: number | null;
    pdop: number | null;
    vdop: number | null;
    /** System clock minus GPS time; only against a live fix (null otherwise). */
    clockOffsetS: number | null;
    /** Fixes the plausibility stage accepted since the agent started. */
    acceptedFixes: number | null;
    /** Fixes the plausibility stage rejected since the agent started, by reason (agent/plausibility.ts). */
    rejectedFixes: Record<string, number> | null;
    /** Fixes whose position static navigation held where the vehicle stopped. */
    heldFixes: number | null;
  };
  buffer: {
    /** Where the figures come from: the running agent's status (including what it holds in memory), else the database. */
    source: 'agent' | 'database' | null;
    path: string;
    readError: string | null;
    epoch: string | null;
    lastSeq: number | null;
    depth: number | null;
    pendingInMemory: number | null;
    oldestUnsentAgeS: number | null;
    dbBytes: number | null;
    walBytes: number | null;
    dropsCapacity: number | null;
    dropsMemory: number | null;
    quarantinedBatches: number | null;
    quarantinedPositions: number | null;
    /** What the quarantine holds now, from the database (the two above count everything ever quarantined; resend runs beside the agent). */
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
    /** Where the gateway URL came from: diag's flag, or what the agent says (`config file /etc/telematics/agent.json`, `flag --gateway`, `environment TELEMATICS_GATEWAY`). */
    gatewayFrom: string | null;
    tokenFrom: string | null;
    /** Where the CA file diag checked the gateway with came from (`diag flag --ca-file`); null: the system's CAs. */
    gatewayCaFrom: string | null;
    /** Where the running agent's CA file came from, when it has one (its uploads trust that CA). */
    agentCaFrom: string | null;
    reachable: boolean | null;
    healthzMs: number | null;
    healthzError: string | null;
    /** What the failed check means: its class (dns, no-route, refused, tls, auth, server-error, http, other), whether it passes by itself, in words. */
    healthzProblem: UplinkError | null;
    state: string | null;
    lastUploadAt: string | null;
    lastUploadAgeS: number | null;
    lastUploadPositions: number | null;
    lastResult: string | null;
    lastError: string | null;
    /** What the last upload's failure means (as healthzProblem); null when it succeeded. */
    lastUploadProblem: UplinkError | null;
    lastSuccessAt: string | null;
    /** 200 answers that were no gateway's acknowledgement (a captive portal, a proxy, a wrong URL): nothing was deleted. */
    notGatewayAnswers: number | null;
  };
}

/** `telematics diag --json` (schemaVersion 1): fields are null when unknown. */
export interface DiagReport extends DiagFacts {
  schemaVersion: 1;
  checkedAt: string;
  verdict: 'healthy' | 'degraded' | 'failing';
  exitCode: 0 | 1 | 2;
  checks: DiagCheck[];
}

export interface DiagInput {
  db: string;
  statusFile: string;
  /** Default: the gateway the running agent reports. */
  gateway?: string;
  /** Where `gateway` came from (e.g. `diag flag --gateway`). */
  gatewayFrom?: string;
  /** PEM of the CA(s) the gateway's certificate chains to (`--ca-file`), else the system's. */
  gatewayCa?: string;
  /** Where `gatewayCa` came from (default `diag flag --ca-file`). */
  gatewayCaFrom?: string;
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
const ageS = (now: number, ms: number | undefined): number | null => (ms === undefined ? null : round1((now - ms) / 1000));

export interface GatewayProbe {
  reachable: boolean;
  ms: number;
  status?: number;
  /** Node's error code of a failed connection (ECONNREFUSED, ENOTFOUND, a TLS code). */
  code?: string;
  error?: string;
}

/** Most of a /healthz body diag reads: the gateway's answer is ~50 bytes; a portal's page is cut here. */
const HEALTH_BODY_MAX_BYTES = 4096;

/**
 * GET {gateway}/healthz, once, bounded by `timeoutMs`; `ca`: PEM of the CA(s) to trust instead of the
 * system's. Reachable only when the gateway itself answers (protocol/upload-contract.ts readGatewayHealth):
 * a 200 from anything else (a captive portal, a proxy) is `status: 200` with the reason.
 */
export function checkGateway(gateway: string, timeoutMs: number, ca?: string): Promise<GatewayProbe> {
  const started = Date.now();
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(HEALTH_PATH, gateway.endsWith('/') ? gateway : gateway + '/');
    } catch {
      resolve({ reachable: false, ms: 0, error: `not a URL: ${gateway}` });
      return;
    }
    const req = (url.protocol === 'https:' ? https() : http).get(url, { agent: false, timeout: timeoutMs, ...(ca !== undefined && { ca }) }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (body.length < HEALTH_BODY_MAX_BYTES) body += chunk;
      });
      res.on('end', () => {
        const ms = Date.now() - started;
        if (res.statusCode !== 200) return resolve({ reachable: false, ms, status: res.statusCode, error: `HTTP ${res.statusCode}` });
        const { problem } = readGatewayHealth(body);
        resolve(problem === undefined ? { reachable: true, ms } : { reachable: false, ms, status: 200, error: `HTTP 200 not from the gateway: ${problem}` });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ reachable: false, ms: Date.now() - started, error: err.message, ...(err.code && { code: err.code }) }));
  });
}

function readBuffer(db: string): { snap?: BufferSnapshot; error?: string } {
  if (!existsSync(db)) return { error: `no buffer database at ${db}` };
  try {
    return { snap: readBufferSnapshot(db) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

function freeDiskBytes(db: string): number | null {
  try {
    const fs = statfsSync(dirname(db));
    return fs.bavail * fs.bsize;
  } catch {
    // directory missing: the buffer check reports it
    return null;
  }
}

/** `bufferVehicleId`: the vehicle the buffer belongs to, when no agent says. */
function agentFacts(st: StatusFileContent | undefined, statusFile: string, bufferVehicleId: string | undefined, now: number): DiagFacts['agent'] {
  const statusAgeS = st ? (now - st.writtenAtMs) / 1000 : null;
  const running = Boolean(st && pidAlive(st.pid) && statusAgeS !== null && statusAgeS * 1000 < 3 * st.intervalMs + 2_000 && st.running);
  return {
    running,
    pid: st?.pid ?? null,
    version: st?.version ?? null,
    uptimeS: st ? Math.round(st.uptimeMs / 1000) : null,
    statusFile,
    statusAgeS: statusAgeS === null ? null : round1(statusAgeS),
    vehicleId: st?.vehicleId ?? bufferVehicleId ?? null,
    problems: running && !st!.health.alive ? st!.health.problems : [],
  };
}

function gpsFacts(st: StatusFileContent | undefined, now: number): DiagFacts['gps'] {
  const r = st?.gps.receiver;
  const fix = st?.gps.lastFix;
  const fixAgeS = ageS(now, st?.gps.lastValidFixAtMs);
  const live = fixAgeS !== null && fixAgeS <= DIAG_DEFAULTS.fixStaleS;
  const satellites = r?.satellites?.map((s) => ({ prn: s.PRN, snr: s.ss ?? null, used: s.used })) ?? null;
  return {
    device: r?.device ?? null,
    baud: r?.baud ?? null,
    baudSetting: r?.baudSetting ?? null,
    state: r?.state ?? null,
    lastError: r?.lastError ?? null,
    lastSentenceAgeS: ageS(now, r?.lastSentenceAtMs),
    sentencesPerSec: r?.sentencesPerSec ?? null,
    sentences: r?.sentences ?? null,
    checksumErrors: r?.checksumErrors ?? null,
    droppedLines: r?.droppedLines ?? null,
    fixMode: fix?.mode ?? null,
    fixAgeS,
    lastFixTime: fix?.time ?? null,
    lat: fix?.lat ?? null,
    lon: fix?.lon ?? null,
    uSat: fix?.uSat ?? satellites?.filter((s) => s.used).length ?? null,
    nSat: satellites?.length ?? null,
    satellites,
    hdop: fix?.hdop ?? null,
    pdop: fix?.pdop ?? null,
    vdop: fix?.vdop ?? null,
    clockOffsetS: live && st?.gps.clockOffsetMs !== undefined ? round1(st.gps.clockOffsetMs / 1000) : null,
    acceptedFixes: st?.plausibility?.accepted ?? null,
    rejectedFixes: st?.plausibility?.rejected ?? null,
    heldFixes: st?.plausibility?.held ?? null,
  };
}

/** One source for every buffer figure: the running agent's (it counts what it holds in memory), else the database file. */
function bufferFacts(db: string, running: boolean, st: StatusFileContent | undefined, read: { snap?: BufferSnapshot; error?: string }, now: number): DiagFacts['buffer'] {
  const live = running ? st!.buffer : undefined;
  const figures = live ?? read.snap;
  return {
    source: live ? 'agent' : read.snap ? 'database' : null,
    path: db,
    readError: read.error ?? null,
    epoch: figures?.epoch ?? null,
    lastSeq: figures?.lastSeq ?? null,
    depth: live ? live.depth + live.pendingInMemory : read.snap?.depth ?? null,
    pendingInMemory: live?.pendingInMemory ?? null,
    oldestUnsentAgeS: figures?.oldestUnsentTimeMs === undefined ? null : Math.round((now - figures.oldestUnsentTimeMs) / 1000),
    dbBytes: figures?.dbBytes ?? null,
    walBytes: figures?.walBytes ?? null,
    dropsCapacity: figures?.drops.capacity ?? null,
    dropsMemory: figures?.drops.memory ?? null,
    quarantinedBatches: figures?.quarantinedBatches ?? null,
    quarantinedPositions: figures?.quarantinedPositions ?? null,
    inQuarantineBatches: read.snap?.inQuarantine.batches ?? null,
    inQuarantinePositions: read.snap?.inQuarantine.positions ?? null,
    resentPositions: read.snap?.resentPositions ?? null,
    freeDiskBytes: freeDiskBytes(db),
    state: live?.state ?? null,
    lastError: live?.lastError?.message ?? null,
    integrity: read.snap?.integrity ?? null,
  };
}

function uplinkFacts(
  running: boolean,
  st: StatusFileContent | undefined,
  gateway: { url: string | null; from: string | null; caFrom: string | null; probe?: GatewayProbe },
  now: number,
): DiagFacts['uplink'] {
  const up = running ? st!.uplink : undefined;
  const last = up?.lastAttempt;
  const probe = gateway.probe;
  return {
    gateway: gateway.url,
    gatewayFrom: gateway.from,
    tokenFrom: st?.settingsFrom?.token ?? null,
    gatewayCaFrom: gateway.caFrom,
    agentCaFrom: st?.settingsFrom?.caFile ?? null,
    reachable: probe?.reachable ?? null,
    healthzMs: probe?.reachable ? probe.ms : null,
    healthzError: probe?.error ?? null,
    healthzProblem: probe && !probe.reachable ? classifyUplinkError({ status: probe.status, code: probe.code, message: probe.error }) : null,
    state: up?.state ?? null,
    lastUploadAt: iso(last?.atMs),
    lastUploadAgeS: ageS(now, last?.atMs),
    lastUploadPositions: last?.positions ?? null,
    lastResult: last ? (last.status !== undefined ? `HTTP ${last.status}` : 'network error') : null,
    lastError: last?.error ?? null,
    lastUploadProblem: last && !last.ok ? classifyUplinkError({ status: last.status, code: last.errorCode, message: last.error }) : null,
    lastSuccessAt: iso(up?.lastSuccessAtMs),
    notGatewayAnswers: up?.notGatewayAnswers ?? null,
  };
}

/**
 * Everything a field technician needs: one read of the status file, the buffer (read-only) and
 * a live gateway check, then every check on that one snapshot.
 */
export async function runDiag(input: DiagInput): Promise<DiagReport> {
  const now = input.nowMs ?? Date.now();
  const st = readStatusFile(input.statusFile);
  const buffer = readBuffer(input.db);
  const agent = agentFacts(st, input.statusFile, buffer.snap?.vehicleId, now);
  const gatewayUrl = input.gateway ?? st?.uplink.gateway ?? null;
  const gatewayFrom = input.gateway !== undefined ? (input.gatewayFrom ?? null) : (st?.settingsFrom?.gateway ?? null);
  const gatewayCaFrom = input.gatewayCa !== undefined ? (input.gatewayCaFrom ?? 'diag flag --ca-file') : null;
  const probe = gatewayUrl ? await checkGateway(gatewayUrl, input.gatewayTimeoutMs ?? DIAG_DEFAULTS.gatewayTimeoutMs, input.gatewayCa) : undefined;
  const facts: DiagFacts = {
    agent,
    gps: gpsFacts(st, now),
    buffer: bufferFacts(input.db, agent.running, st, buffer, now),
    uplink: uplinkFacts(agent.running, st, { url: gatewayUrl, from: gatewayFrom, caFrom: gatewayCaFrom, probe }, now),
  };
  const checks = DIAG_CHECKS.map((check) => check(facts, DIAG_DEFAULTS)).filter((c): c is DiagCheck => c !== undefined);
  const worst: Level = checks.some((c) => c.level === 'FAIL') ? 'FAIL' : checks.some((c) => c.level === 'WARN') ? 'WARN' : 'OK';
  return {
    schemaVersion: 1,
    checkedAt: new Date(now).toISOString(),
    verdict: worst === 'FAIL' ? 'failing' : worst === 'WARN' ? 'degraded' : 'healthy',
    exitCode: worst === 'FAIL' ? 2 : worst === 'WARN' ? 1 : 0,
    checks,
    ...facts,
  };
}

const known = (v: number | null, unit = ''): string => (v === null ? '?' : `${v}${unit}`);

/** The figures a technician compares with cgps/gpsmon, the last upload, and where the uplink settings came from. */
function detailLines(report: DiagReport): string[] {
  const { gps, uplink } = report;
  const lines: string[] = [];
  if (gps.fixMode !== null || gps.sentencesPerSec !== null) {
    const fix = gps.fixAgeS === null ? 'no fix yet' : `${gps.fixMode === 3 ? '3D' : gps.fixMode === 2 ? '2D' : 'no'} fix ${formatDuration(gps.fixAgeS * 1000)} old`;
    const where = gps.lat !== null && gps.lon !== null ? ` at ${gps.lat.toFixed(6)}, ${gps.lon.toFixed(6)} (${gps.lastFixTime})` : '';
    lines.push(
      `gps      ${fix}${where}; satellites ${known(gps.uSat)} used / ${known(gps.nSat)} seen; PDOP ${known(gps.pdop)} HDOP ${known(gps.hdop)} VDOP ${known(gps.vdop)}; ${known(gps.sentencesPerSec)} sentences/s`,
    );
  }
  if (gps.satellites?.length) lines.push(`sky      ${gps.satellites.map((s) => `${s.prn}${s.used ? '*' : ''}:${known(s.snr)}`).join(' ')}  (PRN:SNR dB-Hz, * used)`);
  if (uplink.lastUploadAt)
    lines.push(
      `upload   last ${formatDuration((uplink.lastUploadAgeS ?? 0) * 1000)} ago: ${uplink.lastUploadPositions} positions, ${uplink.lastResult}${uplink.lastError ? ` (${uplink.lastError})` : ''}; last success ${uplink.lastSuccessAt ?? 'never'}`,
    );
  if (uplink.gateway) lines.push(`settings gateway ${uplink.gateway} from ${uplink.gatewayFrom ?? 'unknown'}; token from ${uplink.tokenFrom ?? 'unknown'}`);
  return lines;
}

export function formatDiag(report: DiagReport): string {
  const lines = report.checks.map((c) => `${c.level.padEnd(4)} ${c.id.padEnd(14)} ${c.summary}${c.action ? `\n     ${''.padEnd(14)} → ${c.action}` : ''}`);
  lines.push('', `${report.verdict.toUpperCase()} (exit ${report.exitCode})`, ...detailLines(report));
  return lines.join('\n') + '\n';
}
