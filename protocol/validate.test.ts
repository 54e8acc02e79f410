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
  return validateBatch(batch, { nowMs: NOW_MS, ...options }).map((e) => `${e.index}:${e.field}`);
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
    ['absurd speed', { speed: 151 }, 'speed'],
    ['track of 360', { track: 360 }, 'track'],
    ['negative track', { track: -1 }, 'track'],
    ['negative hdop', { hdop: -1 }, 'hdop'],
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
    ['time far in the future', { timeMs: Date.parse('2026-11-24T10:10:00.001Z') }, 'time'],
    ['time before 2000', { timeMs: Date.parse('1999-12-31T23:59:59.999Z') }, 'time'],
  ])('reports %s', (_name, overrides, field) => {
    expect(fieldsOf(batchOf([position(1, overrides)]))).toEqual([`0:${field}`]);
  });

  it('allows the configured clock skew into the future and no more', () => {
    const inWindow = batchOf([position(1, { timeMs: NOW_MS + VALIDATION_DEFAULTS.maxFutureMs })]);
    expect(fieldsOf(inWindow)).toEqual([]);
    expect(fieldsOf(inWindow, { maxFutureMs: 1000 })).toEqual(['0:time']);
  });

  it('requires seq strictly increasing and names the offending position and seq', () => {
    const errors = validateBatch(batchOf([position(1), position(3), position(3), position(2), position(4)]), { nowMs: NOW_MS });
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
