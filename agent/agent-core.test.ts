import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Fix } from '../hw/fix.js';
import { AgentCore, type FixSource } from './agent-core.js';
import { ScriptedGateway, until } from './test-support.js';

const T0 = Date.now() - 600_000;
function fix(i: number): Fix {
  return { class: 'TPV', mode: 3, time: new Date(T0 + i * 1000).toISOString(), lat: -25.4 + i * 1e-4, lon: -49.2, speed: 11, track: 0, uSat: 8, hdop: 0.9 };
}


const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('AgentCore', () => {
  it('runs fixes from a source through sampler, buffer and uploader, and reports status', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agent-core-'));
    dirs.push(dir);
    const gw = new ScriptedGateway();
    const url = await gw.start();
    let emit: ((f: Fix) => void) | undefined;
    const source: FixSource = {
      start: (onFix) => void (emit = onFix),
      stop: () => void (emit = undefined),
      status: () => ({ kind: 'test', state: 'open' }),
    };
    const core = new AgentCore({
      vehicleId: 'truck-7',
      gateway: url,
      token: 'tok',
      dbPath: join(dir, 'agent.db'),
      source,
      sampler: { everyFix: true },
      uploader: { intervalMs: 20 },
    });
    await core.start();
    for (let i = 0; i < 30; i++) emit!(fix(i));
    emit!({ class: 'TPV', mode: 1 });
    await until(() => core.status().uplink.sentPositions === 30, 'uploaded');
    expect(gw.ackedSeqs).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const s = core.status();
    expect(s).toMatchObject({ vehicleId: 'truck-7', running: true, health: { alive: true, problems: [] } });
    expect(s.gps).toMatchObject({ fixes: 31, receiver: { kind: 'test', state: 'open' } });
    expect(s.sampler).toMatchObject({ recorded: 30, invalid: 1 });
    expect(s.buffer.lastSeq).toBe(30);
    expect(s.uplink.sentPositions).toBe(30);
    await core.stop();
    expect(emit).toBeUndefined();
    expect(core.status().running).toBe(false);
    await gw.stop();

    // A restarted core keeps the epoch and continues the seq.
    const again = new AgentCore({ vehicleId: 'truck-7', gateway: url, token: 'tok', dbPath: join(dir, 'agent.db'), sampler: { everyFix: true } });
    expect(again.buffer.epoch).toBe(s.buffer.epoch);
    again.pushFix(fix(100));
    expect(again.pushFix(fix(101))).toBeNull(); // not started: nothing recorded
    await again.stop();
  });

  it('records no glitch: a fix the plausibility stage rejects takes no seq, and is counted by reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agent-core-'));
    dirs.push(dir);
    const gw = new ScriptedGateway();
    const url = await gw.start();
    const core = new AgentCore({ vehicleId: 'truck-8', gateway: url, token: 'tok', dbPath: join(dir, 'agent.db'), sampler: { everyFix: true }, uploader: { intervalMs: 20 } });
    await core.start();
    const glitches: Fix[] = [
      { ...fix(3), lat: fix(2).lat }, // frozen: the position of the fix before, at 11 m/s
      { ...fix(4), lat: fix(2).lat + 0.0045 }, // 500 m away in 2 s
      { ...fix(5), altMSL: 1e300 }, // malformed: the gateway would refuse it
      { ...fix(6), lat: 0, lon: 0 },
    ];
    const recorded = [fix(0), fix(1), fix(2), ...glitches, fix(7), fix(8)].map((f) => core.pushFix(f));
    expect(recorded.map((r) => r !== null)).toEqual([true, true, true, false, false, false, false, true, true]);
    await until(() => core.status().uplink.sentPositions === 5, 'uploaded');
    expect(gw.ackedSeqs).toEqual([1, 2, 3, 4, 5]);
    expect(gw.requests.flatMap((r) => r.batch?.positions.map((p) => p.timeMs) ?? [])).toEqual([0, 1, 2, 7, 8].map((i) => Date.parse(fix(i).time!)));
    expect(core.status().plausibility).toMatchObject({ accepted: 5, rejected: { frozen: 1, jump: 1, malformed: 1, 'zero-island': 1 } });
    await core.stop();
    await gw.stop();
  });
});
