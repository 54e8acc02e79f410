import { MOVE_FIELDS, type MoveRow, type VehicleState, type VehicleView } from './live-contract.js';
import type { VehiclePlan } from './plan.js';
import type { VehicleStatus } from './vehicle-tracker.js';

/** The page's view of a vehicle status: flat, rounded (so an unchanged value is not sent again), exactly the tracker's figures. */

/** The state a dispatcher filters on: silence first, then the route, then the clock, then motion. */
export function vehicleState(s: VehicleStatus): VehicleState {
  if (s.noData) return 'no-data';
  if (s.route?.deviationAlerted) return 'off-route';
  if (s.nextStop?.late) return 'delayed';
  return s.motion;
}

const timeMs = (iso: string | null | undefined): number | null => (iso ? Date.parse(iso) : null);
const rounded = (value: number | null | undefined, decimals: number): number | null => {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  // Dividing by 10^-d (not multiplying by 10^d) keeps whole tens exact.
  return decimals >= 0 ? Math.round(value * 10 ** decimals) / 10 ** decimals : Math.round(value / 10 ** -decimals) * 10 ** -decimals;
};

export function vehicleView(s: VehicleStatus, plan: VehiclePlan | undefined): VehicleView {
  const p = s.position;
  const next = s.nextStop;
  const etaAtMs = timeMs(next?.eta);
  const promisedAtMs = timeMs(next?.promisedAt);
  return {
    id: s.vehicleId,
    state: vehicleState(s),
    // 6 decimals of a degree: 0.1 m.
    lat: rounded(p?.lat, 6),
    lon: rounded(p?.lon, 6),
    fixTimeMs: timeMs(p?.time),
    speed: rounded(p?.speed, 2),
    track: rounded(p?.track, 1),
    windowAvgSpeed: rounded(s.windowAvgSpeed, 2),
    tripAvgSpeed: rounded(s.trip?.avgSpeed, 2),
    tripStartMs: timeMs(s.trip?.startTime),
    // 10 m: what the page shows (km with two decimals).
    tripDistance: rounded(s.trip?.distance, -1),
    distanceToday: rounded(s.day?.distance, -1),
    dayDate: s.day?.date ?? null,
    planned: plan !== undefined,
    distanceFromRoute: rounded(s.route?.distanceFromRoute, 0),
    nextStopId: next?.stopId ?? null,
    nextStopName: next?.name ?? null,
    etaAtMs,
    promisedAtMs,
    lateByMs: etaAtMs !== null && promisedAtMs !== null ? etaAtMs - promisedAtMs : null,
    stopsDone: s.stopsDone,
    stopsTotal: plan?.stops.length ?? 0,
  };
}

/** The fields of `next` that differ from `previous` (with the id), or null when none does; `skip`: fields sent otherwise. */
export function changedFields<T extends { id: string }>(previous: T | undefined, next: T, skip: readonly string[] = []): (Partial<T> & { id: string }) | null {
  if (!previous) return next;
  let delta: (Partial<T> & { id: string }) | null = null;
  for (const key of Object.keys(next) as (keyof T & string)[]) {
    if (previous[key] !== next[key] && !skip.includes(key)) (delta ??= { id: next.id } as Partial<T> & { id: string })[key] = next[key];
  }
  return delta;
}

/** The vehicle's MOVE_FIELDS row when one of them changed (a known vehicle), else null. */
export function moveRow(previous: VehicleView | undefined, next: VehicleView): MoveRow | null {
  if (!previous || MOVE_FIELDS.every((f) => previous[f] === next[f])) return null;
  return [next.id, ...MOVE_FIELDS.map((f) => next[f])];
}
