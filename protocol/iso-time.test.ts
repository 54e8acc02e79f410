import { describe, expect, it } from 'vitest';
import { formatIsoTimeMs, parseIsoTimeMs } from './iso-time.js';

/** A small deterministic generator: the same cases every run. */
function generator(seed: number): (below: number) => number {
  let state = seed;
  return (below) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return Math.floor((state / 2_147_483_648) * below);
  };
}

describe('formatIsoTimeMs', () => {
  it('writes exactly what Date#toISOString writes, whatever day it last wrote', () => {
    const next = generator(7);
    const times = [0, -1, 1, -0.5, 0.5, 1.999, -86_400_000, 86_399_999, 951_782_400_000, -62_198_755_200_000, 253_402_300_799_999, 8.64e15, -8.64e15];
    for (let i = 0; i < 5_000; i++) {
      const base = i % 2 === 0 ? 1_700_000_000_000 : next(2 ** 30) * 8_000_000 - 4e15;
      times.push(base + next(3 * 86_400_000), base - next(86_400_000) + next(1000) / 1000);
    }
    for (const ms of times) expect(formatIsoTimeMs(ms), String(ms)).toBe(new Date(ms).toISOString());
  });

  it('throws as toISOString does for a time a Date cannot hold', () => {
    formatIsoTimeMs(8.64e15);
    for (const ms of [Number.NaN, Infinity, -Infinity, 8.64e15 + 1, -8.64e15 - 1]) expect(() => formatIsoTimeMs(ms)).toThrow(RangeError);
  });
});

describe('parseIsoTimeMs', () => {
  it('reads the canonical form (UTC, milliseconds) as it reads the same time written with +00:00', () => {
    const next = generator(11);
    const cases = ['0000-01-01T00:00:00.000Z', '0050-02-28T12:34:56.789Z', '2000-02-29T23:59:59.999Z', '1900-02-29T00:00:00.000Z', '2026-02-30T00:00:00.000Z'];
    cases.push('2026-13-01T00:00:00.000Z', '2026-00-10T00:00:00.000Z', '2026-04-31T00:00:00.000Z', '2026-12-31T24:00:00.000Z', '2026-12-31T23:60:00.000Z', '2026-12-31T23:59:60.000Z');
    for (let i = 0; i < 2_000; i++) {
      const pad = (n: number, width: number) => String(n).padStart(width, '0');
      cases.push(`${pad(next(10_000), 4)}-${pad(next(14), 2)}-${pad(next(33), 2)}T${pad(next(26), 2)}:${pad(next(62), 2)}:${pad(next(62), 2)}.${pad(next(1000), 3)}Z`);
    }
    let valid = 0;
    for (const text of cases) {
      const expected = parseIsoTimeMs(text.replace('Z', '+00:00'));
      expect(parseIsoTimeMs(text), text).toBe(expected);
      if (expected !== undefined) {
        valid++;
        if (text >= '1000') expect(parseIsoTimeMs(text)).toBe(Date.parse(text));
      }
    }
    // Both kinds were exercised.
    expect(valid).toBeGreaterThan(100);
    expect(valid).toBeLessThan(cases.length - 100);
  });

  it('refuses near-canonical text the pattern refuses', () => {
    for (const text of ['2026-11-30T10:00:00.000z', '2026-11-30 10:00:00.000Z', '2026-11-30T10:00:0٠.000Z', '+02026-11-30T10:00:00.000Z', '2026-11-30T10:00:00,000Z', '2026/11/30T10:00:00.000Z']) {
      expect(parseIsoTimeMs(text), text).toBeUndefined();
    }
  });
});
