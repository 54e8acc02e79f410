import type { Position } from '../protocol/position.js';

/** A recorded position in SI units; fields the recording lacks stay absent. */
export interface TripPoint {
  timeMs: number;
  lat: number;
  lon: number;
  speed?: number;
  track?: number;
  altMSL?: number;
}

/** One trip (or driver, or track segment) of a recording. */
export interface TripRead {
  points: TripPoint[];
  /** Rows or points left out, by reason (`noCoordinates`, `badTime`). */
  skipped: Record<string, number>;
}

/** A point's fields as a Position carries them (gpsd TPV names; a course of 360° is 0°). */
export function positionFields(p: Omit<TripPoint, 'timeMs'>): Pick<Position, 'lat' | 'lon' | 'speed' | 'track' | 'altMSL'> {
  return {
    lat: p.lat,
    lon: p.lon,
    ...(p.speed !== undefined ? { speed: p.speed } : {}),
    ...(p.track !== undefined ? { track: p.track % 360 } : {}),
    ...(p.altMSL !== undefined ? { altMSL: p.altMSL } : {}),
  };
}

/** A numeric field, or undefined when empty or not a finite number. */
export function optionalNumber(field: string | undefined): number | undefined {
  if (field === undefined || field.trim() === '') return undefined;
  const v = Number(field);
  return Number.isFinite(v) ? v : undefined;
}

/** The trip a row belongs to in `trips`; created on its first row, so a trip whose rows are all skipped is still listed. */
export function tripOf(trips: Map<string, TripRead>, key: string): TripRead {
  let trip = trips.get(key);
  if (!trip) trips.set(key, (trip = { points: [], skipped: {} }));
  return trip;
}

/** A point from its time and coordinate fields, or null (counted in `skipped`) when they are unusable. */
export function basePoint(time: string | undefined, latField: string | undefined, lonField: string | undefined, skipped: Record<string, number>): TripPoint | null {
  const timeMs = time ? Date.parse(time) : Number.NaN;
  if (!Number.isFinite(timeMs)) {
    skipped.badTime = (skipped.badTime ?? 0) + 1;
    return null;
  }
  const lat = optionalNumber(latField);
  const lon = optionalNumber(lonField);
  if (lat === undefined || lon === undefined || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    skipped.noCoordinates = (skipped.noCoordinates ?? 0) + 1;
    return null;
  }
  return { timeMs, lat, lon };
}
