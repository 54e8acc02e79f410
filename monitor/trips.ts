import type { PositionRecord } from '../protocol/position-record.js';
import { NDSBR_CSV } from '../trips/trip-csv.js';
import { readTripFile } from '../trips/trip-files.js';
import { positionFields, type TripPoint } from '../trips/trip-point.js';

/** A recorded point with its time as the records carry it (ISO-8601), for the monitor's tests, benchmark and demo. */
export type IsoTripPoint = Omit<TripPoint, 'timeMs'> & { time: string };

/** Real 1 Hz car trips (NDS-BR, Curitiba; see trips/README.md) by trip id, or any trip file's trips, read by the shared reader. */
export function loadTrips(path = NDSBR_CSV): Map<string, IsoTripPoint[]> {
  const trips = new Map<string, IsoTripPoint[]>();
  for (const [id, { points }] of readTripFile(path).trips) trips.set(id, points.map(({ timeMs, ...rest }) => ({ ...rest, time: new Date(timeMs).toISOString() })));
  return trips;
}

/** A trip as the gateway would have produced it for `vehicleId`: seq from 1, fix times shifted by `shiftMs`. */
export function tripRecords(points: IsoTripPoint[], vehicleId: string, options: { epoch?: string; shiftMs?: number; receivedAt?: string } = {}): PositionRecord[] {
  const epoch = options.epoch ?? `${vehicleId}-e1`;
  const shiftMs = options.shiftMs ?? 0;
  const receivedAt = options.receivedAt ?? new Date().toISOString();
  return points.map((p, i) => ({
    vehicleId,
    epoch,
    seq: i + 1,
    time: new Date(Date.parse(p.time) + shiftMs).toISOString(),
    ...positionFields(p),
    receivedAt,
  }));
}

/** The trip's own track, thinned to every `everyN`-th point (plus the last): a planned route to follow. */
export function routeFromTrip(points: { lat: number; lon: number }[], everyN = 10): [number, number][] {
  const coords = points.filter((_, i) => i % everyN === 0).map((p) => [p.lon, p.lat] as [number, number]);
  const last = points[points.length - 1];
  coords.push([last.lon, last.lat]);
  return coords;
}
