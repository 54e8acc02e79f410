import { describe, expect, it } from 'vitest';
import { haversineM } from '../common/geo.js';
import type { PositionRecord } from '../protocol/position-record.js';
import { parsePlan } from './plan.js';
import { SCENARIO_DEFAULTS, detourScenario, disorder, heldBackScenario, planDocument, type Scenario } from './scenarios.js';
import { parseStatusRecord } from './status-record.js';
import { comparable, statusV1Records } from './test-support.js';
import { type Alert, TRACKER_DEFAULTS, type VehicleStatus, VehicleTracker } from './vehicle-tracker.js';

function run(scenario: Scenario, records: PositionRecord[], tracker?: VehicleTracker): { tracker: VehicleTracker; alerts: Alert[] } {
  const plan = parsePlan(planDocument([scenario]));
  const t = tracker ?? new VehicleTracker(scenario.vehicleId, plan.vehicles.get(scenario.vehicleId), plan.thresholds);
  const alerts = records.flatMap((r) => t.ingest(r));
  alerts.push(...t.flush());
  return { tracker: t, alerts };
}


describe('VehicleTracker', () => {
  it('raises a deviation within the grace period after leaving the route and clears it on return', () => {
    const s = detourScenario('v-detour');
    const { alerts } = run(s, s.records);
    const start = alerts.find((a) => a.type === 'deviation-start');
    const end = alerts.find((a) => a.type === 'deviation-end');
    expect(start).toBeDefined();
    expect(end).toBeDefined();
    const leftMs = Date.parse(s.records[s.leftAtIndex].time);
    const backMs = Date.parse(s.records[s.backAtIndex].time);
    expect(Date.parse(start!.offRouteSince!)).toBeGreaterThanOrEqual(leftMs);
    // Raised once the grace period (60 s) has passed off route, and no later than a few fixes after.
    expect(Date.parse(start!.time) - Date.parse(start!.offRouteSince!)).toBeGreaterThanOrEqual(60_000);
    expect(Date.parse(start!.time) - Date.parse(start!.offRouteSince!)).toBeLessThan(65_000);
    expect(Date.parse(end!.time)).toBeLessThanOrEqual(backMs);
    expect(alerts.map((a) => a.type)).toEqual(['deviation-start', 'deviation-end', 'arrival']);
  });

  it('predicts the delay of a held-back vehicle before the promised time passes', () => {
    const s = heldBackScenario('v-held');
    const { alerts, tracker } = run(s, s.records);
    const delay = alerts.find((a) => a.type === 'delay-predicted');
    expect(delay).toBeDefined();
    expect(Date.parse(delay!.time)).toBeLessThan(s.promisedAtMs);
    // Caused by the hold (from position 900 on), not by the drive before it.
    expect(Date.parse(delay!.time)).toBeGreaterThan(Date.parse(s.records[900].time));
    expect(alerts.map((a) => a.type)).toEqual(['delay-predicted', 'arrival']);
    expect(delay!.lateByMs).toBeGreaterThan(0);
    const arrival = alerts.find((a) => a.type === 'arrival');
    expect(arrival?.lateByMs).toBeGreaterThan(0);
    expect(tracker.status().stopsDone).toBe(1);
  });

  it('gives the same state and alerts for disordered, duplicated input as for clean input', () => {
    for (const s of [detourScenario('v-a'), heldBackScenario('v-b')]) {
      const clean = run(s, s.records);
      const messy = disorder(s.records);
      expect(messy.length).toBeGreaterThan(s.records.length);
      expect(messy.map((r) => r.seq)).not.toEqual(s.records.map((r) => r.seq));
      const dirty = run(s, messy);
      expect(comparable(dirty.tracker.status())).toEqual(comparable(clean.tracker.status()));
      expect(dirty.alerts).toEqual(clean.alerts);
      expect(dirty.tracker.status().counts.duplicates).toBe(messy.length - s.records.length);
      expect(dirty.tracker.status().counts.late).toBe(0);
    }
  });

  it('resumes from its status with the same result as an uninterrupted run', () => {
    const s = detourScenario('v-r');
    const plan = parsePlan(planDocument([s]));
    const whole = run(s, s.records);
    const half = Math.floor(s.records.length / 2);
    const first = run(s, s.records.slice(0, half));
    const status = JSON.parse(JSON.stringify(first.tracker.status())) as VehicleStatus;
    const resumed = new VehicleTracker(s.vehicleId, plan.vehicles.get(s.vehicleId), plan.thresholds, undefined, status);
    const second = run(s, s.records.slice(half), resumed);
    expect(comparable(second.tracker.status())).toEqual(comparable(whole.tracker.status()));
    expect([...first.alerts, ...second.alerts]).toEqual(whole.alerts);
  });

  it('resumes from the status the previous version (schema 1) wrote with the result of an uninterrupted run', () => {
    const v1 = statusV1Records();
    for (const s of [detourScenario('truck-detour'), heldBackScenario('truck-held')]) {
      const plan = parsePlan(planDocument([s]));
      const record = v1.find((r) => r.key === s.vehicleId)!;
      const { source: _source, ...status } = parseStatusRecord(record.value, record.headers);
      // The fixture's monitor had processed 780 positions and held seq 781–800 in its reorder buffer.
      expect(status.counts.processed + status.resume.pending.length).toBe(800);
      const resumed = new VehicleTracker(s.vehicleId, plan.vehicles.get(s.vehicleId), plan.thresholds, TRACKER_DEFAULTS, status);
      const second = run(s, s.records.filter((r) => r.seq > 800), resumed);
      const whole = run(s, s.records);
      expect(comparable(second.tracker.status())).toEqual(comparable(whole.tracker.status()));
      expect(second.alerts.length).toBeGreaterThan(0);
      expect(second.alerts).toEqual(whole.alerts.filter((a) => Date.parse(a.time) > Date.parse(status.position!.time)));
    }
  });

  it('computes distance, averages and motion from real positions', () => {
    const s = heldBackScenario('v-m');
    const t = new VehicleTracker(s.vehicleId, undefined);
    const heldEnd = 900 + 599;
    s.records.slice(0, heldEnd).forEach((r) => t.ingest(r));
    t.flush();
    const held = t.status();
    expect(held.motion).toBe('stopped');
    expect(held.windowAvgSpeed).toBeLessThan(0.5);
    s.records.slice(heldEnd).forEach((r) => t.ingest(r));
    t.flush();
    const done = t.status();
    // C-trip04 is about 17 km (sum of its fixes' steps; standing jitter not counted).
    expect(done.distance).toBeGreaterThan(15_000);
    expect(done.distance).toBeLessThan(17_500);
    expect(done.trip!.avgSpeed).toBeCloseTo(done.distance / ((Date.parse(done.position!.time) - Date.parse(done.trip!.startTime)) / 1000), 6);
  });

  it('counts no distance for a step no vehicle makes: a trip replayed from its start again (the old simulator wrap) averages what was driven', () => {
    const s = heldBackScenario('v-wrap');
    const drive = s.records.slice(0, 900);
    const lastMs = Date.parse(drive[drive.length - 1].time);
    // The same drive again from its start, a second later: kilometres in one second.
    const again = drive.map((r, i) => ({ ...r, seq: r.seq + drive.length, time: new Date(lastMs + 1000 + i * 1000).toISOString() }));
    const once = new VehicleTracker(s.vehicleId, undefined);
    drive.forEach((r) => once.ingest(r));
    once.flush();
    const twice = new VehicleTracker(s.vehicleId, undefined);
    let fastestWindow = 0;
    for (const r of [...drive, ...again]) {
      twice.ingest(r);
      fastestWindow = Math.max(fastestWindow, twice.status().windowAvgSpeed ?? 0);
    }
    twice.flush();
    expect(twice.status().counts.jumps).toBe(1);
    expect(twice.status().distance).toBeCloseTo(2 * once.status().distance, 6);
    // A car in Curitiba: the five-minute average stays a car's (with the wrap counted it reached 147–206 km/h).
    expect(fastestWindow).toBeLessThan(80 / 3.6);
  });

  it('takes the speed from the displacement when the gateway flagged the reported one as suspect', () => {
    const s = detourScenario('v-suspect');
    const t = new VehicleTracker(s.vehicleId, undefined);
    const [a, b] = [s.records[100], s.records[101]];
    t.ingest(a);
    t.ingest({ ...b, speed: 470, suspect: ['speed'] });
    t.flush();
    const step = t.status().position!.speed;
    expect(step).toBeLessThan(50);
    expect(step).toBeCloseTo(haversineM(a, b) / ((Date.parse(b.time) - Date.parse(a.time)) / 1000), 6);
  });

  it('reports no data once after silence and resumes on the next record', () => {
    const s = detourScenario('v-n');
    const t = new VehicleTracker(s.vehicleId, undefined);
    t.ingest({ ...s.records[0], receivedAt: '2026-01-01T00:00:00.000Z' });
    expect(t.checkSilence(Date.parse('2026-01-01T00:04:00Z'), 300_000)).toEqual([]);
    const silent = t.checkSilence(Date.parse('2026-01-01T00:05:00Z'), 300_000);
    expect(silent.map((a) => a.type)).toEqual(['no-data']);
    expect(t.checkSilence(Date.parse('2026-01-01T00:09:00Z'), 300_000)).toEqual([]);
    expect(t.ingest({ ...s.records[1], receivedAt: '2026-01-01T00:10:00.000Z' }).map((a) => a.type)).toEqual(['data-resumed']);
  });
});

describe('VehicleTracker: the day, the stops done, the positions processed', () => {
  /** The held scenario moved so that midnight UTC falls between its positions 499 and 500. */
  function acrossMidnight(): Scenario {
    const recorded = heldBackScenario('v-day');
    const at = Date.parse(recorded.records[500].time);
    const midnight = Math.ceil(at / 86_400_000) * 86_400_000;
    return heldBackScenario('v-day', { ...SCENARIO_DEFAULTS, shiftMs: midnight - at });
  }

  it("counts the distance of the fleet's calendar day, starting again at its midnight", () => {
    const s = acrossMidnight();
    const t = new VehicleTracker(s.vehicleId, undefined);
    s.records.slice(0, 500).forEach((r) => t.ingest(r));
    t.flush();
    const before = t.status();
    expect(before.day!.date).toBe(s.records[499].time.slice(0, 10));
    expect(before.day!.distance).toBeCloseTo(before.distance, 6);
    s.records.slice(500).forEach((r) => t.ingest(r));
    t.flush();
    const after = t.status();
    expect(after.day!.date).toBe(s.records[500].time.slice(0, 10));
    expect(after.day!.distance).toBeGreaterThan(0);
    // Everything after midnight, and nothing before (the step across midnight counts for the new day).
    expect(after.day!.distance).toBeCloseTo(after.distance - before.distance, 6);
  });

  it("starts the day at the zone's own midnight", () => {
    const s = acrossMidnight();
    // In São Paulo (UTC−3) midnight UTC is 21:00 of the same day: no new day there.
    const t = new VehicleTracker(s.vehicleId, undefined, undefined, { ...TRACKER_DEFAULTS, dayTimeZone: 'America/Sao_Paulo' });
    s.records.forEach((r) => t.ingest(r));
    t.flush();
    const status = t.status();
    expect(status.day!.date).toBe(new Date(Date.parse(s.records[0].time) - 3 * 3_600_000).toISOString().slice(0, 10));
    expect(status.day!.distance).toBeCloseTo(status.distance, 6);
  });

  it('records how each stop was done, as its alert says', () => {
    const s = heldBackScenario('v-visit');
    const { tracker, alerts } = run(s, s.records);
    const arrival = alerts.find((a) => a.type === 'arrival')!;
    expect(tracker.status().visits).toEqual([{ stopId: 'end', outcome: 'arrival', time: arrival.time, lateByMs: arrival.lateByMs }]);
  });

  it('hands over the positions it processed, in fix-time order, once', () => {
    const s = detourScenario('v-take');
    const t = new VehicleTracker(s.vehicleId, undefined);
    disorder(s.records.slice(0, 200), { resendEvery: 1000 }).forEach((r) => t.ingest(r));
    t.flush();
    const taken = t.takeProcessed();
    expect(taken.map((p) => p.time)).toEqual(s.records.slice(0, 200).map((r) => r.time));
    expect(taken.at(-1)).toEqual(t.status().position);
    expect(t.takeProcessed()).toEqual([]);
  });

  it('reads a status written before the day and the stops done were recorded', () => {
    const s = detourScenario('v-old');
    const plan = parsePlan(planDocument([s]));
    const first = run(s, s.records.slice(0, 400));
    const { day: _day, visits: _visits, ...older } = JSON.parse(JSON.stringify(first.tracker.status())) as VehicleStatus;
    const resumed = new VehicleTracker(s.vehicleId, plan.vehicles.get(s.vehicleId), plan.thresholds, undefined, older as VehicleStatus);
    // The trip began that day: the day's distance is the trip's.
    expect(resumed.status().day).toEqual({ date: s.records[0].time.slice(0, 10), distance: older.trip!.distance });
    expect(resumed.status().visits).toEqual([]);
  });
});
