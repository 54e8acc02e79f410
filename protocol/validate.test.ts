import { describe, expect, it } from 'vitest';
import type { Position, PositionBatch } from './position.js';
import { validateBatch, VALIDATION_DEFAULTS } from './validate.js';

const NOW_MS = Date.parse('2026-11-24T10:05:00.000Z');

function position(seq: number, overrides: Partial<Position> = {}): Position {
  return { seq, timeMs: NOW_MS - 60_000 + seq * 1000, lat: -25.45, lon: -49.23, speed: 12.3, track: 181, altMSL: 930, hdop: 0.9, uSat: 9, mode: 3, ...overrides };
}

function batchOf(positions: Position[], epoch = 'b7e1-4c2d'): PositionBatch {
  return { epoch, positions };
}

function fieldsOf(batch: PositionBatch, options: Partial<typeof VALIDATION_DEFAULTS> = {}): string[] {
  return validateBatch(batch, options).map((e) => `${e.index}:${e.field}`);
}

describe('validateBatch', () => {
  it('accepts a good batch, including the boundaries of each range', () => {
    expect(fieldsOf(batchOf([position(1), position(2, { lat: 90, lon: -180, speed: 0, track: 0, uSat: 0, hdop: 0, mode: 2 }), position(3, { lat: -90, lon: 180, speed: 150, track: 359.99, uSat: 255 })]))).toEqual([]);
    expect(fieldsOf(batchOf([{ seq: 7, timeMs: Date.parse('2026-11-24T10:00:00Z'), lat: 0, lon: 0 }]))).toEqual([]);
  });

  it.each<[string, Partial<Position>, string]>([
    ['lat above 90', { lat: 90.000001 }, 'lat'],
    ['lat below -90', { lat: -91 }, 'lat'],
    ['lon out of range', { lon: 180.5 }, 'lon'],
    ['NaN lat', { lat: Number.NaN }, 'lat'],
    ['infinite lon', { lon: Number.POSITIVE_INFINITY }, 'lon'],
    ['negative speed', { speed: -0.1 }, 'speed'],
    ['a speed no GNSS receiver reports', { speed: 516 }, 'speed'],
    ['track of 360', { track: 360 }, 'track'],
    ['negative track', { track: -1 }, 'track'],
    ['negative hdop', { hdop: -1 }, 'hdop'],
    ['hdop above 100', { hdop: 100.5 }, 'hdop'],
    ['fractional uSat', { uSat: 3.5 }, 'uSat'],
    ['uSat above 255', { uSat: 256 }, 'uSat'],
    ['mode 1', { mode: 1 as 2 }, 'mode'],
    ['absurd altitude', { altMSL: 1e6 }, 'altMSL'],
    ['fractional seq', { seq: 1.5 }, 'seq'],
    ['zero seq', { seq: 0 }, 'seq'],
    ['unsafe seq', { seq: 2 ** 53 }, 'seq'],
    // A JSON time the reader could not take (non-ISO, an impossible date) arrives as NaN.
    ['unreadable time', { timeMs: Number.NaN }, 'time'],
    ['infinite time', { timeMs: Number.POSITIVE_INFINITY }, 'time'],
    ['a time past 9999', { timeMs: Date.UTC(10_000, 0, 1) }, 'time'],
  ])('reports %s', (_name, overrides, field) => {
    expect(fieldsOf(batchOf([position(1, overrides)]))).toEqual([`0:${field}`]);
  });

  it('never refuses a well-formed position for its plausibility or its clock: a speed of 151 m/s, a time an hour ahead or in 1999', () => {
    const implausible = [
      position(1, { speed: 151 }),
      position(2, { timeMs: NOW_MS + 3_600_000 }),
      position(3, { timeMs: Date.parse('1999-08-22T00:00:00Z') }),
    ];
    expect(fieldsOf(batchOf(implausible))).toEqual([]);
  });

  it('requires seq strictly increasing and names the offending position and seq', () => {
    const errors = validateBatch(batchOf([position(1), position(3), position(3), position(2), position(4)]));
    expect(errors.map((e) => [e.index, e.seq, e.field])).toEqual([
      [2, 3, 'seq'],
      [3, 2, 'seq'],
    ]);
  });

  it('checks the epoch and the batch size', () => {
    expect(fieldsOf(batchOf([position(1)], ''))).toEqual(['-1:epoch']);
    expect(fieldsOf(batchOf([position(1)], 'x'.repeat(65)))).toEqual(['-1:epoch']);
    expect(fieldsOf(batchOf([position(1)], 'a b'))).toEqual(['-1:epoch']);
    expect(fieldsOf(batchOf([]))).toEqual(['-1:positions']);
    const big = batchOf(Array.from({ length: 1001 }, (_, i) => position(i + 1, { timeMs: NOW_MS })));
    expect(fieldsOf(big)).toEqual(['-1:positions']);
    expect(fieldsOf(big, { maxPositions: 2000 })).toEqual([]);
  });

  it('reports several problems of one position at once', () => {
    expect(fieldsOf(batchOf([position(1, { lat: 100, lon: 200, speed: -1 })]))).toEqual(['0:lat', '0:lon', '0:speed']);
  });
});
