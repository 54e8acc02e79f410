/**
 * NMEA 0183 checksum: XOR of every byte between `$`/`!` and `*`, written as two hex digits.
 * The framer checks received bytes with `nmeaChecksumOf`; the string forms render and test.
 */
export function nmeaChecksumOf(bytes: Uint8Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum ^= bytes[i]!;
  return sum;
}

/** The checksum of a sentence body (the text between `$`/`!` and `*`). */
export function nmeaChecksum(body: string): number {
  const bytes = Buffer.from(body, 'latin1');
  return nmeaChecksumOf(bytes, 0, bytes.length);
}

/** `$BODY*HH` for a sentence body without delimiters (used to render sentences). */
export function withChecksum(body: string, start: '$' | '!' = '$'): string {
  return `${start}${body}*${nmeaChecksum(body).toString(16).toUpperCase().padStart(2, '0')}`;
}

/** Value of one hex digit's character code (either case), or -1. */
export function hexDigitValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  return -1;
}

/** True when `line` (no CR/LF) is `$…*HH` or `!…*HH` with a matching checksum. */
export function hasValidChecksum(line: string): boolean {
  const star = line.length - 3;
  if ((line[0] !== '$' && line[0] !== '!') || star < 1 || line[star] !== '*') return false;
  const hi = hexDigitValue(line.charCodeAt(star + 1));
  const lo = hexDigitValue(line.charCodeAt(star + 2));
  return hi >= 0 && lo >= 0 && nmeaChecksum(line.slice(1, star)) === hi * 16 + lo;
}
