import { describe, expect, it } from 'vitest';
import { UserError } from './errors.js';
import { formatDuration, parseDurationMs } from './duration.js';

describe('durations', () => {
  it('reads what a person types', () => {
    expect(parseDurationMs('90s')).toBe(90_000);
    expect(parseDurationMs('1h30m')).toBe(5_400_000);
    expect(parseDurationMs('7d')).toBe(7 * 86_400_000);
    expect(parseDurationMs('1d12h')).toBe(36 * 3_600_000);
    expect(parseDurationMs('3600')).toBe(3_600_000);
    expect(parseDurationMs(' 0.5s ')).toBe(500);
  });

  it('refuses anything else, naming the flag', () => {
    for (const bad of ['', 'd', '7 days', '1m1h', '-5s', 'abc']) {
      expect(() => parseDurationMs(bad, '--overlap')).toThrow(UserError);
      expect(() => parseDurationMs(bad, '--overlap')).toThrow(/--overlap/);
    }
  });

  it('writes one a person reads, in the unit that fits', () => {
    expect(formatDuration(400)).toBe('0.4 s');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(12 * 60_000)).toBe('12 min');
    expect(formatDuration(5.2 * 3_600_000)).toBe('5.2 h');
    expect(formatDuration(3 * 86_400_000)).toBe('3.0 days');
    // gpsd's capture date against today's clock (issue 14): a span in years, not 369332545.6 s.
    expect(formatDuration(369_332_545_600)).toBe('11.7 years');
    expect(formatDuration(-90_000)).toBe('-90 s');
  });
});
