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
  const m = ISO_TIME.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  let offsetMin = 0;
  if (m[8] === undefined) {
    const offHour = Number(m[10]);
    const offMinute = Number(m[11]);
    if (offHour > 23 || offMinute > 59) return undefined;
    offsetMin = (m[9] === '-' ? -1 : 1) * (offHour * 60 + offMinute);
  }
  let ms = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC reads years 0–99 as 1900–1999.
  if (year < 100) ms = new Date(ms).setUTCFullYear(year, month - 1, day);
  return ms - offsetMin * 60_000;
}

/** A number a Date can hold as a time (finite, within ±100,000,000 days of 1970): what `formatIsoTimeMs` can write. */
export function isTimeMs(ms: unknown): ms is number {
  return typeof ms === 'number' && Number.isFinite(ms) && Math.abs(ms) <= 8.64e15;
}

/** The canonical wire form of a time: UTC with milliseconds, as `Date#toISOString` writes it. */
export function formatIsoTimeMs(ms: number): string {
  return new Date(ms).toISOString();
}
