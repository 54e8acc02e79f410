import { UserError } from './errors.js';

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 } as const;

/**
 * A duration a person types: "90s", "15m", "1h30m", "7d", "1d12h", or plain seconds ("3600").
 * @throws UserError naming `flag` when the text is not one.
 */
export function parseDurationMs(text: string, flag = '--duration'): number {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  const m = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(t);
  if (!m || t === '' || (!m[1] && !m[2] && !m[3] && !m[4])) throw new UserError(`Invalid ${flag} '${text}'.`, 'Use e.g. 90s, 15m, 1h, 1h30m, 7d, or plain seconds.');
  return Number(m[1] ?? 0) * UNIT_MS.d + Number(m[2] ?? 0) * UNIT_MS.h + Number(m[3] ?? 0) * UNIT_MS.m + Number(m[4] ?? 0) * UNIT_MS.s;
}

/** A duration as a person reads it: "0.4 s", "42 s", "12 min", "5.2 h", "3.0 days", "11.7 years". */
export function formatDuration(ms: number): string {
  const s = Math.abs(ms) / 1000;
  const sign = ms < 0 ? '-' : '';
  if (s < 10) return `${sign}${(Math.round(s * 10) / 10).toFixed(1)} s`;
  if (s < 120) return `${sign}${Math.round(s)} s`;
  if (s < 7_200) return `${sign}${Math.round(s / 60)} min`;
  if (s < 172_800) return `${sign}${(s / 3_600).toFixed(1)} h`;
  if (s < 2 * 31_557_600) return `${sign}${(s / 86_400).toFixed(1)} days`;
  return `${sign}${(s / 31_557_600).toFixed(1)} years`;
}
