import { isValidFix } from '../hw/fix.js';
import { decodeCapture } from '../hw/nmea/pipeline.js';
import { parseIsoTimeMs } from '../protocol/iso-time.js';
import type { TripPoint, TripRead } from './trip-point.js';

/** The key of a capture's one trip. */
export const CAPTURE_TRIP_KEY = 'capture';

/**
 * A GPS receiver capture (gpsd `.log` style: `#` comments, NMEA sentences, UBX/CASIC frames)
 * as one trip: the fixes hw/ decodes from it (the same framer and decoder as `gps decode`),
 * those with a position and a time.
 */
export function parseNmeaCapture(bytes: Buffer): Map<string, TripRead> {
  const points: TripPoint[] = [];
  const skipped: Record<string, number> = {};
  const skip = (reason: string): void => void (skipped[reason] = (skipped[reason] ?? 0) + 1);
  for (const fix of decodeCapture(bytes)) {
    if (!isValidFix(fix)) {
      skip('noCoordinates');
      continue;
    }
    const timeMs = parseIsoTimeMs(fix.time);
    if (timeMs === undefined) {
      skip('badTime');
      continue;
    }
    const point: TripPoint = { timeMs, lat: fix.lat, lon: fix.lon };
    if (fix.speed !== undefined) point.speed = fix.speed;
    if (fix.track !== undefined) point.track = fix.track;
    if (fix.altMSL !== undefined) point.altMSL = fix.altMSL;
    points.push(point);
  }
  return new Map([[CAPTURE_TRIP_KEY, { points, skipped }]]);
}
