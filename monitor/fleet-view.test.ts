import { describe, expect, it } from 'vitest';
import { changedFields, moveRow, vehicleState, vehicleView } from './fleet-view.js';
import { MOVE_FIELDS } from './live-contract.js';
import { parsePlan } from './plan.js';
import { heldBackScenario, planDocument } from './scenarios.js';
import { VehicleTracker } from './vehicle-tracker.js';

describe('the page\'s view of a vehicle', () => {
  const s = heldBackScenario('v-view');
  const plan = parsePlan(planDocument([s]));
  const tracker = new VehicleTracker(s.vehicleId, plan.vehicles.get(s.vehicleId), plan.thresholds);

  it('is all nulls before the first fix, and the tracker\'s figures after', () => {
    const empty = vehicleView(tracker.status(), plan.vehicles.get(s.vehicleId));
    expect(empty).toMatchObject({ id: 'v-view', state: 'unknown', lat: null, fixTimeMs: null, speed: null, planned: true, stopsTotal: 1, stopsDone: 0, etaAtMs: null });
    s.records.slice(0, 1300).forEach((r) => tracker.ingest(r));
    tracker.flush();
    const status = tracker.status();
    const view = vehicleView(status, plan.vehicles.get(s.vehicleId));
    expect(view.state).toBe('delayed');
    expect(view.fixTimeMs).toBe(Date.parse(status.position!.time));
    expect(view.speed).toBe(Math.round(status.position!.speed * 100) / 100);
    expect(view.tripAvgSpeed).toBe(Math.round(status.trip!.avgSpeed! * 100) / 100);
    expect(view.distanceToday).toBe(Math.round(status.day!.distance / 10) * 10);
    expect(view.etaAtMs).toBe(Date.parse(status.nextStop!.eta));
    expect(view.lateByMs).toBe(view.etaAtMs! - view.promisedAtMs!);
    expect(view.lateByMs).toBeGreaterThan(0);
    expect(vehicleView(status, undefined)).toMatchObject({ planned: false, stopsTotal: 0 });
  });

  it('takes the first state that applies: no data, off route, delayed, then motion', () => {
    const base = tracker.status();
    const route = { ...base.route!, deviationAlerted: true };
    expect(vehicleState({ ...base, noData: true, route })).toBe('no-data');
    expect(vehicleState({ ...base, route })).toBe('off-route');
    expect(vehicleState(base)).toBe('delayed');
    expect(vehicleState({ ...base, nextStop: null, motion: 'stopped' })).toBe('stopped');
  });

  it('sends a changed vehicle as its move row and the other fields that changed', () => {
    const a = vehicleView(tracker.status(), plan.vehicles.get(s.vehicleId));
    const moved = { ...a, lat: a.lat! + 0.001, fixTimeMs: a.fixTimeMs! + 1000 };
    expect(moveRow(undefined, a)).toBeNull();
    expect(moveRow(a, a)).toBeNull();
    expect(moveRow(a, moved)).toEqual([a.id, ...MOVE_FIELDS.map((f) => moved[f])]);
    expect(changedFields(a, moved, MOVE_FIELDS)).toBeNull();
    expect(changedFields(a, { ...moved, state: 'moving' }, MOVE_FIELDS)).toEqual({ id: a.id, state: 'moving' });
    expect(changedFields(undefined, a)).toBe(a);
  });
});
