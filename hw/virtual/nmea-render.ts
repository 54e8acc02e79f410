import { mpsToKmh, mpsToKnots } from '../../common/units.js';
import { withChecksum } from '../framing/nmea-checksum.js';
import type { TripPoint } from '../../trips/trip-point.js';

/**
 * Renders a recorded position as the sentences a receiver sends once per second:
 * RMC, GGA, VTG, GSA (talker GP), with correct checksums. The position, time, speed,
 * track and altitude are the recording's; what a recording does not hold is ours:
 * satellite count, PRNs and DOPs are the fixed values below, and no geoid separation
 * is sent (so a decoder reports altMSL only).
 */
export const NMEA_RENDER_DEFAULTS = {
  talker: 'GP',
  satellitesUsed: 8,
  prns: [2, 5, 7, 9, 13, 16, 20, 30],
  hdop: 0.9,
  pdop: 1.6,
  vdop: 1.3,
} as const;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** `hhmmss.ss` in UTC. */
export function nmeaTime(timeMs: number): string {
  const d = new Date(timeMs);
  const cs = Math.floor(d.getUTCMilliseconds() / 10);
  return `${pad(d.getUTCHours(), 2)}${pad(d.getUTCMinutes(), 2)}${pad(d.getUTCSeconds(), 2)}.${pad(cs, 2)}`;
}

/** `ddmmyy` in UTC. */
export function nmeaDate(timeMs: number): string {
  const d = new Date(timeMs);
  return `${pad(d.getUTCDate(), 2)}${pad(d.getUTCMonth() + 1, 2)}${pad(d.getUTCFullYear() % 100, 2)}`;
}

/** Degrees as NMEA `(d)ddmm.mmmmmm,H`; 6 decimals of minutes ≈ 2 mm, finer than any recording. */
function nmeaAngle(deg: number, degWidth: number, pos: string, neg: string): string {
  const abs = Math.abs(deg);
  let whole = Math.floor(abs);
  let minutes = Number(((abs - whole) * 60).toFixed(6));
  if (minutes >= 60) {
    whole += 1;
    minutes = 0;
  }
  return `${pad(whole, degWidth)}${minutes.toFixed(6).padStart(9, '0')},${deg < 0 ? neg : pos}`;
}

function fixed(v: number | undefined, digits: number): string {
  return v === undefined ? '' : v.toFixed(digits);
}

/** One second's sentences for `point`, without line endings. */
export function renderEpoch(point: TripPoint, options: Partial<typeof NMEA_RENDER_DEFAULTS> = {}): string[] {
  const o = { ...NMEA_RENDER_DEFAULTS, ...options };
  const time = nmeaTime(point.timeMs);
  const lat = nmeaAngle(point.lat, 2, 'N', 'S');
  const lon = nmeaAngle(point.lon, 3, 'E', 'W');
  const knots = point.speed === undefined ? undefined : mpsToKnots(point.speed);
  const kmh = point.speed === undefined ? undefined : mpsToKmh(point.speed);
  const track = fixed(point.track, 1);
  const mode3d = point.altMSL !== undefined;
  const prns = [...o.prns.map((p) => pad(p, 2)), ...Array(12 - o.prns.length).fill('')].slice(0, 12);
  return [
    withChecksum(`${o.talker}RMC,${time},A,${lat},${lon},${fixed(knots, 3)},${track},${nmeaDate(point.timeMs)},,,A`),
    withChecksum(`${o.talker}GGA,${time},${lat},${lon},1,${pad(o.satellitesUsed, 2)},${o.hdop.toFixed(1)},${fixed(point.altMSL, 1)},M,,M,,`),
    withChecksum(`${o.talker}VTG,${track},T,,M,${fixed(knots, 3)},N,${fixed(kmh, 3)},K,A`),
    withChecksum(`${o.talker}GSA,A,${mode3d ? 3 : 2},${prns.join(',')},${o.pdop.toFixed(1)},${o.hdop.toFixed(1)},${o.vdop.toFixed(1)}`),
  ];
}
