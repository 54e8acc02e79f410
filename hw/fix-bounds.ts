/**
 * The physical range of every value a receiver reports, in one place. The decoders (NMEA and
 * UBX/CASIC) check each field they take against it: a value outside is dropped and counted by
 * field, never emitted. A receiver never reports these values on a real fix; they come from
 * line noise with a valid checksum, firmware bugs or a wrong protocol guess.
 */
export interface Bounds {
  min: number;
  max: number;
  /** Whole numbers only (counts, indices). */
  integer?: boolean;
}

/** Altitude: the lowest dry land is 430 m below sea level; u-blox receivers stop at 50 km (airborne mode). */
const ALTITUDE: Bounds = { min: -1000, max: 50_000 };
/**
 * Speeds and climb: the COCOM export limit (1,000 knots) caps every civilian receiver's
 * velocity solution, so faster is never real.
 */
const VELOCITY_MPS = 515;
/** DOPs: gpsd's bounds; receivers send 99.99 (or 0.00, SkyTraq) for "unknown". */
const DOP: Bounds = { min: 0.01, max: 89.99 };

export const FIX_BOUNDS = {
  lat: { min: -90, max: 90 },
  lon: { min: -180, max: 180 },
  altMSL: ALTITUDE,
  altHAE: ALTITUDE,
  /** EGM96/2008 geoid heights span −107 m … +86 m. */
  geoidSep: { min: -120, max: 100 },
  speed: { min: 0, max: VELOCITY_MPS },
  /** 360 is taken and normalised to 0 (some receivers send it for due north). */
  track: { min: 0, max: 360 },
  climb: { min: -VELOCITY_MPS, max: VELOCITY_MPS },
  magvar: { min: -180, max: 180 },
  hdop: DOP,
  pdop: DOP,
  vdop: DOP,
  /** Satellites used: every GNSS together has fewer than 255 satellites (the wire's limit too). */
  uSat: { min: 0, max: 255, integer: true },
  /** NMEA GGA quality: 0–8 (NMEA 4.11), 9 for WAAS on some receivers. */
  quality: { min: 0, max: 9, integer: true },
  /** Satellite numbers as NMEA and gpsd number them (NavIC's ALLYSTAR ids reach 918). */
  PRN: { min: 1, max: 999, integer: true },
  el: { min: -90, max: 90 },
  az: { min: 0, max: 360 },
  /** NMEA SNR field: 00–99 dB-Hz. */
  ss: { min: 0, max: 99 },
  /** Calendar years a receiver's time may carry: the GPS epoch (1980) to the end of the 2-digit-year window. */
  year: { min: 1980, max: 2099, integer: true },
} satisfies Record<string, Bounds>;

export type BoundedField = keyof typeof FIX_BOUNDS;

export function withinBounds(bounds: Bounds, value: number): boolean {
  return Number.isFinite(value) && value >= bounds.min && value <= bounds.max && (!bounds.integer || Number.isInteger(value));
}

/** `YYYY-MM-DDTHH:mm:ss.sssZ` with a 4-digit year in `FIX_BOUNDS.year`: what a fix's `time` always is. */
export function isIsoUtcTime(text: string): boolean {
  const m = /^(\d{4})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.exec(text);
  return m !== null && withinBounds(FIX_BOUNDS.year, Number(m[1])) && new Date(text).toISOString() === text;
}

/** ISO text for a UTC instant whose year is within `FIX_BOUNDS.year`, else undefined. */
export function isoTimeWithinBounds(ms: number | undefined): string | undefined {
  if (ms === undefined || !Number.isFinite(ms)) return undefined;
  const date = new Date(ms);
  return withinBounds(FIX_BOUNDS.year, date.getUTCFullYear()) ? date.toISOString() : undefined;
}

/** Values dropped as out of range, by field; `time` counts instants and calendar fields that make no valid time. */
export type OutOfRangeCounts = Partial<Record<BoundedField | 'time', number>>;

/** Checks values against `FIX_BOUNDS` and counts what it drops. */
export class FieldChecker {
  readonly counts: OutOfRangeCounts = {};

  /** The value when it is within its field's range, else undefined (and counted). Absent stays absent. */
  check(field: BoundedField, value: number | undefined): number | undefined {
    if (value === undefined) return undefined;
    if (withinBounds(FIX_BOUNDS[field], value)) return field === 'track' && value === 360 ? 0 : value;
    this.count(field);
    return undefined;
  }

  /** `isoTimeWithinBounds`, counting an instant it drops. */
  time(ms: number | undefined): string | undefined {
    const time = isoTimeWithinBounds(ms);
    if (time === undefined && ms !== undefined) this.count('time');
    return time;
  }

  /** UTC ms of calendar fields (month 1–12) when they name a real instant within the year bounds, else undefined (counted). */
  utc(year: number, month: number, day: number, hour: number, minute: number, second: number, millis = 0): number | undefined {
    if (this.check('year', year) === undefined) return undefined;
    // Second 60 is a leap second: the instant after 59.
    const leap = second === 60 ? 1 : 0;
    const ms = Date.UTC(year, month - 1, day, hour, minute, second - leap);
    const d = new Date(ms);
    // Date.UTC rolls month 13 or second 75 over: only fields that survive the round trip are a time.
    const roundTrips = d.getUTCMonth() === month - 1 && d.getUTCDate() === day && d.getUTCHours() === hour && d.getUTCMinutes() === minute && d.getUTCSeconds() === second - leap;
    if (!roundTrips || !(millis >= 0 && millis < 1000)) {
      this.count('time');
      return undefined;
    }
    return ms + leap * 1000 + millis;
  }

  private count(field: BoundedField | 'time'): void {
    this.counts[field] = (this.counts[field] ?? 0) + 1;
  }
}
