import { FIX_BOUNDS, isIsoUtcTime, withinBounds } from './fix-bounds.js';

/**
 * A fix as the rest of the system sees it, in gpsd's TPV vocabulary and SI units
 * (https://gpsd.io/gpsd_json.html#_tpv): degrees, metres, m/s, degrees true. Every value is
 * within its physical range (`fix-bounds.ts`): the decoders drop and count what is not.
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
  /** Rate of climb (negative: sink), m/s. */
  climb?: number;
  /** Magnetic variation, degrees; positive east (NMEA RMC `E`), as gpsd. */
  magvar?: number;
  /** Height of the geoid (MSL) above the WGS84 ellipsoid, metres: altHAE = altMSL + geoidSep. */
  geoidSep?: number;
  /** Estimated horizontal position error, metres (gpsd's model: HDOP × UERE). */
  eph?: number;
  /** Estimated vertical error, metres (VDOP × UERE, 3D only). */
  epv?: number;
  /** Estimated speed error, m/s (from the position errors of this fix and the previous one). */
  eps?: number;
  /** Estimated time stamp error, seconds. */
  ept?: number;
  /** NMEA GGA fix quality (0 invalid, 1 GPS, 2 DGPS, 4 RTK fixed, 5 RTK float, 6 dead reckoning, …). */
  quality?: number;
  /** Satellites used in the solution. */
  uSat?: number;
  hdop?: number;
  pdop?: number;
  vdop?: number;
}

/** One satellite of a sky view, named as in gpsd's SKY `satellites[]`. */
export interface Satellite {
  /** gpsd's PRN numbering (GPS 1–32, SBAS 120–158, GLONASS 65–96, QZSS 193–202, Galileo 301–336, BeiDou 401–463). */
  PRN: number;
  /** Elevation, degrees. */
  el?: number;
  /** Azimuth, degrees true. */
  az?: number;
  /** Signal to noise ratio, dB-Hz. */
  ss?: number;
  used: boolean;
}

/** The receiver's sky view and dilutions of precision at an epoch: gpsd's SKY report. */
export interface SkyView {
  class: 'SKY';
  time?: string;
  /** Satellites listed (GSV). */
  nSat?: number;
  /** Satellites used in the solution. */
  uSat?: number;
  gdop?: number;
  hdop?: number;
  pdop?: number;
  tdop?: number;
  vdop?: number;
  xdop?: number;
  ydop?: number;
  satellites?: Satellite[];
}

/** What a receiver said about one epoch: the fix, and its sky view when it sent one. */
export interface FixReport {
  fix: Fix;
  sky?: SkyView;
}

/** A fix that can be recorded as a position: has a time and a 2D or 3D solution. */
export type ValidFix = Fix & { mode: 2 | 3; time: string; lat: number; lon: number };

export function isValidFix(fix: Fix): fix is ValidFix {
  return (
    (fix.mode === 2 || fix.mode === 3) &&
    typeof fix.time === 'string' &&
    isIsoUtcTime(fix.time) &&
    typeof fix.lat === 'number' &&
    typeof fix.lon === 'number' &&
    withinBounds(FIX_BOUNDS.lat, fix.lat) &&
    withinBounds(FIX_BOUNDS.lon, fix.lon)
  );
}
