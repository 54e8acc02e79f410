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
});
