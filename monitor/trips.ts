import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../common/paths.js';
import type { PositionRecord } from '../protocol/position-record.js';

/**
 * Real 1 Hz car trips (NDS-BR, Curitiba; see ../shared/data/README.md) as position
 * records, for the monitor's tests, benchmark and demo. Rows without coordinates are
 * skipped; speed km/h → m/s; heading and altitude are kept when present.
 */
export const NDSBR_TRIPS_CSV = join(PACKAGE_ROOT, '..', 'shared', 'data', 'trips', 'ndsbr_curitiba_cars', 'ndsbr_normalized.csv');

export interface TripPoint {
  time: string;
  lat: number;
  lon: number;
  speedMps: number;
  trackDeg?: number;
  altMSL?: number;
}

export function loadTrips(path = NDSBR_TRIPS_CSV): Map<string, TripPoint[]> {
  const trips = new Map<string, TripPoint[]>();
  const lines = readFileSync(path, 'utf8').split('\n');
  for (const line of lines.slice(1)) {
    const [tripId, timestamp, lat, lon, speedKmh, heading, altitude] = line.split(',');
    if (!tripId || lat === '' || lon === '' || lat === undefined || lon === undefined) continue;
    const point: TripPoint = {
      time: new Date(Date.parse(timestamp)).toISOString(),
      lat: Number(lat),
      lon: Number(lon),
      speedMps: speedKmh ? Number(speedKmh) / 3.6 : 0,
      ...(heading ? { trackDeg: Number(heading) } : {}),
      ...(altitude ? { altMSL: Number(altitude) } : {}),
    };
    if (!Number.isFinite(point.lat) || !Number.isFinite(point.lon) || !Number.isFinite(Date.parse(point.time))) continue;
    const list = trips.get(tripId) ?? [];
    list.push(point);
    trips.set(tripId, list);
  }
  return trips;
}

/** A trip as the gateway would have produced it for `vehicleId`: seq from 1, fix times shifted by `shiftMs`. */
export function tripRecords(points: TripPoint[], vehicleId: string, options: { epoch?: string; shiftMs?: number; receivedAt?: string } = {}): PositionRecord[] {
  const epoch = options.epoch ?? `${vehicleId}-e1`;
  const shiftMs = options.shiftMs ?? 0;
  const receivedAt = options.receivedAt ?? new Date().toISOString();
  return points.map((p, i) => ({
    vehicleId,
    epoch,
    seq: i + 1,
    time: new Date(Date.parse(p.time) + shiftMs).toISOString(),
    lat: p.lat,
    lon: p.lon,
    speed: p.speedMps,
    ...(p.trackDeg !== undefined ? { track: p.trackDeg } : {}),
    ...(p.altMSL !== undefined ? { altMSL: p.altMSL } : {}),
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
