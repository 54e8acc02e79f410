import { describe, expect, it } from 'vitest';
import type { Fix } from '../hw/fix.js';
import { distanceM, headingChangeDeg } from '../common/geo.js';
import { Sampler, toTimedFix, type TimedFix } from './sampler.js';

const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);

/** A valid fix `s` seconds after T0, `northM` metres north of the start, as the agent's edge reads it. */
function fix(s: number, opts: { northM?: number; speed?: number; track?: number; mode?: 2 | 3 } = {}): TimedFix {
  return toTimedFix({
    class: 'TPV',
    mode: opts.mode ?? 3,
    time: new Date(T0 + s * 1000).toISOString(),
    lat: 45 + (opts.northM ?? 0) / 111_195,
    lon: 7,
    speed: opts.speed ?? 0,
    track: opts.track ?? 0,
  })!;
}

function run(sampler: Sampler, fixes: TimedFix[]): { s: number; reason: string }[] {
  const out: { s: number; reason: string }[] = [];
  for (const f of fixes) {
    const r = sampler.offer(f);
    if (r) out.push({ s: (f.timeMs - T0) / 1000, reason: r.reason });
  }
  return out;
}

describe('geometry', () => {
  it('measures distance and heading change', () => {
    expect(distanceM(45, 7, 45 + 1000 / 111_195, 7)).toBeCloseTo(1000, 0);
    expect(headingChangeDeg(350, 10)).toBe(20);
    expect(headingChangeDeg(10, 350)).toBe(20);
    expect(headingChangeDeg(90, 270)).toBe(180);
  });
});

describe('toTimedFix', () => {
  it('reads the time of a valid fix once, and turns away fixes without a position or a readable time', () => {
    const valid: Fix = { class: 'TPV', mode: 2, time: '2024-05-01T12:00:00.250Z', lat: 45, lon: 7 };
    expect(toTimedFix(valid)).toEqual({ ...valid, timeMs: Date.UTC(2024, 4, 1, 12, 0, 0, 250) });
    expect(toTimedFix({ class: 'TPV', mode: 1, time: valid.time })).toBeUndefined();
    expect(toTimedFix({ ...valid, lat: undefined })).toBeUndefined();
    expect(toTimedFix({ ...valid, time: undefined })).toBeUndefined();
    expect(toTimedFix({ ...valid, time: '2024-02-30T12:00:00Z' })).toBeUndefined();
    // A receiver's fix time is UTC, as gpsd's TPV; an offset is not a fix time.
    expect(toTimedFix({ ...valid, time: '2024-05-01T09:00:00.250-03:00' })).toBeUndefined();
  });
});

describe('Sampler', () => {
  it('records the first valid fix, skips invalid and repeated ones', () => {
    const s = new Sampler();
    expect(s.offer(toTimedFix({ class: 'TPV', mode: 1 }))).toBeNull();
    expect(s.offer(fix(0))?.reason).toBe('first');
    expect(s.offer(fix(0))).toBeNull();
    expect(s.offer(fix(-5))).toBeNull();
    expect(s.status()).toMatchObject({ offered: 4, invalid: 1, stale: 2, recorded: 1 });
  });

  it('sends a heartbeat every 5 min while stopped', () => {
    const s = new Sampler();
    const fixes = Array.from({ length: 901 }, (_, i) => fix(i, { speed: 0.3 }));
    expect(run(s, fixes)).toEqual([
      { s: 0, reason: 'first' },
      { s: 300, reason: 'period' },
      { s: 600, reason: 'period' },
      { s: 900, reason: 'period' },
    ]);
  });

  it('records by distance when moving fast and by period when slow', () => {
    const s = new Sampler();
    // 25 m/s straight north for 60 s: every 200 m = every 8 s.
    const fast = Array.from({ length: 61 }, (_, i) => fix(i, { speed: 25, northM: 25 * i }));
    const got = run(s, fast);
    expect(got[0]).toEqual({ s: 0, reason: 'first' });
    expect(got.slice(1).every((r) => r.reason === 'distance')).toBe(true);
    expect(got.map((r) => r.s)).toEqual([0, 8, 16, 24, 32, 40, 48, 56]);

    // 3 m/s: 200 m takes 67 s, so the 30 s period wins.
    const slow = new Sampler();
    const slowFixes = Array.from({ length: 61 }, (_, i) => fix(i, { speed: 3, northM: 3 * i }));
    expect(run(slow, slowFixes).map((r) => `${r.s}:${r.reason}`)).toEqual(['0:first', '30:period', '60:period']);
  });

  it('records on a turn and on a speed change', () => {
    const s = new Sampler();
    expect(s.offer(fix(0, { speed: 10, track: 0 }))?.reason).toBe('first');
    expect(s.offer(fix(1, { speed: 10, track: 5, northM: 10 }))).toBeNull();
    expect(s.offer(fix(2, { speed: 10, track: 12, northM: 20 }))?.reason).toBe('heading');
    expect(s.offer(fix(3, { speed: 12, track: 12, northM: 30 }))).toBeNull();
    expect(s.offer(fix(4, { speed: 15, track: 12, northM: 40 }))?.reason).toBe('speed');
  });

  it('ignores course noise below the heading speed', () => {
    const s = new Sampler({ movingAboveMps: 1, stoppedBelowMps: 0.5 });
    s.offer(fix(0, { speed: 1.5, track: 0 }));
    expect(s.offer(fix(1, { speed: 1.5, track: 90, northM: 1 }))).toBeNull();
  });

  it('switches moving/stopped with hysteresis and records each transition', () => {
    const s = new Sampler();
    const fixes: TimedFix[] = [];
    let north = 0;
    // parked 20 s, a speed spike of 1 s (not a start), driving 20 s, slowing to 1.5 m/s (still moving), then stopped 30 s
    for (let i = 0; i < 20; i++) fixes.push(fix(i, { speed: 0.2, northM: north }));
    fixes.push(fix(20, { speed: 3, northM: north }));
    for (let i = 21; i < 23; i++) fixes.push(fix(i, { speed: 0.2, northM: north }));
    for (let i = 23; i < 43; i++) fixes.push(fix(i, { speed: 5, northM: (north += 5) }));
    for (let i = 43; i < 53; i++) fixes.push(fix(i, { speed: 1.5, northM: (north += 1.5) }));
    for (let i = 53; i < 83; i++) fixes.push(fix(i, { speed: 0, northM: north }));
    const got = run(s, fixes).map((r) => `${r.s}:${r.reason}`);
    // 53: the drop from 5 to 0 m/s is a speed change of 18 km/h (≥ 15) while still in the moving profile
    expect(got).toEqual(['0:first', '25:started-moving', '53:speed', '63:stopped']);
    expect(s.status().movement).toBe('stopped');
  });

  it('records every valid fix in every-fix mode', () => {
    const s = new Sampler({ everyFix: true });
    const fixes = Array.from({ length: 10 }, (_, i) => fix(i, { speed: 0 }));
    expect(run(s, fixes)).toHaveLength(10);
  });
});
