import { join } from 'node:path';
import { UserError } from '../common/errors.js';
import { PACKAGE_ROOT } from '../common/paths.js';
import { kmhToMps, mphToMps } from '../common/units.js';
import { basePoint, optionalNumber, tripOf, type TripRead } from './trip-point.js';

/** The real trip recordings in `shared/data/trips/` (see its README) and the readers of their two CSV formats. */
export const TRIPS_DATA_DIR = join(PACKAGE_ROOT, '..', 'shared', 'data', 'trips');
/** NDS-BR Curitiba cars: 9 trips at 1 Hz. */
export const NDSBR_CSV = join(TRIPS_DATA_DIR, 'ndsbr_curitiba_cars', 'ndsbr_normalized.csv');
/** NDS OTR long-haul trucks: 5 drivers, sparse pings over months. */
export const OTR_PINGS_CSV = join(TRIPS_DATA_DIR, 'nds_otr_truck_pings', 'ping_real.csv');
/** The same pings with a `segment_id`, split at gaps over 30 min. */
export const OTR_SEGMENTED_CSV = join(TRIPS_DATA_DIR, 'nds_otr_truck_pings', 'ping_real_segmented.csv');

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
    const trip = tripOf(trips, row[c.trip_id!]!);
    const point = basePoint(row[c.timestamp_utc!], row[c.lat!], row[c.lon!], trip.skipped);
    if (!point) continue;
    const speedKmh = optionalNumber(row[c.speed_kmh!]);
    if (speedKmh !== undefined) point.speed = kmhToMps(speedKmh);
    if (validCol < 0 || row[validCol] !== 'No') {
      const track = optionalNumber(row[c.heading_deg!]);
      if (track !== undefined) point.track = track;
      const alt = optionalNumber(row[c.altitude_m!]);
      if (alt !== undefined) point.altMSL = alt;
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
    const trip = tripOf(trips, row[keyCol]!);
    const point = basePoint(row[c.ping_time!], row[c.lat!], row[c.lon!], trip.skipped);
    if (!point) continue;
    const speedMph = optionalNumber(row[c.speed_mph!]);
    if (speedMph !== undefined) point.speed = mphToMps(speedMph);
    trip.points.push(point);
  }
  for (const trip of trips.values()) trip.points.sort((a, b) => a.timeMs - b.timeMs);
  return trips;
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
