import { existsSync, readFileSync, statSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { UserError } from '../common/errors.js';
import { isValidFix } from '../hw/fix.js';
import { decodeCaptureFile } from '../hw/nmea/pipeline.js';
import { parseIsoTimeMs } from '../protocol/iso-time.js';
import { NDSBR_CSV, optionalNumber, OTR_SEGMENTED_CSV, parseNdsbrCsv, parseOtrCsv, type TripPoint, type TripRead } from '../trips/trip-csv.js';
import { makeTrip, splitAtGaps, TRIP_DEFAULTS, type Trip } from './trip.js';

/**
 * Trip files the simulator reads, recognised by content:
 * - ndsbr CSV (`trip_id,timestamp_utc,lat,lon,speed_kmh,heading_deg,altitude_m,valid_time`): 1 Hz car trips, one per trip_id;
 * - truck pings CSV (`[segment_id,]driver,ping_time,speed_mph,lat,lon`): sparse, one trip per segment
 *   (or per driver, split at gaps longer than TRIP_DEFAULTS.splitGapMs);
 * - GPX 1.1 (`<trkpt lat lon><ele/><time/></trkpt>`), one trip per `<trkseg>`;
 * - NMEA captures (gpsd `.log` style: `#` comments, raw sentences), decoded by hw/nmea into fixes.
 */
export type TripFormat = 'ndsbr-csv' | 'truck-pings-csv' | 'gpx' | 'nmea';

export function detectTripFormat(path: string, head: string): TripFormat | undefined {
  const first = head.split(/\r?\n/, 1)[0]!.trim().toLowerCase();
  if (first.startsWith('trip_id,timestamp_utc,lat,lon')) return 'ndsbr-csv';
  if (/^(segment_id,)?driver,ping_time,speed_mph,lat,lon/.test(first)) return 'truck-pings-csv';
  if (head.includes('<gpx')) return 'gpx';
  if (/^[$!][A-Z]{2}[A-Z0-9]{3},/m.test(head)) return 'nmea';
  if (path.endsWith('.gpx')) return 'gpx';
  return undefined;
}

function groupTrips(file: string, groups: Map<string, TripPoint[]>, split: boolean): Trip[] {
  const trips: Trip[] = [];
  for (const [key, points] of groups) {
    const parts = split ? splitAtGaps(points.sort((a, b) => a.timeMs - b.timeMs)) : [points];
    parts.forEach((part, i) => {
      const trip = makeTrip(`${basename(file)}#${key}${parts.length > 1 ? `/${i + 1}` : ''}`, part);
      if (trip && trip.durationMs >= TRIP_DEFAULTS.minDurationMs) trips.push(trip);
    });
  }
  return trips;
}

function pointsOf(reads: Map<string, TripRead>): Map<string, TripPoint[]> {
  return new Map([...reads].map(([key, read]) => [key, read.points]));
}

/** One trip per segment where the file has a `segment_id` (already split at 30 min gaps), else per driver split here the same way. */
function truckPingTrips(file: string, text: string): Trip[] {
  const segmented = /^segment_id,/i.test(text);
  return groupTrips(file, pointsOf(parseOtrCsv(text, file, { bySegment: true })), !segmented);
}

export function parseGpx(file: string, text: string): Trip[] {
  const groups = new Map<string, TripPoint[]>();
  const segments = text.split(/<trkseg[\s>]/).slice(1);
  segments.forEach((seg, i) => {
    const points: TripPoint[] = [];
    for (const m of seg.matchAll(/<trkpt\b([^>]*)>([\s\S]*?)<\/trkpt>/g)) {
      const attr = m[1]!;
      const body = m[2]!;
      const lat = optionalNumber(/\blat="([^"]+)"/.exec(attr)?.[1]);
      const lon = optionalNumber(/\blon="([^"]+)"/.exec(attr)?.[1]);
      const timeMs = Date.parse(/<time>([^<]+)<\/time>/.exec(body)?.[1] ?? '');
      if (lat === undefined || lon === undefined || !Number.isFinite(timeMs)) continue;
      const point: TripPoint = { timeMs, lat, lon };
      const alt = optionalNumber(/<ele>([^<]+)<\/ele>/.exec(body)?.[1]);
      const speed = optionalNumber(/<(?:\w+:)?speed>([^<]+)<\/(?:\w+:)?speed>/.exec(body)?.[1]);
      const course = optionalNumber(/<(?:\w+:)?course>([^<]+)<\/(?:\w+:)?course>/.exec(body)?.[1]);
      if (alt !== undefined) point.altM = alt;
      if (speed !== undefined) point.speedMps = speed;
      if (course !== undefined) point.trackDeg = course;
      points.push(point);
    }
    groups.set(`seg${i + 1}`, points);
  });
  return groupTrips(file, groups, false);
}

export async function parseNmeaCapture(file: string): Promise<Trip[]> {
  const points: TripPoint[] = [];
  for await (const fix of decodeCaptureFile(file).fixes) {
    if (!isValidFix(fix)) continue;
    const timeMs = parseIsoTimeMs(fix.time);
    if (timeMs === undefined) continue;
    const point: TripPoint = { timeMs, lat: fix.lat, lon: fix.lon };
    if (fix.speed !== undefined) point.speedMps = fix.speed;
    if (fix.track !== undefined) point.trackDeg = fix.track;
    if (fix.altMSL !== undefined) point.altM = fix.altMSL;
    points.push(point);
  }
  const trip = makeTrip(basename(file), points);
  return trip ? [trip] : [];
}

/** Files under a path: the file itself, or a directory's files (one level, sorted, `.chk`/licences skipped). */
function expand(path: string): string[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new UserError(`Trip file ${path} does not exist.`, 'Pass CSV, GPX or NMEA files (or directories of them) to --trips.');
  }
  if (!stat.isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => /\.(csv|gpx|log|nmea)$/i.test(name))
    .sort()
    .map((name) => join(path, name));
}

/** Loads every trip from the given files/directories; a file in no known format is a usage error. */
export async function loadTrips(paths: string[]): Promise<{ trips: Trip[]; files: { file: string; format: TripFormat; trips: number }[] }> {
  const trips: Trip[] = [];
  const files: { file: string; format: TripFormat; trips: number }[] = [];
  for (const file of paths.flatMap(expand)) {
    const text = readFileSync(file, 'latin1');
    const format = detectTripFormat(file, text.slice(0, 4096));
    if (!format) {
      if (paths.includes(file)) {
        throw new UserError(`Cannot tell the format of trip file ${file}.`, 'Supported: ndsbr CSV, truck pings CSV, GPX, NMEA capture (see simulator/README.md).');
      }
      continue; // a directory's other CSVs (e.g. ndsbr's original driver_*.csv) are not trips
    }
    const found =
      format === 'ndsbr-csv' ? groupTrips(file, pointsOf(parseNdsbrCsv(text, file)), false) : format === 'truck-pings-csv' ? truckPingTrips(file, text) : format === 'gpx' ? parseGpx(file, text) : await parseNmeaCapture(file);
    files.push({ file, format, trips: found.length });
    trips.push(...found);
  }
  if (trips.length === 0) throw new UserError(`No drivable trip (≥ ${TRIP_DEFAULTS.minDurationMs / 1000} s, ≥ 2 points) in ${paths.join(', ')}.`, 'Check the files passed to --trips.');
  return { trips, files };
}

/**
 * The real trips of the project's test data (`../shared/data/trips`), or, in a clone
 * without that directory, the small extracts of them in simulator/fixtures/.
 */
export function defaultTripPaths(packageRoot: string): string[] {
  const shared = [NDSBR_CSV, OTR_SEGMENTED_CSV];
  if (shared.every((p) => existsSync(p))) return shared;
  const fixtures = join(packageRoot, 'simulator', 'fixtures');
  return [join(fixtures, 'ndsbr_a_trip12.csv'), join(fixtures, 'truck_pings_four_segments.csv')];
}
