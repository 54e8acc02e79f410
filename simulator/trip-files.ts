import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { UserError } from '../common/errors.js';
import { NDSBR_CSV, OTR_SEGMENTED_CSV } from '../trips/trip-csv.js';
import { readTripFile, tripFileFormat, TRIP_FORMATS_HINT, type TripFormat } from '../trips/trip-files.js';
import type { TripRead } from '../trips/trip-point.js';
import { makeTrip, splitAtGaps, TRIP_DEFAULTS, type Trip } from './trip.js';

/**
 * The trips the simulator drives, from trip files (formats and readers in trips/): one trip
 * per ndsbr trip, GPX track segment or receiver capture; truck pings one per segment, or per
 * driver split at gaps longer than TRIP_DEFAULTS.splitGapMs (a no-op on segments, which the
 * segmented file already split at 30 min).
 */
function drivableTrips(file: string, format: TripFormat, reads: Map<string, TripRead>): Trip[] {
  const split = format === 'truck-pings-csv';
  const trips: Trip[] = [];
  for (const [key, { points }] of reads) {
    const parts = split ? splitAtGaps([...points].sort((a, b) => a.timeMs - b.timeMs)) : [points];
    parts.forEach((part, i) => {
      const trip = makeTrip(`${basename(file)}#${key}${parts.length > 1 ? `/${i + 1}` : ''}`, part);
      if (trip && trip.durationMs >= TRIP_DEFAULTS.minDurationMs) trips.push(trip);
    });
  }
  return trips;
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
    if (tripFileFormat(file) === undefined) {
      if (paths.includes(file)) throw new UserError(`Cannot tell the format of trip file ${file}.`, TRIP_FORMATS_HINT);
      continue; // a directory's other CSVs (e.g. ndsbr's original driver_*.csv) are not trips
    }
    const { format, trips: reads } = readTripFile(file, { bySegment: true });
    const found = drivableTrips(file, format, reads);
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
