/**
 * Sentence decoding: a checksummed `$…*HH` sentence (hw/framing) to a typed sentence for the
 * sentences fix assembly uses (RMC GGA GNS GSA GSV VTG ZDA GLL, any talker); anything else is
 * `unknown`, a known sentence whose fields do not parse is `malformed`.
 *
 * Every field is read from the raw sentence here. nmea-simple, which did the splitting before,
 * lost information on the way (an empty number became 0 and an empty latitude the equator,
 * time-only fields got today's date, RMC times lost their milliseconds, coordinates without a
 * decimal point became 0, GGA quality above 8 was dropped, GNS had no "no fix") and accepted
 * no sentence of the 25,234 checksummed ones of the gpsd corpus that this decoder rejects; it
 * only parsed each sentence a second time.
 *
 * Numbers are plain decimals (a field such as `0x10`, `1e3` or `Infinity` makes the sentence
 * malformed); whether a value is physically possible is the fix assembler's check
 * (hw/fix-bounds.ts), which drops that one field. 2-digit years pivot at 80 (the GPS epoch:
 * 79 is 2079, not 1979).
 */

export type SentenceType = 'RMC' | 'GGA' | 'GNS' | 'GSA' | 'GSV' | 'VTG' | 'ZDA' | 'GLL';

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
  /** Magnetic variation, degrees, east positive. */
  magvarDeg?: number;
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
  /** Satellite numbers used in the solution, as NMEA numbers them. */
  satellitesUsed: number[];
  /** NMEA 4.10 GNSS system id (1 GPS, 2 GLONASS, 3 Galileo, 4 BeiDou, 5 QZSS, 6 NavIC). */
  systemId?: number;
  pdop?: number;
  hdop?: number;
  vdop?: number;
}

/** One satellite of a GSV sentence, raw: NMEA satellite number, degrees, dB-Hz. */
export interface GsvSatellite {
  id: number;
  elevationDeg?: number;
  azimuthDeg?: number;
  snrDb?: number;
}

export interface GsvSentence extends Base {
  type: 'GSV';
  /** Sentences in this talker's (and signal's) sky view, and this one's number, from 1. */
  messages: number;
  messageNumber: number;
  satellitesInView?: number;
  satellites: GsvSatellite[];
  /** NMEA 4.10 signal id (a receiver sends one GSV set per signal: L1, L5, …). */
  signalId?: string;
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
  | GsvSentence
  | VtgSentence
  | ZdaSentence
  | GllSentence;

export type DecodeResult =
  | { kind: 'sentence'; sentence: NmeaSentence }
  /** A sentence fix assembly has no use for (TXT, AIS, proprietary `$P…`, …). */
  | { kind: 'unknown'; address: string }
  | { kind: 'malformed'; address: string; error: string };

const KNOWN: ReadonlySet<string> = new Set<SentenceType>(['RMC', 'GGA', 'GNS', 'GSA', 'GSV', 'VTG', 'ZDA', 'GLL']);

class FieldError extends Error {}

function fail(what: string, value: string): never {
  throw new FieldError(`${what} ${JSON.stringify(value)}`);
}

const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;

/**
 * NMEA numbers are plain decimals, `[+-]digits[.digits]` (or `.digits`): `Number()` alone would
 * take `0x10`, `1e3`, `Infinity` or ` 5`. Checked by hand: a loop over the characters is several
 * times cheaper than a regular expression on fields this short, and sentences are many.
 */
function isDecimal(field: string, allowFraction: boolean): boolean {
  let i = 0;
  const first = field.charCodeAt(0);
  if (first === PLUS || first === MINUS) i = 1;
  let digits = 0;
  let dot = !allowFraction;
  for (; i < field.length; i++) {
    const c = field.charCodeAt(i);
    if (c >= ZERO && c <= NINE) digits++;
    else if (c === DOT && !dot) dot = true;
    else return false;
  }
  return digits > 0;
}

/** Optional decimal number: undefined when empty. */
function num(field: string | undefined, what: string): number | undefined {
  if (field === undefined || field === '') return undefined;
  if (!isDecimal(field, true)) fail(`bad ${what}`, field);
  return Number(field);
}

function int(field: string | undefined, what: string): number | undefined {
  if (field === undefined || field === '') return undefined;
  if (!isDecimal(field, false)) fail(`bad ${what}`, field);
  return Number(field);
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

/**
 * `ddmm.mmmm` / `dddmm.mmmm` with hemisphere → signed degrees; undefined when empty. Minutes of
 * 60 or more give NaN and degrees beyond ±90/±180 pass through: the fix assembler's range check
 * drops (and counts) them, the rest of the sentence stays usable.
 */
function parseCoordinate(value: string | undefined, hemisphere: string | undefined, axis: 'lat' | 'lon'): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d+(?:\.\d*)?$/.test(value)) fail(`bad ${axis}`, value);
  const v = Number(value);
  const degrees = Math.floor(v / 100);
  const minutes = v - degrees * 100;
  const deg = minutes < 60 ? degrees + minutes / 60 : Number.NaN;
  const [positive, negative] = axis === 'lat' ? ['N', 'S'] : ['E', 'W'];
  if (hemisphere === positive) return deg;
  if (hemisphere === negative) return -deg;
  return fail(`bad ${axis} hemisphere`, hemisphere ?? '');
}

/** Magnetic variation with its E/W letter → degrees, east positive (as gpsd). */
function parseMagvar(value: string | undefined, direction: string | undefined): number | undefined {
  const v = num(value, 'magnetic variation');
  if (v === undefined || (direction !== 'E' && direction !== 'W')) return undefined;
  return direction === 'W' ? -v : v;
}

/** GSV satellite blocks (number, elevation, azimuth, SNR) from field 4 on. */
function parseGsvSatellites(f: string[]): GsvSatellite[] {
  const satellites: GsvSatellite[] = [];
  for (let i = 4; i + 4 <= f.length; i += 4) {
    const id = int(f[i], 'satellite number');
    if (id === undefined) continue;
    satellites.push({ id, elevationDeg: num(f[i + 1], 'elevation'), azimuthDeg: num(f[i + 2], 'azimuth'), snrDb: num(f[i + 3], 'SNR') });
  }
  return satellites;
}

/** GSA's used satellites: fields 3–14 (24 on the Navior-24), ending at the first DOP. */
function parseGsaSatellites(f: string[], dopsAt: number): number[] {
  const used: number[] = [];
  for (let i = 3; i < dopsAt; i++) {
    const id = int(f[i], 'satellite number');
    if (id !== undefined) used.push(id);
  }
  return used;
}

function decodeFields(address: string, talker: string, type: SentenceType, f: string[]): NmeaSentence {
  switch (type) {
    case 'RMC': {
      // Receivers without a fix fill the position with junk (SiRF: 36000.0000,N): a V sentence
      // still carries time and status, so its position is not parsed at all.
      const valid = f[2] === 'A';
      return {
        talker,
        address,
        type,
        timeOfDayMs: parseTimeOfDay(f[1]),
        valid,
        lat: valid ? parseCoordinate(f[3], f[4], 'lat') : undefined,
        lon: valid ? parseCoordinate(f[5], f[6], 'lon') : undefined,
        speedKnots: valid ? num(f[7], 'speed') : undefined,
        trackDeg: valid ? num(f[8], 'track') : undefined,
        date: parseDdmmyy(f[9]),
        magvarDeg: valid ? parseMagvar(f[10], f[11]) : undefined,
        faaMode: f[12] || undefined,
      };
    }
    case 'GGA':
      return {
        talker,
        address,
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
        talker,
        address,
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
      // DOPs follow the used satellites (12 fields; 24 on the Navior-24); NMEA 4.10 appends a system id.
      const dopsAt = f.length > 19 ? f.length - 3 : 15;
      const mode = int(f[2], 'fix mode');
      const systemId = f.length === 19 ? int(f[18], 'system id') : undefined;
      return {
        talker,
        address,
        type,
        fixMode: mode === 1 || mode === 2 || mode === 3 ? mode : undefined,
        satellitesUsed: parseGsaSatellites(f, dopsAt),
        pdop: num(f[dopsAt], 'pdop'),
        hdop: num(f[dopsAt + 1], 'hdop'),
        vdop: num(f[dopsAt + 2], 'vdop'),
        systemId,
      };
    }
    case 'GSV': {
      const messages = int(f[1], 'message count');
      const messageNumber = int(f[2], 'message number');
      if (messages === undefined || messageNumber === undefined || messageNumber < 1 || messageNumber > messages) fail('bad GSV message number', `${f[2]}/${f[1]}`);
      // A field after the last whole satellite block is the NMEA 4.10 signal id.
      const signalId = (f.length - 4) % 4 === 1 ? f[f.length - 1] || undefined : undefined;
      return { talker, address, type, messages, messageNumber, satellitesInView: int(f[3], 'satellites in view'), satellites: parseGsvSatellites(f), signalId };
    }
    case 'VTG':
      // Old (NMEA 2.0-) VTG has no unit letters: `$GPVTG,track,mag,knots,kmh`.
      if (f[2] !== 'T' && f[2] !== '' && f.length <= 5) {
        return { talker, address, type, trackDeg: num(f[1], 'track'), speedKnots: num(f[3], 'speed') };
      }
      return {
        talker,
        address,
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
      return { talker, address, type, timeOfDayMs: parseTimeOfDay(f[1]), date };
    }
    case 'GLL': {
      const valid = f[6] === 'A';
      return {
        talker,
        address,
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
const MIN_FIELDS: Record<SentenceType, number> = { RMC: 10, GGA: 10, GNS: 10, GSA: 18, GSV: 4, VTG: 5, ZDA: 5, GLL: 7 };

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
    return { kind: 'sentence', sentence: decodeFields(address, address.slice(0, 2), type as SentenceType, fields) };
  } catch (err) {
    return { kind: 'malformed', address, error: err instanceof Error ? err.message : String(err) };
  }
}
