import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../common/errors.js';
import { PACKAGE_ROOT } from '../common/paths.js';
import { kmhToMps, mphToMps } from '../common/units.js';
import type { Position } from '../protocol/position.js';

/**
 * The one reader of the real trip recordings in `shared/data/trips/` (see its README),
 * shared by the virtual GPS, the simulator, the monitor's scenarios and the benches.
 */
export const TRIPS_DATA_DIR = join(PACKAGE_ROOT, '..', 'shared', 'data', 'trips');
/** NDS-BR Curitiba cars: 9 trips at 1 Hz. */
export const NDSBR_CSV = join(TRIPS_DATA_DIR, 'ndsbr_curitiba_cars', 'ndsbr_normalized.csv');
/** NDS OTR long-haul trucks: 5 drivers, sparse pings over months. */
export const OTR_PINGS_CSV = join(TRIPS_DATA_DIR, 'nds_otr_truck_pings', 'ping_real.csv');
/** The same pings with a `segment_id`, split at gaps over 30 min. */
export const OTR_SEGMENTED_CSV = join(TRIPS_DATA_DIR, 'nds_otr_truck_pings', 'ping_real_segmented.csv');

/** A recorded position in SI units; fields the recording lacks stay absent. */
export interface TripPoint {
  timeMs: number;
  lat: number;
  lon: number;
  speedMps?: number;
  trackDeg?: number;
  altM?: number;
}

export interface TripRead {
  points: TripPoint[];
  /** Rows left out, by reason (`noCoordinates`, `badTime`). */
  skipped: Record<string, number>;
}

export type TripCsvKind = 'ndsbr' | 'otr';

/** A point's fields as a Position carries them (gpsd TPV names; a course of 360° is 0°). */
export function positionFields(p: Omit<TripPoint, 'timeMs'>): Pick<Position, 'lat' | 'lon' | 'speed' | 'track' | 'altMSL'> {
  return {
    lat: p.lat,
    lon: p.lon,
    ...(p.speedMps !== undefined ? { speed: p.speedMps } : {}),
    ...(p.trackDeg !== undefined ? { track: p.trackDeg % 360 } : {}),
    ...(p.altM !== undefined ? { altMSL: p.altM } : {}),
  };
}

/** Which kind of trip CSV a header line is, or null. */
export function tripCsvKind(headerLine: string): TripCsvKind | null {
  const header = headerLine.split(',').map((h) => h.trim());
  if (header.includes('trip_id') && header.includes('timestamp_utc')) return 'ndsbr';
  if (header.includes('driver') && header.includes('ping_time')) return 'otr';
  return null;
}

/**
 * `ndsbr_normalized.csv`: `trip_id,timestamp_utc,lat,lon,speed_kmh,heading_deg,altitude_m[,valid_time]`
 * at 1 Hz, by trip id in file order. Rows without coordinates are skipped. `valid_time=No`
 * rows are kept (their clock is still monotonic at 1 Hz) without heading or altitude: the
 * receiver had none worth keeping (all of B-trip13 has neither; the first seconds of
 * B-trip18 and C-trip04 have a course jumping at standstill and a drifting altitude).
 */
export function parseNdsbrCsv(text: string, file: string): Map<string, TripRead> {
  const { header, rows } = csvRows(text);
  const c = columns(header, ['trip_id', 'timestamp_utc', 'lat', 'lon', 'speed_kmh', 'heading_deg', 'altitude_m'], file);
  const validCol = header.indexOf('valid_time');
  const trips = new Map<string, TripRead>();
  for (const row of rows) {
    const trip = group(trips, row[c.trip_id!]!);
    const point = basePoint(row[c.timestamp_utc!], row[c.lat!], row[c.lon!], trip.skipped);
    if (!point) continue;
    const speedKmh = optionalNumber(row[c.speed_kmh!]);
    if (speedKmh !== undefined) point.speedMps = kmhToMps(speedKmh);
    if (validCol < 0 || row[validCol] !== 'No') {
      const track = optionalNumber(row[c.heading_deg!]);
      if (track !== undefined) point.trackDeg = track;
      const alt = optionalNumber(row[c.altitude_m!]);
      if (alt !== undefined) point.altM = alt;
    }
    trip.points.push(point);
  }
  return trips;
}

/**
 * `ping_real.csv`: `[segment_id,]driver,ping_time,speed_mph,lat,lon`, sparse fleet pings (about
 * 10 s apart while moving, minutes when parked, days between periods), no heading or altitude.
 * By driver, or with `bySegment` by `segment_id` where the file has one; each in time order.
 */
export function parseOtrCsv(text: string, file: string, options: { bySegment?: boolean } = {}): Map<string, TripRead> {
  const { header, rows } = csvRows(text);
  const c = columns(header, ['driver', 'ping_time', 'speed_mph', 'lat', 'lon'], file);
  const keyCol = options.bySegment && header.includes('segment_id') ? header.indexOf('segment_id') : c.driver!;
  const trips = new Map<string, TripRead>();
  for (const row of rows) {
    const trip = group(trips, row[keyCol]!);
    const point = basePoint(row[c.ping_time!], row[c.lat!], row[c.lon!], trip.skipped);
    if (!point) continue;
    const speedMph = optionalNumber(row[c.speed_mph!]);
    if (speedMph !== undefined) point.speedMps = mphToMps(speedMph);
    trip.points.push(point);
  }
  for (const trip of trips.values()) trip.points.sort((a, b) => a.timeMs - b.timeMs);
  return trips;
}

/** Every trip (ndsbr) or driver (pings) of a trip CSV, the kind told by its header. */
export function readTripCsv(file: string): Map<string, TripRead> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read ${file}: ${(err as Error).message}`, 'give a trip CSV from shared/data/trips/');
  }
  const headerLine = text.split(/\r?\n/, 1)[0]!;
  const kind = tripCsvKind(headerLine);
  if (kind === 'ndsbr') return parseNdsbrCsv(text, file);
  if (kind === 'otr') return parseOtrCsv(text, file);
  throw new UserError(`${file} is not a trip CSV (header ${headerLine})`, 'give a trip CSV from shared/data/trips/');
}

function csvRows(text: string): { header: string[]; rows: string[][] } {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  return { header, rows: lines.slice(1).map((l) => l.split(',')) };
}

function columns(header: string[], wanted: readonly string[], file: string): Record<string, number> {
  const index: Record<string, number> = {};
  for (const name of wanted) {
    const i = header.indexOf(name);
    if (i < 0) throw new UserError(`${file}: no column "${name}" (found ${header.join(',')})`, 'give a trip CSV from shared/data/trips/');
    index[name] = i;
  }
  return index;
}

/** The trip a row belongs to; created on its first row, so a trip whose rows are all skipped is still listed. */
function group(trips: Map<string, TripRead>, key: string): TripRead {
  let trip = trips.get(key);
  if (!trip) trips.set(key, (trip = { points: [], skipped: {} }));
  return trip;
}

/** A numeric field, or undefined when empty or not a finite number (also used by the simulator's GPX reader). */
export function optionalNumber(field: string | undefined): number | undefined {
  if (field === undefined || field.trim() === '') return undefined;
  const v = Number(field);
  return Number.isFinite(v) ? v : undefined;
}

function basePoint(time: string | undefined, latField: string | undefined, lonField: string | undefined, skipped: Record<string, number>): TripPoint | null {
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
