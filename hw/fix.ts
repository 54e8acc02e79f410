/**
 * A fix as the rest of the system sees it, in gpsd's TPV vocabulary and SI units
 * (https://gpsd.io/gpsd_json.html#_tpv): degrees, metres, m/s, degrees true.
 */
export type FixMode = 1 | 2 | 3; // gpsd: 1 no fix, 2 = 2D, 3 = 3D

export interface Fix {
  class: 'TPV';
  mode: FixMode;
  /** ISO-8601 UTC with milliseconds; absent until a date is known. */
  time?: string;
  lat?: number;
  lon?: number;
  altMSL?: number;
  altHAE?: number;
  /** Ground speed, m/s. */
  speed?: number;
  /** Course over ground, degrees true. */
  track?: number;
  /** NMEA GGA fix quality (0 invalid, 1 GPS, 2 DGPS, 4 RTK fixed, 5 RTK float, 6 dead reckoning, …). */
  quality?: number;
  /** Satellites used in the solution. */
  uSat?: number;
  hdop?: number;
  pdop?: number;
  vdop?: number;
}

/** A fix that can be recorded as a position: has a time and a 2D or 3D solution. */
export type ValidFix = Fix & { mode: 2 | 3; time: string; lat: number; lon: number };

export function isValidFix(fix: Fix): fix is ValidFix {
  return (
    (fix.mode === 2 || fix.mode === 3) &&
    fix.time !== undefined &&
    typeof fix.lat === 'number' &&
    typeof fix.lon === 'number' &&
    Number.isFinite(fix.lat) &&
    Number.isFinite(fix.lon)
  );
}
