import { nmeaChecksum } from '../nmea-checksum.js';

/**
 * Framing defence for one received line (the serial layer has already split on `\n`).
 * Decides whether the line holds one clean, checksummed NMEA sentence and says why not.
 */
export const LINE_FILTER_DEFAULTS = {
  /** NMEA 0183 allows 82 characters; vendor sentences (u-blox PUBX, Trimble, Teseo) run longer. */
  maxSentenceChars: 200,
};

export type LineFilterOptions = Partial<typeof LINE_FILTER_DEFAULTS>;

export type DropReason =
  /** Nothing left after stripping CR/LF and spaces. */
  | 'empty'
  /** Longer than `maxSentenceChars` without a complete sentence in its last `maxSentenceChars`. */
  | 'too_long'
  /** No `$`/`!` sentence start after the last binary byte (pure garbage or binary). */
  | 'no_start'
  /** Sentence without `*HH`: we never trust it (see README, "Checksums"). */
  | 'no_checksum'
  | 'bad_checksum';

export type LineFilterResult =
  | { ok: true; sentence: string; /** bytes of garbage/binary before the sentence start */ garbagePrefixChars: number }
  | { ok: false; reason: DropReason };

const DOLLAR = 0x24;
const BANG = 0x21;
const STAR = 0x2a;

function isPrintable(code: number): boolean {
  return code >= 0x20 && code <= 0x7e;
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  return -1;
}

/** Checksum of `line[start+1 .. star)` against the two hex digits after `star`. */
function checksumMatches(line: string, start: number, star: number): boolean {
  const hi = hexValue(line.charCodeAt(star + 1));
  const lo = hexValue(line.charCodeAt(star + 2));
  if (hi < 0 || lo < 0) return false;
  return nmeaChecksum(line.slice(start + 1, star)) === hi * 16 + lo;
}

/**
 * Returns the clean sentence (`$…*HH`, no CR/LF) or why the line was dropped.
 * Only the last `maxSentenceChars` characters are examined, so a megabyte of binary
 * without a newline costs no more than a normal line.
 */
export function filterLine(input: string | Buffer, options: LineFilterOptions = {}): LineFilterResult {
  const maxChars = options.maxSentenceChars ?? LINE_FILTER_DEFAULTS.maxSentenceChars;
  // latin1 maps each byte to one char, so binary bytes stay visible as non-printable.
  const raw = typeof input === 'string' ? input : input.toString('latin1');
  let end = raw.length;
  while (end > 0) {
    const c = raw.charCodeAt(end - 1);
    if (c !== 0x0d && c !== 0x0a && c !== 0x20 && c !== 0x00) break;
    end--;
  }
  if (end === 0) return { ok: false, reason: 'empty' };
  const windowStart = Math.max(0, end - maxChars);

  // The sentence must be printable up to the line end: it starts after the last binary byte.
  let printableFrom = windowStart;
  for (let i = end - 1; i >= windowStart; i--) {
    if (!isPrintable(raw.charCodeAt(i))) {
      printableFrom = i + 1;
      break;
    }
  }
  let first = -1;
  let last = -1;
  for (let i = printableFrom; i < end; i++) {
    const c = raw.charCodeAt(i);
    if (c === DOLLAR || c === BANG) {
      if (first < 0) first = i;
      last = i;
    }
  }
  // A long line is only kept when a complete sentence sits at its end.
  const drop = (reason: DropReason): LineFilterResult => ({ ok: false, reason: end > maxChars ? 'too_long' : reason });
  if (first < 0) return drop('no_start');
  const star = end - 3;
  if (star <= first || raw.charCodeAt(star) !== STAR) return drop('no_checksum');
  // Leftmost start first; when a truncated sentence precedes a complete one (lost newline), the last start.
  for (const start of first === last ? [first] : [first, last]) {
    if (start < star && checksumMatches(raw, start, star)) {
      return { ok: true, sentence: raw.slice(start, end), garbagePrefixChars: start };
    }
  }
  return drop('bad_checksum');
}
