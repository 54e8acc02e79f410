import { parseNmeaSentence, type Packet } from 'nmea-simple';

/**
 * Sentence decoding: a clean `$…*HH` sentence (see line-filter.ts) to a typed packet for the
 * sentences fix assembly uses. nmea-simple recognises and splits the sentence; it throws on
 * anything it does not know, which we catch here and report as `unknown` or `malformed`.
 *
 * nmea-simple is not trusted for field values where it loses information, so those
 * fields are read from the raw sentence here:
 * - empty numeric fields become 0 (`parseFloatSafe('')`), and an empty latitude becomes 0/-0:
 *   an empty field must stay "absent", never the equator or a speed of 0;
 * - time-only fields get today's date (`parseTime`), and RMC times with 3 decimals lose their
 *   milliseconds (`parseDatetime` only reads 2 decimals): we keep time of day and date apart;
 * - 2-digit years pivot at 73 (we pivot at 80, the GPS epoch, so 79 is 2079 not 1979);
 * - coordinates without a decimal point parse as 0;
 * - GGA quality above 8 is dropped (`FixTypes[q]`), GNS has no notion of "no fix" (mode `N`).
 */

export type SentenceType = 'RMC' | 'GGA' | 'GNS' | 'GSA' | 'VTG' | 'ZDA' | 'GLL';

export interface CalendarDate {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
}

interface Base {
  talker: string;
  /** Address field without the start character, e.g. `GNRMC`. */
  address: string;
}

export interface RmcSentence extends Base {
  type: 'RMC';
  timeOfDayMs?: number;
  date?: CalendarDate;
  valid: boolean;
  lat?: number;
  lon?: number;
  speedKnots?: number;
  trackDeg?: number;
  /** FAA mode (NMEA 2.3+): N = data not valid. */
  faaMode?: string;
}

export interface GgaSentence extends Base {
  type: 'GGA';
  timeOfDayMs?: number;
  lat?: number;
  lon?: number;
  quality?: number;
  satellitesUsed?: number;
  hdop?: number;
  altMslM?: number;
  geoidSeparationM?: number;
}

export interface GnsSentence extends Base {
  type: 'GNS';
  timeOfDayMs?: number;
  lat?: number;
  lon?: number;
  /** One mode character per constellation (GPS, GLONASS, Galileo, …); `N` = no fix. */
  modeIndicator: string;
  satellitesUsed?: number;
  hdop?: number;
  altMslM?: number;
  geoidSeparationM?: number;
}

export interface GsaSentence extends Base {
  type: 'GSA';
  /** 1 no fix, 2 = 2D, 3 = 3D */
  fixMode?: 1 | 2 | 3;
  satellitesUsed: number;
  pdop?: number;
  hdop?: number;
  vdop?: number;
}

export interface VtgSentence extends Base {
  type: 'VTG';
  trackDeg?: number;
  speedKnots?: number;
  speedKmh?: number;
  faaMode?: string;
}

export interface ZdaSentence extends Base {
  type: 'ZDA';
  timeOfDayMs?: number;
  date?: CalendarDate;
}

export interface GllSentence extends Base {
  type: 'GLL';
  timeOfDayMs?: number;
  valid: boolean;
  lat?: number;
  lon?: number;
  faaMode?: string;
}

export type NmeaSentence =
  | RmcSentence
  | GgaSentence
  | GnsSentence
  | GsaSentence
  | VtgSentence
  | ZdaSentence
  | GllSentence;

export type DecodeResult =
  | { kind: 'sentence'; sentence: NmeaSentence }
  /** A sentence fix assembly has no use for (GSV, TXT, AIS, proprietary `$P…`, …). */
  | { kind: 'unknown'; address: string }
  | { kind: 'malformed'; address: string; error: string };

const KNOWN: ReadonlySet<string> = new Set<SentenceType>(['RMC', 'GGA', 'GNS', 'GSA', 'VTG', 'ZDA', 'GLL']);

class FieldError extends Error {}

function fail(what: string, value: string): never {
  throw new FieldError(`${what} ${JSON.stringify(value)}`);
}

/** Optional decimal number: undefined when empty. */
function num(field: string | undefined, what: string): number | undefined {
  if (field === undefined || field === '') return undefined;
  const v = Number(field);
  if (!Number.isFinite(v)) fail(`bad ${what}`, field);
  return v;
}

function int(field: string | undefined, what: string): number | undefined {
  const v = num(field, what);
  if (v !== undefined && !Number.isInteger(v)) fail(`bad ${what}`, field ?? '');
  return v;
}

/** `hhmmss[.sss]` → milliseconds since midnight UTC. */
export function parseTimeOfDay(field: string | undefined): number | undefined {
  if (field === undefined || field === '') return undefined;
  if (!/^\d{6}(\.\d*)?$/.test(field)) fail('bad time', field);
  const h = Number(field.slice(0, 2));
  const m = Number(field.slice(2, 4));
  const s = Number(field.slice(4, 6));
  // 60 allows a leap second.
  if (h > 23 || m > 59 || s > 60) fail('bad time', field);
  const fraction = field.length > 7 ? Number(`0${field.slice(6)}`) : 0;
  return h * 3_600_000 + m * 60_000 + s * 1000 + Math.round(fraction * 1000);
}

/** Two-digit years: 80–99 → 1980–1999 (GPS began in 1980), 00–79 → 2000–2079. */
export function expandYear(twoDigit: number): number {
  return twoDigit >= 80 ? 1900 + twoDigit : 2000 + twoDigit;
}

function checkDate(date: CalendarDate, field: string): CalendarDate {
  const probe = new Date(Date.UTC(date.year, date.month - 1, date.day));
  if (probe.getUTCMonth() !== date.month - 1 || probe.getUTCDate() !== date.day) fail('bad date', field);
  return date;
}

/** RMC `ddmmyy` (some receivers send `ddmmyyyy`). */
function parseDdmmyy(field: string | undefined): CalendarDate | undefined {
  if (field === undefined || field === '') return undefined;
  if (!/^\d{6}(\d{2})?$/.test(field)) fail('bad date', field);
  const yearField = Number(field.slice(4));
  const year = field.length === 8 ? yearField : expandYear(yearField);
  return checkDate({ year, month: Number(field.slice(2, 4)), day: Number(field.slice(0, 2)) }, field);
}

/** `ddmm.mmmm` / `dddmm.mmmm` with hemisphere → signed degrees; undefined when empty. */
function parseCoordinate(value: string | undefined, hemisphere: string | undefined, axis: 'lat' | 'lon'): number | undefined {
  if (value === undefined || value === '') return undefined;
  const v = Number(value);
  if (!Number.isFinite(v) || v < 0) fail(`bad ${axis}`, value);
  const degrees = Math.floor(v / 100);
  const deg = degrees + (v - degrees * 100) / 60;
  const [positive, negative, max] = axis === 'lat' ? ['N', 'S', 90] : ['E', 'W', 180];
  if (deg > max) fail(`bad ${axis}`, value);
  if (hemisphere === positive) return deg;
  if (hemisphere === negative) return -deg;
  return fail(`bad ${axis} hemisphere`, hemisphere ?? '');
}

function decodeFields(address: string, talker: string, type: SentenceType, f: string[], packet: Packet): NmeaSentence {
  const base = { talker, address };
  switch (type) {
    case 'RMC': {
      // Receivers without a fix fill the position with junk (SiRF: 36000.0000,N): a V sentence
      // still carries time and status, so its position is not parsed at all.
      const valid = f[2] === 'A';
      return {
        ...base,
        type,
        timeOfDayMs: parseTimeOfDay(f[1]),
        valid,
        lat: valid ? parseCoordinate(f[3], f[4], 'lat') : undefined,
        lon: valid ? parseCoordinate(f[5], f[6], 'lon') : undefined,
        speedKnots: valid ? num(f[7], 'speed') : undefined,
        trackDeg: valid ? num(f[8], 'track') : undefined,
        date: parseDdmmyy(f[9]),
        faaMode: f[12] || undefined,
      };
    }
    case 'GGA':
      return {
        ...base,
        type,
        timeOfDayMs: parseTimeOfDay(f[1]),
        lat: parseCoordinate(f[2], f[3], 'lat'),
        lon: parseCoordinate(f[4], f[5], 'lon'),
        quality: int(f[6], 'quality'),
        satellitesUsed: int(f[7], 'satellites'),
        hdop: num(f[8], 'hdop'),
        altMslM: num(f[9], 'altitude'),
        geoidSeparationM: num(f[11], 'geoid separation'),
      };
    case 'GNS':
      return {
        ...base,
        type,
        timeOfDayMs: parseTimeOfDay(f[1]),
        lat: parseCoordinate(f[2], f[3], 'lat'),
        lon: parseCoordinate(f[4], f[5], 'lon'),
        modeIndicator: f[6] ?? '',
        satellitesUsed: int(f[7], 'satellites'),
        hdop: num(f[8], 'hdop'),
        altMslM: num(f[9], 'altitude'),
        geoidSeparationM: num(f[10], 'geoid separation'),
      };
    case 'GSA': {
      // nmea-simple reads the fix mode and the used-satellite list correctly; DOPs come from the
      // raw fields because an empty DOP must stay absent. NMEA 4.1 appends a system id field.
      const gsa = packet.sentenceId === 'GSA' ? packet : undefined;
      const mode = int(f[2], 'fix mode');
      return {
        ...base,
        type,
        fixMode: mode === 1 || mode === 2 || mode === 3 ? mode : undefined,
        satellitesUsed: gsa?.satellites.length ?? 0,
        pdop: num(f[15], 'pdop'),
        hdop: num(f[16], 'hdop'),
        vdop: num(f[17], 'vdop'),
      };
    }
    case 'VTG':
      // Old (NMEA 2.0-) VTG has no unit letters: `$GPVTG,track,mag,knots,kmh`.
      if (f[2] !== 'T' && f[2] !== '' && f.length <= 5) {
        return { ...base, type, trackDeg: num(f[1], 'track'), speedKnots: num(f[3], 'speed') };
      }
      return {
        ...base,
        type,
        trackDeg: num(f[1], 'track'),
        speedKnots: num(f[5], 'speed'),
        speedKmh: num(f[7], 'speed'),
        faaMode: f[9] || undefined,
      };
    case 'ZDA': {
      const day = int(f[2], 'day');
      const month = int(f[3], 'month');
      const year = int(f[4], 'year');
      const date =
        day !== undefined && month !== undefined && year !== undefined && day > 0 && month > 0 && year > 0
          ? checkDate({ year: year < 100 ? expandYear(year) : year, month, day }, f.slice(2, 5).join(','))
          : undefined;
      return { ...base, type, timeOfDayMs: parseTimeOfDay(f[1]), date };
    }
    case 'GLL': {
      const valid = f[6] === 'A';
      return {
        ...base,
        type,
        lat: valid ? parseCoordinate(f[1], f[2], 'lat') : undefined,
        lon: valid ? parseCoordinate(f[3], f[4], 'lon') : undefined,
        timeOfDayMs: parseTimeOfDay(f[5]),
        valid,
        faaMode: f[7] || undefined,
      };
    }
  }
}

/** Minimum field count (address included) below which a known sentence is malformed. */
const MIN_FIELDS: Record<SentenceType, number> = { RMC: 10, GGA: 10, GNS: 10, GSA: 18, VTG: 5, ZDA: 5, GLL: 7 };

/**
 * Decodes one sentence that passed the line filter (checksum already verified). Never throws.
 */
export function decodeSentence(sentence: string): DecodeResult {
  const star = sentence.lastIndexOf('*');
  const body = sentence.slice(1, star < 0 ? undefined : star);
  const comma = body.indexOf(',');
  const address = comma < 0 ? body : body.slice(0, comma);
  // Standard sentences are `$ttSSS`; proprietary ones `$P…`; AIS and others use `!`.
  const type = address.length === 5 && address[0] !== 'P' && sentence[0] === '$' ? address.slice(2) : '';
  if (!KNOWN.has(type)) return { kind: 'unknown', address };
  const fields = body.split(',');
  if (fields.length < MIN_FIELDS[type as SentenceType]) {
    return { kind: 'malformed', address, error: `${fields.length} fields, expected at least ${MIN_FIELDS[type as SentenceType]}` };
  }
  try {
    const packet = parseNmeaSentence(sentence);
    return { kind: 'sentence', sentence: decodeFields(address, packet.talkerId ?? address.slice(0, 2), type as SentenceType, fields, packet) };
  } catch (err) {
    return { kind: 'malformed', address, error: err instanceof Error ? err.message : String(err) };
  }
}
