import type { PositionRecord } from '../protocol/position-record.js';
import { EARTH_RADIUS_M } from '../common/geo.js';
import { type IsoTripPoint, loadTrips, routeFromTrip, tripRecords } from './trips.js';

/**
 * Reproducible fleet situations built from the real NDS-BR trips, with the plan
 * (GeoJSON) that goes with them: used by the monitor's tests and the demo. The
 * positions are real; the detour and the hold are ours (documented per scenario).
 */
export interface Scenario {
  vehicleId: string;
  records: PositionRecord[];
  /** One plan feature collection's features (route + stops) for this vehicle. */
  features: object[];
}

export const SCENARIO_DEFAULTS = {
  detourTrip: 'A-trip05',
  /** Positions [start, end) of the detour trip are pushed sideways, ramping up and down over `detourRampN`. */
  detourStart: 600,
  detourEnd: 900,
  detourRampN: 30,
  detourOffsetM: 500,
  /** The detour vehicle's stop is promised generously: that scenario is about the route, not the clock. */
  detourPromiseSlackMs: 10 * 60_000,
  heldTrip: 'C-trip04',
  /** The held vehicle stops at this position for `heldForMs` (one fix per second, speed 0). */
  heldAt: 900,
  heldForMs: 10 * 60_000,
  /** The stop at the trip's end is promised this long after the trip's real (unheld) arrival. */
  promiseSlackMs: 3 * 60_000,
  /** Moves every fix time and promised time (0: the recording's own times). */
  shiftMs: 0,
};

let cachedTrips: Map<string, IsoTripPoint[]> | null = null;
function trip(id: string): IsoTripPoint[] {
  cachedTrips ??= loadTrips();
  const points = cachedTrips.get(id);
  if (!points) throw new Error(`trip ${id} not found in the NDS-BR data`);
  return points;
}

function routeFeature(vehicleId: string, points: IsoTripPoint[]): object {
  return { type: 'Feature', properties: { vehicleId }, geometry: { type: 'LineString', coordinates: routeFromTrip(points) } };
}

function stopFeature(vehicleId: string, stopId: string, at: IsoTripPoint, promisedAtMs: number): object {
  return {
    type: 'Feature',
    properties: { vehicleId, stopId, name: `delivery ${stopId}`, promisedAt: new Date(promisedAtMs).toISOString() },
    geometry: { type: 'Point', coordinates: [at.lon, at.lat] },
  };
}

/** A trip along its planned route, except positions [detourStart, detourEnd) that leave it by detourOffsetM to the north. */
export function detourScenario(vehicleId: string, o = SCENARIO_DEFAULTS): Scenario & { leftAtIndex: number; backAtIndex: number } {
  const points = trip(o.detourTrip);
  const records = tripRecords(points, vehicleId, { shiftMs: o.shiftMs }).map((r, i) => {
    if (i < o.detourStart || i >= o.detourEnd) return r;
    const ramp = Math.min(1, (i - o.detourStart) / o.detourRampN, (o.detourEnd - 1 - i) / o.detourRampN);
    return { ...r, lat: r.lat + ((ramp * o.detourOffsetM) / EARTH_RADIUS_M) * (180 / Math.PI) };
  });
  const last = points[points.length - 1];
  return {
    vehicleId,
    records,
    features: [routeFeature(vehicleId, points), stopFeature(vehicleId, 'end', last, Date.parse(last.time) + o.shiftMs + o.detourPromiseSlackMs)],
    leftAtIndex: o.detourStart,
    backAtIndex: o.detourEnd,
  };
}

/** A trip whose vehicle is held at position `heldAt` for `heldForMs`, with its stop promised just after the unheld arrival. */
export function heldBackScenario(vehicleId: string, o = SCENARIO_DEFAULTS): Scenario & { promisedAtMs: number } {
  const points = trip(o.heldTrip);
  const at = points[o.heldAt];
  const hold: IsoTripPoint[] = [];
  for (let t = 1000; t < o.heldForMs; t += 1000) hold.push({ ...at, time: new Date(Date.parse(at.time) + t).toISOString(), speed: 0 });
  const after = points.slice(o.heldAt + 1).map((p) => ({ ...p, time: new Date(Date.parse(p.time) + o.heldForMs).toISOString() }));
  const held = [...points.slice(0, o.heldAt + 1), ...hold, ...after];
  const last = points[points.length - 1];
  const promisedAtMs = Date.parse(last.time) + o.shiftMs + o.promiseSlackMs;
  return {
    vehicleId,
    records: tripRecords(held, vehicleId, { shiftMs: o.shiftMs }),
    features: [routeFeature(vehicleId, points), stopFeature(vehicleId, 'end', last, promisedAtMs)],
    promisedAtMs,
  };
}

export function planDocument(scenarios: Scenario[], thresholds?: Record<string, number>): object {
  return { type: 'FeatureCollection', ...(thresholds ? { thresholds } : {}), features: scenarios.flatMap((s) => s.features) };
}

/**
 * The same records as a late, disordered, repetitive network would deliver them:
 * each moved by up to `maxShift` places (seeded, reproducible), `duplicateShare` of
 * them sent twice, and every `resendEvery`-th block of 60 resent whole much later.
 */
export function disorder(records: PositionRecord[], options: { maxShift?: number; duplicateShare?: number; resendEvery?: number; seed?: number } = {}): PositionRecord[] {
  const maxShift = options.maxShift ?? 12;
  const duplicateShare = options.duplicateShare ?? 0.1;
  const resendEvery = options.resendEvery ?? 5;
  let seed = options.seed ?? 42;
  const random = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const keyed: { key: number; rec: PositionRecord }[] = [];
  records.forEach((rec, i) => {
    keyed.push({ key: i + random() * maxShift, rec });
    if (random() < duplicateShare) keyed.push({ key: i + random() * maxShift, rec });
  });
  for (let block = 0; block * 60 < records.length; block += resendEvery) {
    records.slice(block * 60, block * 60 + 60).forEach((rec, j) => keyed.push({ key: block * 60 + 200 + j / 100, rec }));
  }
  return keyed.sort((a, b) => a.key - b.key).map((k) => k.rec);
}
