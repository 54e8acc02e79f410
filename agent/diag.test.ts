import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentCore, type FixSource } from './agent-core.js';
import { formatDiag, runDiag } from './diag.js';
import { PositionBuffer, resendQuarantined } from './position-buffer.js';
import { writeStatusFile } from './status-file.js';
import { ScriptedGateway, until } from './test-support.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'agent-diag-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

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
});
