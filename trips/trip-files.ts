import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { UserError } from '../common/errors.js';
import { frameAll } from '../hw/framing/framer.js';
import { parseGpx } from './gpx.js';
import { parseNmeaCapture } from './nmea-capture.js';
import { parseNdsbrCsv, parseOtrCsv } from './trip-csv.js';
import type { TripRead } from './trip-point.js';

/**
 * The one format detection and reader dispatch for trip files, used by `gps replay`, the
 * simulator and the monitor's scenarios. Formats are recognised by content:
 * - ndsbr CSV (header with `trip_id`, `timestamp_utc`): 1 Hz car trips, by trip id;
 * - truck pings CSV (header with `driver`, `ping_time`): sparse pings, by driver (or segment);
 * - GPX 1.0/1.1 (`<gpx` root): one trip per track segment;
 * - GPS receiver captures (gpsd `.log` style): bytes in which the framer finds NMEA sentences
 *   or UBX/CASIC frames; one trip of the fixes decoded from them.
 */
export const TRIP_FILE_DEFAULTS = {
  /** Bytes read to tell the format (gpsd captures open with a comment header of a few hundred bytes). */
  detectBytes: 64 * 1024,
};

export type TripFormat = 'ndsbr-csv' | 'truck-pings-csv' | 'gpx' | 'nmea';

export const TRIP_FORMATS_HINT = 'Supported: ndsbr CSV, truck pings CSV, GPX, GPS receiver capture (NMEA/UBX/CASIC, gpsd .log); see trips/README.md.';

export function detectTripFormat(head: Buffer | string): TripFormat | undefined {
  const bytes = typeof head === 'string' ? Buffer.from(head, 'latin1') : head;
  const text = bytes.toString('latin1');
  const header = text.split(/\r?\n/, 1)[0]!.split(',').map((h) => h.trim().toLowerCase());
  if (header.includes('trip_id') && header.includes('timestamp_utc')) return 'ndsbr-csv';
  if (header.includes('driver') && header.includes('ping_time')) return 'truck-pings-csv';
  if (/<gpx[\s>]/.test(text)) return 'gpx';
  if (frameAll(bytes, { comments: true }).items.some((item) => item.kind === 'sentence' || item.kind === 'frame')) return 'nmea';
  return undefined;
}

function readOrThrow(file: string, read: () => Buffer): Buffer {
  try {
    return read();
  } catch (err) {
    throw new UserError(`cannot read trip file ${file}: ${(err as Error).message}`, TRIP_FORMATS_HINT);
  }
}

/** The format of a file from its first bytes, or undefined when it is none of the trip formats. */
export function tripFileFormat(file: string): TripFormat | undefined {
  const head = readOrThrow(file, () => {
    const fd = openSync(file, 'r');
    try {
      const buf = Buffer.alloc(TRIP_FILE_DEFAULTS.detectBytes);
      return buf.subarray(0, readSync(fd, buf, 0, buf.length, 0));
    } finally {
      closeSync(fd);
    }
  });
  return detectTripFormat(head);
}

export interface TripFile {
  format: TripFormat;
  /** By trip id (ndsbr), driver or segment (pings), `seg1…` (GPX), `capture` (receiver capture). */
  trips: Map<string, TripRead>;
}

/** Reads every trip of a file; a file in no known format is a `UserError`. */
export function readTripFile(file: string, options: { bySegment?: boolean } = {}): TripFile {
  const bytes = readOrThrow(file, () => readFileSync(file));
  const format = detectTripFormat(bytes.subarray(0, TRIP_FILE_DEFAULTS.detectBytes));
  if (format === undefined) throw new UserError(`Cannot tell the format of trip file ${file}.`, TRIP_FORMATS_HINT);
  const text = (): string => bytes.toString('utf8');
  const trips =
    format === 'ndsbr-csv'
      ? parseNdsbrCsv(text(), file)
      : format === 'truck-pings-csv'
        ? parseOtrCsv(text(), file, options)
        : format === 'gpx'
          ? parseGpx(text(), file)
          : parseNmeaCapture(bytes);
  return { format, trips };
}
