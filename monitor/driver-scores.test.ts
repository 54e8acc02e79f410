import { describe, expect, it } from 'vitest';
import { gToMps2, kmhToMps } from '../common/units.js';
import type { DrivingEventRecord } from '../protocol/driving-event-record.js';
import { isSevere, SEVERE_EVENT_DEFAULTS } from './driving-alerts.js';
import { DriverScores, isoWeek, SCORE_DEFAULTS } from './driver-scores.js';
import type { PositionRecord } from '../protocol/position-record.js';
import { scriptedEvent } from './test-support.js';

const at = (time: string, vehicleId = 'truck-1'): PositionRecord => ({ vehicleId, epoch: 'e1', seq: 1, time, lat: -23.5, lon: -46.6, speed: 20, receivedAt: time });

/** A scripted day of truck-1 (driver D1): its events, and what they must add up to. */
function scriptedDay(): DrivingEventRecord[] {
  return [
    scriptedEvent([at('2026-11-30T08:00:00.000Z')], 0, 101, 'harsh-braking', gToMps2(0.35), gToMps2(0.3), 2),
    scriptedEvent([at('2026-11-30T09:00:00.000Z')], 0, 102, 'harsh-braking', gToMps2(0.5), gToMps2(0.3), 3),
    scriptedEvent([at('2026-11-30T10:00:00.000Z')], 0, 103, 'harsh-acceleration', 2.5, 2, 2),
    scriptedEvent([at('2026-11-30T11:00:00.000Z')], 0, 104, 'speeding', kmhToMps(95), kmhToMps(80), 60),
    scriptedEvent([at('2026-11-30T12:00:00.000Z')], 0, 105, 'idling', 600, 300, 600),
  ];
}

describe('driver scores', () => {
  it('adds up a scripted day to the known answer', () => {
    const scores = new DriverScores(new Map([['truck-1', 'D1']]), 'UTC');
    for (const e of scriptedDay()) scores.addEvent(e);
    scores.setDayDistance('truck-1', '2026-11-30', 50_000);
    const day = scores.get('D1|day|2026-11-30')!;
    // 50 km: every rate is twice the count. Points off: braking 2×2×5 = 20, acceleration 1×2×3 = 6, speeding 1×2×2 = 4,
    // one minute over the limit ×2×1 = 2, ten minutes idling ×2×0.2 = 4: 36 points, 100 × e^−0.36 = 69.77.
    expect(day).toMatchObject({
      driverId: 'D1',
      period: 'day',
      periodId: '2026-11-30',
      vehicles: ['truck-1'],
      distance: 50_000,
      events: { 'harsh-braking': 2, 'harsh-acceleration': 1, 'harsh-cornering': 0, speeding: 1, idling: 1 },
      eventsPer100km: { 'harsh-braking': 4, 'harsh-acceleration': 2, 'harsh-cornering': 0, speeding: 2, idling: 2 },
      timeOverSpeedLimit: 60,
      idlingTime: 600,
      score: 69.8,
    });
    // 2026-11-30 is the Monday of ISO week 49: the week holds the same so far.
    const { period: _p, periodId: _i, updatedAt: _u, ...week } = scores.get('D1|week|2026-W49')!;
    const { period: _dp, periodId: _di, updatedAt: _du, ...sameDay } = day;
    expect(week).toEqual(sameDay);
  });

  it('counts each event once, whatever repeats it, and a repeated distance changes nothing', () => {
    const scores = new DriverScores(new Map(), 'UTC');
    const events = scriptedDay();
    for (const e of events) expect(scores.addEvent(e)).toHaveLength(2);
    expect(scores.setDayDistance('truck-1', '2026-11-30', 40_000)).toHaveLength(2);
    const once = structuredClone(scores.get('truck-1|day|2026-11-30'));
    for (const e of [...events].reverse()) expect(scores.addEvent(structuredClone(e))).toEqual([]);
    expect(scores.setDayDistance('truck-1', '2026-11-30', 40_000)).toEqual([]);
    expect({ ...scores.get('truck-1|day|2026-11-30'), updatedAt: once!.updatedAt }).toEqual(once);
  });

  it('continues a restored record as if it had never stopped', () => {
    const events = scriptedDay();
    const straight = new DriverScores(new Map(), 'UTC');
    for (const e of events) straight.addEvent(e);
    straight.setDayDistance('truck-1', '2026-11-30', 80_000);

    const before = new DriverScores(new Map(), 'UTC');
    for (const e of events.slice(0, 3)) before.addEvent(e);
    before.setDayDistance('truck-1', '2026-11-30', 30_000);
    const after = new DriverScores(new Map(), 'UTC');
    for (const r of before.all()) after.restore(JSON.parse(JSON.stringify(r)) as typeof r);
    // Redelivered from the last commit: the first three again, then the rest.
    for (const e of events) after.addEvent(e);
    after.setDayDistance('truck-1', '2026-11-30', 80_000);
    const comparable = (s: DriverScores) => s.all().map(({ updatedAt: _u, ...r }) => ({ ...r, resume: { ...r.resume, counted: [...r.resume.counted].sort() } }));
    expect(comparable(after)).toEqual(comparable(straight));
  });

  it("puts an event in the fleet's day and week, and sums a week's days", () => {
    // 01:30 UTC on Monday 2026-11-30 is still Sunday 2026-11-29 in São Paulo (UTC−3): ISO week 48.
    const scores = new DriverScores(new Map(), 'America/Sao_Paulo');
    expect(scores.addEvent(scriptedEvent([at('2026-11-30T01:30:00.000Z')], 0, 7, 'harsh-cornering', 3, 2.5, 1))).toEqual(['truck-1|day|2026-11-29', 'truck-1|week|2026-W48']);
    scores.setDayDistance('truck-1', '2026-11-28', 100_000);
    scores.setDayDistance('truck-1', '2026-11-29', 60_000);
    scores.setDayDistance('truck-1', '2026-11-30', 10_000);
    expect(scores.get('truck-1|week|2026-W48')).toMatchObject({ distance: 160_000, events: { 'harsh-cornering': 1 }, eventsPer100km: { 'harsh-cornering': 0.6 } });
    // A 10 km day is rated over SCORE_DEFAULTS.minDistance (20 km): no event, nothing off.
    expect(scores.get('truck-1|week|2026-W49')).toMatchObject({ distance: 10_000, score: 100 });
    expect(SCORE_DEFAULTS.minDistance).toBe(20_000);
  });

  it('rolls back what a batch changed when it could not be produced', () => {
    const scores = new DriverScores(new Map(), 'UTC');
    const [first, second] = scriptedDay();
    scores.addEvent(first!);
    const kept = structuredClone(scores.all());
    scores.begin();
    scores.addEvent(second!);
    scores.addEvent(scriptedEvent([at('2026-12-07T08:00:00.000Z')], 0, 200, 'harsh-braking', 4, 3, 1));
    scores.rollBack();
    expect(scores.all()).toEqual(kept);
  });

  it.each([
    ['2026-11-30', '2026-W49'],
    ['2026-01-01', '2026-W01'],
    ['2027-01-01', '2026-W53'],
    ['2024-12-30', '2025-W01'],
    ['2021-01-03', '2020-W53'],
  ])('ISO week of %s is %s', (date, week) => {
    expect(isoWeek(date)).toBe(week);
  });
});

describe('severe events', () => {
  const t = SEVERE_EVENT_DEFAULTS;
  const e = (kind: DrivingEventRecord['kind'], peak: number, threshold = 0) => ({ kind, peak, threshold });
  it('are the braking of 0.45 g, speeding 20 km/h over the limit and idling of 30 min, at the threshold and over', () => {
    expect(isSevere(e('harsh-braking', gToMps2(0.45)), t)).toBe(true);
    expect(isSevere(e('harsh-braking', gToMps2(0.44)), t)).toBe(false);
    expect(isSevere(e('speeding', kmhToMps(100), kmhToMps(80)), t)).toBe(true);
    expect(isSevere(e('speeding', kmhToMps(99), kmhToMps(80)), t)).toBe(false);
    expect(isSevere(e('idling', 1800), t)).toBe(true);
    expect(isSevere(e('idling', 1799), t)).toBe(false);
    expect(isSevere(e('harsh-cornering', 9), t)).toBe(false);
    expect(isSevere(e('harsh-braking', 9), { ...t, severeBraking: 0 })).toBe(false);
  });
});
