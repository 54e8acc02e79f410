import { describe, expect, it } from 'vitest';
import { distanceM } from '../common/geo.js';
import { NDSBR_CSV, OTR_PINGS_CSV } from '../trips/trip-csv.js';
import { readTripFile } from '../trips/trip-files.js';
import type { TripPoint } from '../trips/trip-point.js';
import { PlausibilityFilter, REJECT_REASONS, type FixVerdict, type PlausibilityFilterOptions } from './plausibility.js';
import type { TimedFix } from './sampler.js';

function fixOf(p: Pick<TripPoint, 'timeMs' | 'lat' | 'lon'> & Partial<TripPoint>, extra: Partial<TimedFix> = {}): TimedFix {
  const fix: TimedFix = { class: 'TPV', mode: 3, time: new Date(p.timeMs).toISOString(), timeMs: p.timeMs, lat: p.lat, lon: p.lon, ...extra };
  if (p.speed !== undefined) fix.speed = p.speed;
  if (p.track !== undefined) fix.track = p.track;
  if (p.altMSL !== undefined) fix.altMSL = p.altMSL;
  return fix;
}

const rejectedReason = (v: FixVerdict): string | undefined => ('rejected' in v ? v.rejected : undefined);
const trips = readTripFile(NDSBR_CSV).trips;
/** A real 1 Hz car trip (NDS-BR Curitiba, A-trip05), from where the car drives steadily. */
const drive = trips.get('A-trip05')!.points.slice(300, 420);

/** The filter's verdicts on a sequence of fixes, as reasons (undefined = accepted). */
function verdicts(fixes: TimedFix[], options: Partial<PlausibilityFilterOptions> = {}): { reasons: (string | undefined)[]; filter: PlausibilityFilter } {
  const filter = new PlausibilityFilter(options);
  return { reasons: fixes.map((f) => rejectedReason(filter.judge(f))), filter };
}

describe('PlausibilityFilter on real driving', () => {
  it('passes 5 h of real 1 Hz car driving (all 9 NDS-BR trips) without rejecting a fix', () => {
    let fixes = 0;
    for (const { points } of trips.values()) {
      const filter = new PlausibilityFilter();
      for (const p of points) filter.judge(fixOf(p));
      fixes += points.length;
      const s = filter.status();
      expect(Object.values(s.rejected).reduce((a, b) => a + b, 0)).toBe(0);
      expect(s.accepted).toBe(points.length);
    }
    expect(fixes).toBeGreaterThan(18_000);
  });

  it('rejects the glitches of the real US truck pings: a position repeated 2 s later at 27 mph (frozen), 515 m in 10 s at 25 mph (jump)', () => {
    const pings = readTripFile(OTR_PINGS_CSV).trips;
    const judged = (driver: string, fromIso: string, toIso: string): Record<string, string | undefined> => {
      const points = pings.get(driver)!.points.filter((p) => p.timeMs >= Date.parse(fromIso) && p.timeMs <= Date.parse(toIso));
      const { reasons } = verdicts(points.map((p) => fixOf(p)));
      return Object.fromEntries(points.map((p, i) => [new Date(p.timeMs).toISOString().slice(11, 19), reasons[i]]));
    };
    expect(judged('Crowley', '2014-06-17T08:48:58Z', '2014-06-17T08:51:50Z')).toEqual({
      '08:48:58': undefined,
      '08:49:10': undefined,
      '08:49:12': 'frozen',
      '08:51:48': undefined,
      '08:51:50': 'frozen',
    });
    expect(judged('Beagley', '2014-03-03T15:01:00Z', '2014-03-03T15:02:10Z')).toMatchObject({ '15:02:00': undefined, '15:02:10': 'jump' });
  });

  it('rejects a glitch plateau in a real 1 Hz trip: frozen for 3 s, then 470 m away in 1 s; the drive goes on', () => {
    const fixes = drive.map((p) => fixOf(p));
    const k = 60;
    for (let i = k; i < k + 3; i++) fixes[i] = { ...fixes[i]!, lat: fixes[k - 1]!.lat, lon: fixes[k - 1]!.lon };
    // 470 m north of the frozen position: ~0.004227° of latitude.
    fixes[k + 3] = { ...fixes[k + 3]!, lat: fixes[k - 1]!.lat + 470 / 111_195 };
    expect(distanceM(fixes[k + 2]!.lat, fixes[k + 2]!.lon, fixes[k + 3]!.lat, fixes[k + 3]!.lon)).toBeCloseTo(470, -1);
    expect(fixes[k]!.speed).toBeGreaterThan(5);

    const { reasons, filter } = verdicts(fixes);
    expect(reasons.slice(k - 1, k + 5)).toEqual([undefined, 'frozen', 'frozen', 'frozen', 'jump', undefined]);
    expect(filter.status().rejected).toMatchObject({ frozen: 3, jump: 1 });
    expect(filter.status().accepted).toBe(fixes.length - 4);
  });

  it('rejects a stale position (one from minutes before, as the truck pings of 2014-08-19 repeat) inside a real 1 Hz trip', () => {
    const fixes = drive.map((p) => fixOf(p));
    fixes[90] = { ...fixes[90]!, lat: fixes[2]!.lat, lon: fixes[2]!.lon, speed: 0 };
    const { reasons } = verdicts(fixes);
    expect(reasons.map((r, i) => [i, r]).filter(([, r]) => r !== undefined)).toEqual([[90, 'jump']]);
  });

  it('believes a run of 5 fixes that agree with each other after a wrong reference (a bad first fix 5 km away)', () => {
    const fixes = drive.slice(0, 12).map((p) => fixOf(p));
    const wrongFirst = { ...fixes[0]!, lat: fixes[0]!.lat + 0.045, timeMs: fixes[0]!.timeMs - 1000 };
    const { reasons, filter } = verdicts([wrongFirst, ...fixes]);
    expect(reasons).toEqual([undefined, 'jump', 'jump', 'jump', 'jump', undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
    expect(filter.status().rejected.jump).toBe(4);
    expect(verdicts([wrongFirst, ...fixes], { jumpResetAfterFixes: 0 }).reasons.slice(1).every((r) => r === 'jump')).toBe(true);
  });
});

describe('PlausibilityFilter, one filter at a time', () => {
  const base = fixOf({ timeMs: Date.parse('2026-11-24T10:00:00Z'), lat: -25.45, lon: -49.23, speed: 12, track: 90, altMSL: 930 }, { hdop: 0.9, uSat: 9 });
  const next = (patch: Partial<TimedFix>, dtMs = 1000): TimedFix => ({ ...base, timeMs: base.timeMs + dtMs, lon: base.lon + 0.0001, ...patch });

  it.each<[string, Partial<TimedFix>, string]>([
    ['an altitude of 1e300 (malformed: the gateway would refuse it)', { altMSL: 1e300 }, 'malformed'],
    ['a speed of 600 m/s (malformed)', { speed: 600 }, 'malformed'],
    ['lat 0, lon 0', { lat: 0, lon: 0 }, 'zero-island'],
    ['a time in 1999 (GPS week rollover)', { timeMs: Date.parse('1999-08-22T00:00:00Z') }, 'time-early'],
    ['the same time again', { timeMs: base.timeMs }, 'duplicate-time'],
    ['an earlier time', { timeMs: base.timeMs - 1000 }, 'duplicate-time'],
    ['HDOP 25', { hdop: 25 }, 'hdop'],
    ['2 satellites', { uSat: 2 }, 'satellites'],
    ['162 km/h reported', { speed: 45 }, 'speed'],
    ['470 m in one second', { lat: base.lat + 470 / 111_195 }, 'jump'],
  ])('rejects %s', (_name, patch, reason) => {
    const filter = new PlausibilityFilter();
    expect(filter.judge(base)).toEqual({ fix: base, held: false });
    expect(filter.judge(next(patch))).toEqual({ rejected: reason });
    expect(filter.status().rejected[reason as (typeof REJECT_REASONS)[number]]).toBe(1);
    // The reference stays the last accepted fix: the next good fix is accepted.
    expect(rejectedReason(filter.judge(next({ lon: base.lon + 0.0002 }, 2000)))).toBeUndefined();
  });

  it('lets each filter be switched off by its option', () => {
    const off: [Partial<PlausibilityFilterOptions>, Partial<TimedFix>][] = [
      [{ rejectZeroIsland: false, maxSpeed: 0 }, { lat: 0, lon: 0 }],
      [{ maxHdop: 0 }, { hdop: 25 }],
      [{ minUSat: 0 }, { uSat: 2 }],
      [{ maxSpeed: 0 }, { speed: 45 }],
      [{ minTimeMs: 0 }, { timeMs: Date.parse('1999-08-22T00:00:00Z') }],
    ];
    for (const [options, patch] of off) {
      const filter = new PlausibilityFilter(options);
      filter.judge(patch.timeMs !== undefined ? { ...base, timeMs: patch.timeMs - 1000 } : base);
      expect(rejectedReason(filter.judge(next(patch))), JSON.stringify(options)).toBeUndefined();
    }
  });

  it('holds a standing vehicle where it stopped (static navigation) until it drifts beyond 30 m', () => {
    const filter = new PlausibilityFilter();
    const parked = (i: number, dLat: number): TimedFix => ({ ...base, timeMs: base.timeMs + i * 1000, lat: base.lat + dLat, speed: 0.2 });
    const first = filter.judge(parked(1, 0));
    expect(first).toEqual({ fix: parked(1, 0), held: false });
    // 11 m of drift: held at the first standing position.
    const drifted = filter.judge(parked(2, 0.0001));
    expect(drifted).toEqual({ fix: { ...parked(2, 0.0001), lat: base.lat }, held: true });
    // 44 m away: the truck is moving (towed): the position follows.
    expect(filter.judge(parked(3, 0.0004))).toEqual({ fix: parked(3, 0.0004), held: false });
    expect(filter.status()).toMatchObject({ accepted: 3, held: 1 });
    // Off: every position passes as received.
    const off = new PlausibilityFilter({ staticBelowSpeed: 0 });
    off.judge(parked(1, 0));
    expect(off.judge(parked(2, 0.0001))).toEqual({ fix: parked(2, 0.0001), held: false });
  });
});
