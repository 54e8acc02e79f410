import { readFile } from 'node:fs/promises';
import { UserError } from '../../common/errors.js';

/**
 * Readers for the real trip recordings in `shared/data/trips/`. They return plain
 * points (the fleet simulator reuses them); rendering as NMEA is `nmea-render.ts`.
 */
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
  /** Rows left out, by reason (rows without coordinates, unparseable time…). */
  skipped: Record<string, number>;
}

const KMH_TO_MPS = 1 / 3.6;
const MPH_TO_MPS = 0.44704;

function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const header = (lines[0] ?? '').split(',');
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

function num(field: string | undefined): number | undefined {
  if (field === undefined || field.trim() === '') return undefined;
  const v = Number(field);
  return Number.isFinite(v) ? v : undefined;
}

function count(skipped: Record<string, number>, reason: string): void {
  skipped[reason] = (skipped[reason] ?? 0) + 1;
}

/** Which kind of trip CSV a header is, or null. */
export function tripCsvKind(headerLine: string): 'ndsbr' | 'otr' | null {
  const header = headerLine.trim().split(',');
  if (header.includes('trip_id') && header.includes('timestamp_utc')) return 'ndsbr';
  if (header.includes('driver') && header.includes('ping_time')) return 'otr';
  return null;
}

/** Distinct values of the id column (trip ids or drivers), in file order. */
export async function tripIds(file: string): Promise<string[]> {
  const { header, rows } = parseCsv(await readFile(file, 'utf8'));
  const col = header.indexOf('trip_id') >= 0 ? header.indexOf('trip_id') : header.indexOf('driver');
  return [...new Set(rows.map((r) => r[col] ?? ''))];
}

/**
 * `ndsbr_normalized.csv`: `trip_id,timestamp_utc,lat,lon,speed_kmh,heading_deg,altitude_m,valid_time`
 * at 1 Hz. Rows without coordinates are skipped; empty heading/altitude (trip B-trip13)
 * stay absent. `valid_time=No` rows are kept: their clock is still monotonic at 1 Hz.
 */
export async function readNdsbrTrip(file: string, tripId: string): Promise<TripRead> {
  const { header, rows } = parseCsv(await readFile(file, 'utf8'));
  const c = columns(header, ['trip_id', 'timestamp_utc', 'lat', 'lon', 'speed_kmh', 'heading_deg', 'altitude_m'], file);
  const skipped: Record<string, number> = {};
  const points: TripPoint[] = [];
  for (const row of rows) {
    if (row[c.trip_id!] !== tripId) continue;
    const point = basePoint(row[c.timestamp_utc!], row[c.lat!], row[c.lon!], skipped);
    if (!point) continue;
    const speedKmh = num(row[c.speed_kmh!]);
    if (speedKmh !== undefined) point.speedMps = speedKmh * KMH_TO_MPS;
    const track = num(row[c.heading_deg!]);
    if (track !== undefined) point.trackDeg = track;
    const alt = num(row[c.altitude_m!]);
    if (alt !== undefined) point.altM = alt;
    points.push(point);
  }
  return { points, skipped };
}

/**
 * `ping_real.csv`: `driver,ping_time,speed_mph,lat,lon`, sparse fleet pings (about 10 s
 * apart while moving, minutes when parked, days between periods). No heading or altitude.
 */
export async function readOtrDriver(file: string, driver: string): Promise<TripRead> {
  const { header, rows } = parseCsv(await readFile(file, 'utf8'));
  const c = columns(header, ['driver', 'ping_time', 'speed_mph', 'lat', 'lon'], file);
  const skipped: Record<string, number> = {};
  const points: TripPoint[] = [];
  for (const row of rows) {
    if (row[c.driver!] !== driver) continue;
    const point = basePoint(row[c.ping_time!], row[c.lat!], row[c.lon!], skipped);
    if (!point) continue;
    const speedMph = num(row[c.speed_mph!]);
    if (speedMph !== undefined) point.speedMps = speedMph * MPH_TO_MPS;
    points.push(point);
  }
  points.sort((a, b) => a.timeMs - b.timeMs);
  return { points, skipped };
}

function basePoint(time: string | undefined, latField: string | undefined, lonField: string | undefined, skipped: Record<string, number>): TripPoint | null {
  const timeMs = time ? Date.parse(time) : Number.NaN;
  if (!Number.isFinite(timeMs)) {
    count(skipped, 'badTime');
    return null;
  }
  const lat = num(latField);
  const lon = num(lonField);
  if (lat === undefined || lon === undefined || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    count(skipped, 'noCoordinates');
    return null;
  }
  return { timeMs, lat, lon };
}
