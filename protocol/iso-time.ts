/**
 * Strict ISO-8601 date-time as the protocol accepts it: `YYYY-MM-DDTHH:mm:ss[.fraction](Z|±HH:MM)`.
 * `Date.parse` alone is too lenient (it takes `2026-02-30` and many non-ISO forms).
 */
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

/** The same pattern for the JSON Schema (`pattern` keyword). */
export const ISO_TIME_PATTERN = ISO_TIME.source;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/** Milliseconds since the Unix epoch (sub-millisecond digits truncated), or undefined when `text` is not a valid time. */
export function parseIsoTimeMs(text: string): number | undefined {
  // The form every gateway writes (`formatIsoTimeMs`) is read digit by digit; the regex takes all the others.
  if (isCanonicalForm(text)) {
    return timeMsOf(digits(text, 0, 4), digits(text, 5, 2), digits(text, 8, 2), digits(text, 11, 2), digits(text, 14, 2), digits(text, 17, 2), digits(text, 20, 3), 0);
  }
  const m = ISO_TIME.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  let offsetMin = 0;
  if (m[8] === undefined) {
    const offHour = Number(m[10]);
    const offMinute = Number(m[11]);
    if (offHour > 23 || offMinute > 59) return undefined;
    offsetMin = (m[9] === '-' ? -1 : 1) * (offHour * 60 + offMinute);
  }
  return timeMsOf(year, month, day, hour, minute, second, millis, offsetMin);
}

function timeMsOf(year: number, month: number, day: number, hour: number, minute: number, second: number, millis: number, offsetMin: number): number | undefined {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let ms = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC reads years 0–99 as 1900–1999.
  if (year < 100) ms = new Date(ms).setUTCFullYear(year, month - 1, day);
  return ms - offsetMin * 60_000;
}

/** `YYYY-MM-DDTHH:mm:ss.sssZ`, ASCII digits where the pattern has `\d`: a string ISO_TIME matches with offset Z. */
function isCanonicalForm(text: string): boolean {
  if (text.length !== 24) return false;
  for (let i = 0; i < 24; i++) {
    const c = text.charCodeAt(i);
    const expected = CANONICAL_SEPARATORS[i];
    if (expected === undefined ? c < 48 || c > 57 : c !== expected) return false;
  }
  return true;
}

/** The separators of the canonical form by position (digits elsewhere). */
const CANONICAL_SEPARATORS: (number | undefined)[] = [...'dddd-dd-ddTdd:dd:dd.dddZ'].map((c) => (c === 'd' ? undefined : c.charCodeAt(0)));

function digits(text: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) n = n * 10 + text.charCodeAt(i) - 48;
  return n;
}

/** A number a Date can hold as a time (finite, within ±100,000,000 days of 1970): what `formatIsoTimeMs` can write. */
export function isTimeMs(ms: unknown): ms is number {
  return typeof ms === 'number' && Number.isFinite(ms) && Math.abs(ms) <= 8.64e15;
}

const DAY_MS = 86_400_000;
/** The date part (`YYYY-MM-DDT`) of the last day formatted: consecutive times mostly fall on the same day. */
let formattedDay = { day: Number.NaN, prefix: '' };

/**
 * The canonical wire form of a time: UTC with milliseconds, exactly as `Date#toISOString` writes it
 * (and throwing as it does for a time a Date cannot hold). The monitor writes several per position:
 * the date part comes from toISOString once per day, the time of day is written here.
 */
export function formatIsoTimeMs(ms: number): string {
  // A Date holds its time truncated to a whole millisecond (TimeClip).
  const t = Math.trunc(ms);
  const day = Math.floor(t / DAY_MS);
  if (day !== formattedDay.day || !isTimeMs(t)) {
    const text = new Date(ms).toISOString();
    formattedDay = { day, prefix: text.slice(0, -13) };
    return text;
  }
  const inDay = t - day * DAY_MS;
  const hour = Math.floor(inDay / 3_600_000);
  const minute = Math.floor(inDay / 60_000) % 60;
  const second = Math.floor(inDay / 1000) % 60;
  const milli = inDay % 1000;
  return `${formattedDay.prefix}${hour < 10 ? '0' : ''}${hour}:${minute < 10 ? '0' : ''}${minute}:${second < 10 ? '0' : ''}${second}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}
