/**
 * NMEA 0183 checksum: XOR of every byte between `$`/`!` and `*`, as two hex digits.
 */
export function nmeaChecksum(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum ^= body.charCodeAt(i);
  return sum;
}

/** `$BODY*HH` for a sentence body without delimiters (used to render sentences). */
export function withChecksum(body: string, start: '$' | '!' = '$'): string {
  return `${start}${body}*${nmeaChecksum(body).toString(16).toUpperCase().padStart(2, '0')}`;
}

/** True when `line` (no CR/LF) is `$…*HH` or `!…*HH` with a matching checksum. */
export function hasValidChecksum(line: string): boolean {
  const star = line.lastIndexOf('*');
  if ((line[0] !== '$' && line[0] !== '!') || star < 1 || star + 3 !== line.length) return false;
  const expected = Number.parseInt(line.slice(star + 1), 16);
  return Number.isInteger(expected) && /^[0-9A-Fa-f]{2}$/.test(line.slice(star + 1)) && nmeaChecksum(line.slice(1, star)) === expected;
}
