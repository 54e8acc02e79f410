/** The UTC time of day a sentence carries, without decoding it: what paces a replay and times epochs on a live line. */

/** Field index of the UTC time in the sentence types that carry one. */
const TIME_FIELD: Record<string, number> = { RMC: 1, GGA: 1, GNS: 1, ZDA: 1, GBS: 1, GST: 1, GLL: 5, GRS: 1 };

/** Milliseconds of the day of a sentence's UTC time, or null (no time, binary, comment). */
export function sentenceTimeOfDayMs(line: string): number | null {
  const start = Math.max(line.lastIndexOf('$'), 0);
  if (line[start] !== '$') return null;
  const fields = line.slice(start).split(',');
  const type = (fields[0] ?? '').slice(3, 6);
  const index = TIME_FIELD[type];
  if (index === undefined) return null;
  const m = /^(\d{2})(\d{2})(\d{2}(?:\.\d+)?)/.exec(fields[index] ?? '');
  if (!m) return null;
  return (Number(m[1]) * 3600 + Number(m[2]) * 60) * 1000 + Math.round(Number(m[3]) * 1000);
}
