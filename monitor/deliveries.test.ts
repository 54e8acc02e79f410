import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../common/errors.js';
import { DeliveryBook, loadLinkSecret } from './deliveries.js';
import { etaAtMs, remainingToStop } from './eta.js';
import { parsePlan } from './plan.js';
import { detourScenario } from './scenarios.js';
import { routeFromTrip } from './trips.js';
import { VehicleTracker } from './vehicle-tracker.js';

/** The detour truck's trip with three stops along it (positions 400, 1000 and the last), each promised at the recorded time + 5 min. */
function threeStops() {
  const s = detourScenario('truck-3');
  const stopAt = (i: number, stopId: string) => ({
    type: 'Feature',
    properties: { vehicleId: s.vehicleId, stopId, name: `Stop ${stopId}`, promisedAt: new Date(Date.parse(s.records[i].time) + 300_000).toISOString() },
    geometry: { type: 'Point', coordinates: [s.records[i].lon, s.records[i].lat] },
  });
  const plan = parsePlan({
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { vehicleId: s.vehicleId }, geometry: { type: 'LineString', coordinates: routeFromTrip(s.records) } },
      stopAt(400, 'A'),
      stopAt(1000, 'B'),
      stopAt(s.records.length - 1, 'C'),
    ],
  });
  const tracker = new VehicleTracker(s.vehicleId, plan.vehicles.get(s.vehicleId), plan.thresholds);
  return { s, plan, tracker };
}

const SECRET = Buffer.alloc(32, 7);

describe('DeliveryBook', () => {
  it("gives every stop's state: done ones as the tracker recorded them, the next one with the tracker's ETA, later ones with the same formula", () => {
    const { s, plan, tracker } = threeStops();
    const book = new DeliveryBook(plan, SECRET);
    expect(book.ofVehicle(s.vehicleId, undefined).map((d) => [d.stopId, d.status, d.etaAtMs])).toEqual([
      ['A', 'next', null],
      ['B', 'scheduled', null],
      ['C', 'scheduled', null],
    ]);
    s.records.slice(0, 500).forEach((r) => tracker.ingest(r));
    tracker.flush();
    const status = tracker.status();
    const [a, b, c] = book.ofVehicle(s.vehicleId, status);
    expect(status.stopsDone).toBe(1);
    expect(a).toMatchObject({ status: 'arrived', doneAtMs: Date.parse(status.visits[0].time), lateByMs: status.visits[0].lateByMs, etaAtMs: null });
    expect(a.lateByMs).toBeLessThan(0); // promised 5 min after the recorded arrival
    expect(b).toMatchObject({ status: 'next', etaAtMs: Date.parse(status.nextStop!.eta), remaining: Math.round(status.nextStop!.distance) });
    expect(b.lateByMs).toBe(b.etaAtMs! - b.promisedAtMs);
    const fixMs = Date.parse(status.position!.time);
    const cStop = plan.vehicles.get(s.vehicleId)!.stops[2];
    expect(c.status).toBe('scheduled');
    expect(c.etaAtMs).toBe(Math.round(etaAtMs(fixMs, remainingToStop(cStop.alongM, status.route!), status.trip!.avgSpeed, plan.thresholds)));
    expect(c.etaAtMs).toBeGreaterThan(b.etaAtMs!);
    expect(c.asOfMs).toBe(fixMs);
  });

  it('names every delivery by an unguessable token: the same for the same plan and secret, unrelated otherwise', () => {
    const { s, plan } = threeStops();
    const book = new DeliveryBook(plan, SECRET);
    const paths = book.ofVehicle(s.vehicleId, undefined).map((d) => d.trackingPath);
    for (const path of paths) expect(path).toMatch(/^\/track\/[\w-]{22}$/);
    expect(new Set(paths).size).toBe(3);
    expect(new DeliveryBook(plan, SECRET).ofVehicle(s.vehicleId, undefined).map((d) => d.trackingPath)).toEqual(paths);
    const other = new DeliveryBook(plan, Buffer.alloc(32, 8)).ofVehicle(s.vehicleId, undefined).map((d) => d.trackingPath);
    expect(other.some((p) => paths.includes(p))).toBe(false);
    const token = paths[1].split('/').pop()!;
    expect(book.lookup(token)).toEqual({ vehicleId: s.vehicleId, stopIndex: 1 });
    expect(book.lookup(token.slice(1))).toBeUndefined();
    expect(book.forCustomer('not-a-token', undefined, Date.now())).toBeUndefined();
  });

  it('tells the customer when, and nothing about the vehicle', () => {
    const { s, plan, tracker } = threeStops();
    const book = new DeliveryBook(plan, SECRET);
    s.records.slice(0, 500).forEach((r) => tracker.ingest(r));
    tracker.flush();
    const status = tracker.status();
    const [a, b] = book.ofVehicle(s.vehicleId, status);
    const etaMs = Date.parse(status.nextStop!.eta);
    const view = book.forCustomer(b.trackingPath.split('/').pop()!, status, etaMs - 12.5 * 60_000)!;
    expect(view).toEqual({
      name: 'Stop B',
      status: 'on-the-way',
      promisedAt: new Date(b.promisedAtMs).toISOString(),
      eta: status.nextStop!.eta,
      minutesAway: 13,
      lateByMinutes: Math.round(b.lateByMs! / 60_000),
      updatedAt: status.position!.time,
    });
    expect(book.forCustomer(b.trackingPath.split('/').pop()!, status, etaMs + 60_000)!.minutesAway).toBe(0);
    const done = book.forCustomer(a.trackingPath.split('/').pop()!, status, etaMs)!;
    expect(done).toMatchObject({ status: 'arrived', eta: status.visits[0].time, minutesAway: null });
    expect(JSON.stringify(view)).not.toContain(s.vehicleId);
  });

  it('reads the link secret from a file, refusing a short one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'link-secret-'));
    writeFileSync(join(dir, 'good'), Buffer.alloc(32, 1));
    writeFileSync(join(dir, 'short'), 'secret');
    expect(loadLinkSecret(join(dir, 'good'))).toEqual(Buffer.alloc(32, 1));
    expect(() => loadLinkSecret(join(dir, 'short'))).toThrow(UserError);
    expect(() => loadLinkSecret(join(dir, 'missing'))).toThrow(/--link-secret-file/);
    expect(loadLinkSecret(undefined)).toHaveLength(32);
  });
});
