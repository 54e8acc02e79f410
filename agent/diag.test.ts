import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../common/paths.js';
import type { Fix } from '../hw/fix.js';
import { freePort } from '../kafka/local-broker.js';
import { AgentCore, type FixSource, type ReceiverStatus } from './agent-core.js';
import { gpsFixCheck } from './diag-checks.js';
import { DIAG_DEFAULTS, formatDiag, runDiag, type DiagCheck, type DiagReport } from './diag.js';
import { PositionBuffer, readBufferSnapshot, resendQuarantined } from './position-buffer.js';
import { writeStatusFile } from './status-file.js';
import { ScriptedGateway, until } from './test-support.js';
import type { UploaderOptions } from './uploader.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'agent-diag-'));
  dirs.push(d);
  return d;
}
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** What the agent publishes about its settings when run from the Debian package's files (agent/cli.ts writes AgentConfig.settingsFrom). */
const SETTINGS_FROM = {
  gateway: 'config file /etc/telematics/agent.json',
  token: 'token file /etc/telematics/token, named by config file /etc/telematics/agent.json',
};

const byId = (report: DiagReport): Record<string, DiagCheck | undefined> => Object.fromEntries(report.checks.map((c) => [c.id, c]));

async function gateway(script?: ConstructorParameters<typeof ScriptedGateway>[0]): Promise<string> {
  const gw = new ScriptedGateway(script);
  const url = await gw.start();
  cleanups.push(() => gw.stop());
  return url;
}

/** An agent core running in this process on a fix source the test drives, publishing its status file as the agent does. */
async function runningAgent(gatewayUrl: string, uploader: Partial<UploaderOptions> = {}) {
  const dir = tempDir();
  const db = join(dir, 'agent.db');
  const statusFile = join(dir, 'status.json');
  const receiver: ReceiverStatus = { kind: 'serial', device: '/dev/gps0', baud: 9600, state: 'open', lastSentenceAtMs: Date.now(), sentencesPerSec: 3, sentences: 300, checksumErrors: 0, droppedLines: 0 };
  let onFix: ((fix: Fix) => void) | undefined;
  const source: FixSource = { start: (f) => void (onFix = f), stop: () => undefined, status: () => ({ ...receiver }) };
  const core = new AgentCore({ vehicleId: 'truck-1', gateway: gatewayUrl, token: 't', dbPath: db, source, sampler: { everyFix: true }, uploader: { intervalMs: 20, ...uploader } });
  await core.start();
  cleanups.push(() => core.stop());
  return {
    core,
    db,
    statusFile,
    receiver,
    /** A fix arriving now (its sentences too); GPS time now unless `fix` says. */
    emit(fix: Partial<Fix> = {}, timeMs = Date.now()): void {
      receiver.lastSentenceAtMs = Date.now();
      onFix!({ class: 'TPV', mode: 3, time: new Date(timeMs).toISOString(), lat: -25.4, lon: -49.2, speed: 0, uSat: 9, hdop: 0.8, ...fix });
    },
    publish(): void {
      writeStatusFile(statusFile, core.status(), 2_000, SETTINGS_FROM);
    },
    diag(gatewayTimeoutMs?: number): Promise<DiagReport> {
      return runDiag({ db, statusFile, gatewayTimeoutMs });
    },
  };
}

describe('telematics diag', () => {
  it('reports a stopped agent as failing, still reading the buffer and checking the gateway', async () => {
    const dir = tempDir();
    const db = join(dir, 'agent.db');
    const b = new PositionBuffer(db, { vehicleId: 'truck-1' });
    b.append({ timeMs: Date.now() - 7_200_000, lat: 1, lon: 2 });
    b.close();
    const report = await runDiag({ db, statusFile: join(dir, 'none.json'), gateway: 'http://127.0.0.1:1', gatewayTimeoutMs: 500 });
    expect(report).toMatchObject({ schemaVersion: 1, verdict: 'failing', exitCode: 2, agent: { running: false, vehicleId: 'truck-1' } });
    expect(report.buffer).toMatchObject({ depth: 1, lastSeq: 1, integrity: 'ok', dropsCapacity: 0 });
    expect(report.buffer.oldestUnsentAgeS).toBeGreaterThanOrEqual(7_200);
    expect(report.uplink).toMatchObject({ reachable: false });
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
    expect(byId.agent!.level).toBe('FAIL');
    expect(byId.gateway!.level).toBe('FAIL');
    expect(byId.backlog!.level).toBe('WARN');
    expect(byId.agent!.action).toMatch(/systemctl/);
    expect(formatDiag(report)).toMatch(/^FAIL agent/m);
  });

  it('warns of what the quarantine holds now, with the commands to list and resend it; a resent quarantine is no longer a warning', async () => {
    const dir = tempDir();
    const db = join(dir, 'agent.db');
    const b = new PositionBuffer(db, { vehicleId: 'truck-1' });
    for (let i = 0; i < 3; i++) b.append({ timeMs: Date.now() - 60_000 + i * 1000, lat: 1, lon: 2 + i * 1e-4 });
    b.commit();
    b.quarantine(b.oldest(2), 400, 'refused');
    b.close();
    const before = await runDiag({ db, statusFile: join(dir, 'none.json'), gateway: 'http://127.0.0.1:1', gatewayTimeoutMs: 500 });
    expect(before.checks.find((c) => c.id === 'quarantine')).toMatchObject({ level: 'WARN', summary: '1 batch(es) rejected by the gateway (2 positions) kept in quarantine' });
    expect(before.checks.find((c) => c.id === 'quarantine')!.action).toMatch(/telematics agent quarantine list .*telematics agent quarantine resend/);
    expect(before.buffer).toMatchObject({ quarantinedPositions: 2, inQuarantineBatches: 1, inQuarantinePositions: 2, resentPositions: 0 });
    resendQuarantined(db);
    const after = await runDiag({ db, statusFile: join(dir, 'none.json'), gateway: 'http://127.0.0.1:1', gatewayTimeoutMs: 500 });
    expect(after.checks.find((c) => c.id === 'quarantine')).toBeUndefined();
    expect(after.buffer).toMatchObject({ quarantinedPositions: 2, inQuarantinePositions: 0, resentPositions: 2, depth: 3 });
  });

  it('reports a running, recording, uploading agent as healthy', async () => {
    const dir = tempDir();
    const db = join(dir, 'agent.db');
    const statusFile = join(dir, 'status.json');
    const gw = new ScriptedGateway();
    const url = await gw.start();
    let emit: ((f: Parameters<AgentCore['pushFix']>[0]) => void) | undefined;
    const source: FixSource = {
      start: (onFix) => void (emit = onFix),
      stop: () => undefined,
      status: () => ({ kind: 'serial', device: '/dev/gps0', baud: 9600, state: 'open', lastSentenceAtMs: Date.now(), sentencesPerSec: 3, sentences: 300, checksumErrors: 0, droppedLines: 0 }),
    };
    const core = new AgentCore({ vehicleId: 'truck-1', gateway: url, token: 't', dbPath: db, source, uploader: { intervalMs: 20 } });
    await core.start();
    try {
      emit!({ class: 'TPV', mode: 3, time: new Date().toISOString(), lat: -25.4, lon: -49.2, speed: 0, uSat: 9, hdop: 0.8 });
      await until(() => core.status().uplink.sentPositions === 1, 'upload');
      writeStatusFile(statusFile, core.status(), 2_000);
      const report = await runDiag({ db, statusFile });
      expect(report.checks.filter((c) => c.level !== 'OK')).toEqual([]);
      expect(report).toMatchObject({
        verdict: 'healthy',
        exitCode: 0,
        agent: { running: true, pid: process.pid },
        gps: { device: '/dev/gps0', baud: 9600, fixMode: 3, uSat: 9, hdop: 0.8, lat: -25.4 },
        buffer: { depth: 0, lastSeq: 1, state: 'ok' },
        uplink: { gateway: url, reachable: true, lastResult: 'HTTP 200' },
      });
      expect(Math.abs(report.gps.clockOffsetS!)).toBeLessThan(2);
      expect(report.checks.find((c) => c.id === 'gps-glitches')).toMatchObject({ level: 'OK', summary: 'no fix rejected as a glitch (1 accepted)' });
      expect(report.gps.rejectedFixes).toMatchObject({ jump: 0, frozen: 0 });
    } finally {
      await core.stop();
      await gw.stop();
    }
  });

  it('shows the GPS glitches the agent rejected, by reason, in the summary and in --json; a jumpy receiver is degraded', async () => {
    const dir = tempDir();
    const db = join(dir, 'agent.db');
    const statusFile = join(dir, 'status.json');
    const gw = new ScriptedGateway();
    const source: FixSource = {
      start: () => undefined,
      stop: () => undefined,
      status: () => ({ kind: 'serial', device: '/dev/gps0', baud: 9600, state: 'open', lastSentenceAtMs: Date.now(), sentencesPerSec: 3, sentences: 300, checksumErrors: 0, droppedLines: 0 }),
    };
    const core = new AgentCore({ vehicleId: 'truck-1', gateway: await gw.start(), token: 't', dbPath: db, source, sampler: { everyFix: true }, uploader: { intervalMs: 20 } });
    await core.start();
    try {
      // The last fix is now: the clock check compares with it.
      const t0 = Date.now() - 9_000;
      const fix = (i: number, lat = -25.4 + i * 1e-4) => ({ class: 'TPV' as const, mode: 3 as const, time: new Date(t0 + i * 1000).toISOString(), lat, lon: -49.2, speed: 11, uSat: 9, hdop: 0.8 });
      // Fix 4 repeats fix 3's position at 11 m/s (frozen), fix 7 is 11 km away (a jump).
      for (let i = 0; i < 10; i++) core.pushFix(i === 4 ? fix(i, -25.4 + 3 * 1e-4) : i === 7 ? fix(i, -25.3) : fix(i));
      await until(() => core.status().uplink.sentPositions === 8, 'upload');
      writeStatusFile(statusFile, core.status(), 2_000);
      const report = await runDiag({ db, statusFile, gateway: gw.url });
      const glitches = report.checks.find((c) => c.id === 'gps-glitches')!;
      expect(glitches).toMatchObject({ level: 'WARN', summary: '2 of 10 fixes rejected as glitches (frozen 1, jump 1)' });
      expect(glitches.action).toMatch(/antenna/);
      expect(report.exitCode).toBe(1);
      expect(report.gps.rejectedFixes).toMatchObject({ frozen: 1, jump: 1, speed: 0 });
      expect(formatDiag(report)).toMatch(/^WARN gps-glitches +2 of 10 fixes rejected as glitches \(frozen 1, jump 1\)$/m);
    } finally {
      await core.stop();
      await gw.stop();
    }
  });

  it('says when the server at the gateway URL answers 200 but is not a telematics gateway', async () => {
    const dir = tempDir();
    const db = join(dir, 'agent.db');
    const statusFile = join(dir, 'status.json');
    // A captive portal: every request, /healthz included, gets a 200 page.
    const portal = new ScriptedGateway(() => ({ status: 200, headers: { 'Content-Type': 'text/html' }, body: '<html><body>Accept the terms to continue</body></html>' }));
    const url = await portal.start();
    let emit: ((f: Parameters<AgentCore['pushFix']>[0]) => void) | undefined;
    const source: FixSource = { start: (onFix) => void (emit = onFix), stop: () => undefined };
    const core = new AgentCore({ vehicleId: 'truck-1', gateway: url, token: 't', dbPath: db, source, sampler: { everyFix: true }, uploader: { intervalMs: 20, backoffInitialMs: 20, backoffMaxMs: 50 } });
    await core.start();
    try {
      emit!({ class: 'TPV', mode: 3, time: new Date().toISOString(), lat: -25.4, lon: -49.2, speed: 0, uSat: 9, hdop: 0.8 });
      await until(() => core.status().uplink.notGatewayAnswers >= 2, 'two answers from the portal');
      writeStatusFile(statusFile, core.status(), 2_000);
      const report = await runDiag({ db, statusFile });
      const upload = report.checks.find((c) => c.id === 'upload')!;
      expect(upload).toMatchObject({ level: 'FAIL', summary: expect.stringMatching(new RegExp(`^the server at ${url} answered 200 but is not a telematics gateway \\(positions kept\\): the body is not JSON`)) });
      expect(upload.action).toMatch(/gateway URL/);
      expect(report).toMatchObject({ verdict: 'failing', exitCode: 2, buffer: { depth: 1 }, uplink: { lastResult: 'HTTP 200', notGatewayAnswers: expect.any(Number) } });
      expect(report.uplink.notGatewayAnswers).toBeGreaterThanOrEqual(2);
      expect(formatDiag(report)).toContain(`FAIL upload         the server at ${url} answered 200 but is not a telematics gateway`);
    } finally {
      await core.stop();
      await portal.stop();
    }
  });
});

describe('telematics diag tells the truth', () => {
  it('a fix older than a few seconds is not OK, and the clock is not compared against it (the GPS stopped)', async () => {
    const agent = await runningAgent(await gateway());
    agent.emit();
    agent.publish();
    const live = byId(await agent.diag());
    expect(live['gps-fix']!.level).toBe('OK');
    expect(live.clock!.level).toBe('OK');

    // The receiver goes away (unplugged, or the replay stopped); the agent keeps publishing.
    agent.receiver.state = 'outage';
    agent.receiver.lastError = 'cannot open /dev/gps0: No such file or directory';
    let report: DiagReport | undefined;
    await until(
      async () => {
        agent.publish();
        report = await agent.diag();
        return byId(report)['gps-fix']!.level !== 'OK';
      },
      'diag to stop calling the last fix OK',
      30_000,
      250,
    );
    const checks = byId(report!);
    expect(report!.gps.fixAgeS).toBeGreaterThan(DIAG_DEFAULTS.fixStaleS);
    expect(checks['gps-fix']).toMatchObject({ level: 'WARN', summary: expect.stringMatching(/^no live fix: the last one is \d+(\.\d)? s old$/) });
    expect(checks.clock).toBeUndefined();
    expect(report!.gps.clockOffsetS).toBeNull();
    expect(checks['gps-device']!.level).toBe('FAIL');
    expect(report!).toMatchObject({ verdict: 'failing', exitCode: 2 });
    const text = formatDiag(report!);
    expect(text).toMatch(/^WARN gps-fix +no live fix: the last one is/m);
    expect(text).not.toMatch(/clock/);
    expect(text).toMatch(/^FAILING \(exit 2\)$/m);

    // No fix for over a minute is an antenna or receiver problem, not a tunnel.
    expect(gpsFixCheck({ ...report!, gps: { ...report!.gps, fixAgeS: DIAG_DEFAULTS.fixLostFailS + 1 } }, DIAG_DEFAULTS)!.level).toBe('FAIL');
  });

  it('compares the clock against a live fix, and says a years-old fix time readably (a replayed capture)', async () => {
    const agent = await runningAgent(await gateway());
    agent.emit({}, Date.parse('2020-07-11T22:37:56.000Z'));
    // Uploaded, so that the backlog (a position six years old) does not speak too.
    await until(() => agent.core.status().uplink.sentPositions === 1, 'the upload');
    agent.publish();
    const report = await agent.diag();
    expect(report.gps.clockOffsetS).toBeGreaterThan(6 * 365 * 86_400);
    expect(byId(report).clock).toMatchObject({ level: 'WARN', summary: expect.stringMatching(/^system clock is \d+\.\d years ahead of GPS time \(fix time 2020-07-11T22:37:56\.000Z\)$/) });
    expect(report.exitCode).toBe(1);
    const text = formatDiag(report);
    expect(text).toMatch(/^WARN clock +system clock is \d+\.\d years ahead of GPS time/m);
    expect(text).not.toMatch(/\d{6,}(\.\d)? s/);
  });

  it('loss of coverage while buffering is degraded (exit 1), not failing', async () => {
    // A dead zone: requests leave and nothing comes back.
    const agent = await runningAgent(await gateway(() => 'hang'), { requestTimeoutMs: 300, backoffInitialMs: 50, backoffMaxMs: 200 });
    for (let i = 4; i >= 0; i--) agent.emit({}, Date.now() - i * 1000);
    await until(() => agent.core.status().uplink.lastAttempt?.ok === false, 'an upload to time out');
    agent.emit();
    agent.publish();
    const report = await agent.diag(300);
    const checks = byId(report);
    expect(checks.gateway).toMatchObject({ level: 'WARN', summary: expect.stringMatching(/not reachable: no answer/), action: expect.stringMatching(/wait for coverage/) });
    expect(checks.upload).toMatchObject({ level: 'WARN', summary: expect.stringMatching(/^last upload failed: no answer .*retrying; \d+ positions buffered$/) });
    expect(checks.buffer!.level).toBe('OK');
    expect(report.buffer.depth).toBeGreaterThan(0);
    expect(report.uplink.healthzProblem).toMatchObject({ errorClass: 'no-route', transient: true });
    expect(report.uplink.lastUploadProblem).toMatchObject({ errorClass: 'no-route', transient: true });
    expect(report.checks.filter((c) => c.level === 'FAIL')).toEqual([]);
    expect(report).toMatchObject({ verdict: 'degraded', exitCode: 1 });
    expect(formatDiag(report)).toMatch(/^WARN gateway .*\n.*→ wait for coverage[^]*^DEGRADED \(exit 1\)$/m);
  });

  it('takes the summary and --json from one snapshot, even when the database moved on after the status was written', async () => {
    const agent = await runningAgent(`http://127.0.0.1:${await freePort()}`);
    for (let i = 0; i < 3; i++) agent.emit({}, Date.now() - (3 - i) * 1000);
    await until(() => agent.core.status().buffer.depth === 3, 'three positions committed');
    agent.publish();
    for (let i = 0; i < 2; i++) agent.emit({}, Date.now() + i);
    await until(() => readBufferSnapshot(agent.db).lastSeq === 5, 'the database to hold two more positions than the status says');
    const report = await agent.diag();
    expect(report.buffer).toMatchObject({ source: 'agent', depth: 3, lastSeq: 3 });
    expect(byId(report).buffer!.summary).toBe(`${report.buffer.depth} positions waiting, last seq ${report.buffer.lastSeq}`);
    expect(formatDiag(report)).toMatch(/^OK {3}buffer +3 positions waiting, last seq 3$/m);
  });

  it('shows what a technician compares with cgps/gpsmon: satellites seen/used with SNR, DOPs, fix age, sentence rate, last upload', async () => {
    const agent = await runningAgent(await gateway());
    agent.receiver.satellites = Array.from({ length: 12 }, (_, i) => ({ PRN: i + 1, ss: 45 - i, used: i < 9 }));
    agent.emit({ pdop: 1.6, hdop: 0.8, vdop: 1.4 });
    await until(() => agent.core.status().uplink.sentPositions === 1, 'the upload');
    agent.emit({ pdop: 1.6, hdop: 0.8, vdop: 1.4 });
    agent.publish();
    const report = await agent.diag();
    expect(report.gps).toMatchObject({ fixMode: 3, uSat: 9, nSat: 12, pdop: 1.6, hdop: 0.8, vdop: 1.4, sentencesPerSec: 3 });
    expect(report.gps.satellites![0]).toEqual({ prn: 1, snr: 45, used: true });
    expect(report.gps.satellites![11]).toEqual({ prn: 12, snr: 34, used: false });
    expect(report.gps.fixAgeS).toBeLessThanOrEqual(DIAG_DEFAULTS.fixStaleS);
    expect(report.uplink).toMatchObject({ lastResult: 'HTTP 200', lastUploadProblem: null, gatewayFrom: SETTINGS_FROM.gateway, tokenFrom: SETTINGS_FROM.token });
    const text = formatDiag(report);
    expect(text).toMatch(/^gps +3D fix \d+\.\d s old at -25\.400000, -49\.200000 \(\S+Z\); satellites 9 used \/ 12 seen; PDOP 1\.6 HDOP 0\.8 VDOP 1\.4; 3 sentences\/s$/m);
    expect(text).toMatch(/^sky +1\*:45 2\*:44 .* 9\*:37 10:36 11:35 12:34 {2}\(PRN:SNR dB-Hz, \* used\)$/m);
    expect(text).toMatch(/^upload +last .* ago: 1 positions, HTTP 200; last success \S+Z$/m);
    expect(text).toContain(`settings gateway ${report.uplink.gateway} from ${SETTINGS_FROM.gateway}; token from ${SETTINGS_FROM.token}`);
  });
});

describe('telematics diag advice by error class', () => {
  const FROM = 'diag flag --gateway';
  /** A stopped agent: the gateway check alone, on the URL given to diag. */
  async function probe(url: string, timeoutMs = 2_000): Promise<DiagReport> {
    const dir = tempDir();
    return runDiag({ db: join(dir, 'agent.db'), statusFile: join(dir, 'none.json'), gateway: url, gatewayFrom: FROM, gatewayTimeoutMs: timeoutMs });
  }

  async function tlsGateway(): Promise<string> {
    const fixtures = join(PACKAGE_ROOT, 'gateway', 'test-fixtures');
    const server = createServer({ cert: readFileSync(join(fixtures, 'tls-cert.pem')), key: readFileSync(join(fixtures, 'tls-key.pem')) }, (_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it.each<[string, () => Promise<string>, string, 'WARN' | 'FAIL', RegExp]>([
    ['refused: the network works, the gateway is down', async () => `http://127.0.0.1:${await freePort()}`, 'refused', 'FAIL', /network is fine: report the gateway down/],
    ['no answer: coverage', () => gateway(() => 'hang'), 'no-route', 'WARN', /wait for coverage/],
    ['TLS failure', tlsGateway, 'tls', 'FAIL', /system clock \(timedatectl\)/],
    ['5xx: the gateway is up but failing', () => gateway(() => ({ status: 503 })), 'server-error', 'FAIL', /report the failing gateway/],
  ])('%s', async (_name, start, errorClass, level, advice) => {
    const url = await start();
    const report = await probe(url, 500);
    expect(report.uplink.healthzProblem).toMatchObject({ errorClass });
    const check = byId(report).gateway!;
    expect(check).toMatchObject({ level, action: expect.stringMatching(advice) });
    expect(check.action).not.toMatch(/agent\.json/);
    if (errorClass !== 'no-route' && errorClass !== 'server-error') expect(check.action).toContain(`${url} (from ${FROM})`);
    expect(formatDiag(report)).toContain(`${level.padEnd(4)} gateway        ${url} not reachable: ${check.summary.split('not reachable: ')[1]}\n`);
  });

  it('a proxy or captive portal answering 200 with a page is not taken for the gateway (--json and text)', async () => {
    const page = '<html><head><title>Hotspot login</title></head><body>Accept the terms to continue</body></html>';
    const url = await gateway(() => ({ status: 200, headers: { 'Content-Type': 'text/html' }, body: page }));
    const report = await probe(url);
    // What --json prints: the report as JSON.
    const json = JSON.parse(JSON.stringify(report)) as DiagReport;
    expect(json.uplink).toMatchObject({
      reachable: false,
      healthzMs: null,
      healthzError: 'HTTP 200 not from the gateway: the body is not JSON: "<html><head><title>Hotspot login</title>…"',
      healthzProblem: { errorClass: 'not-gateway', transient: false },
    });
    expect(byId(json).gateway).toMatchObject({ level: 'FAIL', action: `check the gateway URL ${url} (from ${FROM}): a captive portal, a proxy or another service answers in its place` });
    expect(json).toMatchObject({ verdict: 'failing', exitCode: 2 });
    const text = formatDiag(report);
    expect(text).toContain(`FAIL gateway        ${url} not reachable: the server answered 200 but is not a telematics gateway (a captive portal, a proxy or another service) [HTTP 200 not from the gateway: the body is not JSON`);
    expect(text).not.toMatch(/^OK +gateway/m);
    // The gateway's own answer passes (ScriptedGateway answers /healthz as gateway/server.ts does).
    expect((await probe(await gateway())).uplink).toMatchObject({ reachable: true, healthzProblem: null });
  });

  it("a TLS failure names the CA it was checked against; when the agent trusts its own CA file, diag says to give it the same --ca-file", async () => {
    const url = await tlsGateway();
    const agent = await runningAgent(url);
    const agentCa = 'CA file /etc/telematics/ca.pem, named by config file /etc/telematics/agent.json';
    writeStatusFile(agent.statusFile, agent.core.status(), 2_000, { ...SETTINGS_FROM, caFile: agentCa });
    const withoutCa = await runDiag({ db: agent.db, statusFile: agent.statusFile, gatewayTimeoutMs: 2_000 });
    expect(withoutCa.uplink).toMatchObject({ healthzProblem: { errorClass: 'tls' }, gatewayCaFrom: null, agentCaFrom: agentCa });
    expect(byId(withoutCa).gateway!.action).toMatch(/chains to a CA the system trusts .*; the agent trusts the CA file \/etc\/telematics\/ca\.pem, named by config file \/etc\/telematics\/agent\.json: give diag the same --ca-file$/);

    // Given a CA (here one that did not sign this certificate), diag names it and does not point at the agent's.
    const caFile = join(PACKAGE_ROOT, 'gateway', 'test-fixtures', 'private-ca-cert.pem');
    const withCa = await runDiag({ db: agent.db, statusFile: agent.statusFile, gatewayTimeoutMs: 2_000, gatewayCa: readFileSync(caFile, 'utf8'), gatewayCaFrom: `diag flag --ca-file ${caFile}` });
    expect(withCa.uplink).toMatchObject({ healthzProblem: { errorClass: 'tls' }, gatewayCaFrom: `diag flag --ca-file ${caFile}` });
    expect(byId(withCa).gateway!.action).toContain(`chains to the CA in diag flag --ca-file ${caFile}`);
    expect(byId(withCa).gateway!.action).not.toMatch(/give diag the same/);
  });

  it('DNS failure', async () => {
    const report = await probe('http://telematics-gateway.invalid');
    const problem = report.uplink.healthzProblem!;
    expect(problem.errorClass).toBe('dns');
    // ENOTFOUND where a resolver answers (the name is wrong: failing), EAI_AGAIN where none does (no data link: degraded).
    const check = byId(report).gateway!;
    expect(check.level).toBe(problem.transient ? 'WARN' : 'FAIL');
    expect(check.action).toMatch(problem.transient ? /wait for coverage/ : /check the host name in the gateway URL http:\/\/telematics-gateway\.invalid \(from diag flag --gateway\)/);
    expect(formatDiag(report)).toMatch(/^(WARN|FAIL) gateway +http:\/\/telematics-gateway\.invalid not reachable: DNS/m);
  });

  it.each<[number, string, RegExp]>([
    [401, 'auth', new RegExp(`check the vehicle id and token \\(from ${SETTINGS_FROM.token}\\)`)],
    [403, 'auth', new RegExp(`check the vehicle id and token \\(from ${SETTINGS_FROM.token}\\)`)],
    [503, 'server-error', /the truck is fine \(it buffers and retries\)/],
  ])('an upload answered %i', async (status, errorClass, advice) => {
    // /healthz answers 200; the uploads are refused.
    const agent = await runningAgent(await gateway((req) => (req.batch ? { status } : undefined)), { backoffInitialMs: 50 });
    agent.emit();
    await until(() => agent.core.status().uplink.lastAttempt?.status === status, `an upload answered ${status}`);
    agent.publish();
    const report = await agent.diag();
    expect(report.uplink.lastUploadProblem).toMatchObject({ errorClass, transient: false });
    expect(byId(report).gateway!.level).toBe('OK');
    expect(byId(report).upload).toMatchObject({ level: 'FAIL', summary: expect.stringContaining(`[HTTP ${status}: `), action: expect.stringMatching(advice) });
    expect(report).toMatchObject({ verdict: 'failing', exitCode: 2 });
    expect(formatDiag(report)).toMatch(new RegExp(`^FAIL upload +last upload failed: .*\\n +→ ${advice.source}`, 'm'));
  });
});
