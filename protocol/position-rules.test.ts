import { describe, expect, it } from 'vitest';
import { encodeBinaryBatch } from './binary-batch.js';
import { encodeJsonBatch, parseJsonBatch } from './json-batch.js';
import type { Position } from './position.js';
import { impliedSpeed, isJump, malformedFields, PLAUSIBILITY_DEFAULTS, STRUCTURAL_LIMITS, suspectReasons, type JudgedPosition } from './position-rules.js';

const NOW_MS = Date.parse('2026-11-24T10:05:00.000Z');
const good: JudgedPosition = { timeMs: NOW_MS - 1000, lat: -25.45, lon: -49.23, speed: 12.3, track: 181, altMSL: 930, hdop: 0.9, uSat: 9, mode: 3 };

describe('malformedFields', () => {
  it('finds nothing wrong with a good position, with or without its seq, at every boundary', () => {
    expect(malformedFields(good)).toEqual([]);
    expect(malformedFields({ ...good, seq: 1 })).toEqual([]);
    const L = STRUCTURAL_LIMITS;
    expect(malformedFields({ timeMs: L.maxTimeMs, lat: 90, lon: 180, speed: L.maxSpeed, track: 0, altMSL: L.maxAltMSL, hdop: L.maxHdop, uSat: L.maxUSat, mode: 2 })).toEqual([]);
    expect(malformedFields({ timeMs: L.minTimeMs, lat: -90, lon: -180, speed: 0, track: 359.99, altMSL: L.minAltMSL, hdop: 0, uSat: 0 })).toEqual([]);
  });

  it.each<[string, Partial<JudgedPosition>, string]>([
    ['a speed no civil receiver reports', { speed: STRUCTURAL_LIMITS.maxSpeed + 1 }, 'speed'],
    ['a speed of 1e20', { speed: 1e20 }, 'speed'],
    ['an altitude of 1e300', { altMSL: 1e300 }, 'altMSL'],
    ['an hdop of 150', { hdop: 150 }, 'hdop'],
    ['a year before 1970', { timeMs: -1 }, 'time'],
    ['a year after 9999 (not a 4-digit ISO year)', { timeMs: Date.UTC(10_000, 0, 1) }, 'time'],
    ['lat 91', { lat: 91 }, 'lat'],
    ['a NaN lon', { lon: Number.NaN }, 'lon'],
    ['seq 0', { seq: 0 }, 'seq'],
  ])('names %s', (_name, patch, field) => {
    expect(malformedFields({ ...good, ...patch }).map((p) => p.field)).toEqual([field]);
  });

  it('what it passes, both encodings carry: the binary encoder and the JSON round trip take every boundary position', () => {
    const L = STRUCTURAL_LIMITS;
    const positions: Position[] = [
      { seq: 1, timeMs: L.minTimeMs, lat: -90, lon: -180, speed: 0, track: 0, altMSL: L.minAltMSL, hdop: 0, uSat: 0, mode: 2 },
      { seq: 2, timeMs: L.maxTimeMs, lat: 90, lon: 180, speed: L.maxSpeed, track: 359.99, altMSL: L.maxAltMSL, hdop: L.maxHdop, uSat: L.maxUSat, mode: 3 },
    ];
    for (const p of positions) expect(malformedFields(p)).toEqual([]);
    expect(() => encodeBinaryBatch({ epoch: 'e', positions })).not.toThrow();
    expect(parseJsonBatch(encodeJsonBatch({ epoch: 'e', positions })).positions.map((p) => p.timeMs)).toEqual([L.minTimeMs, L.maxTimeMs]);
  });
});

describe('suspectReasons', () => {
  const judge = (patch: Partial<JudgedPosition>, options: Partial<typeof PLAUSIBILITY_DEFAULTS> = {}) => suspectReasons({ ...good, ...patch }, { nowMs: NOW_MS, ...options });

  it('finds nothing suspect in a plausible position, up to each limit', () => {
    expect(judge({})).toEqual([]);
    expect(judge({ speed: PLAUSIBILITY_DEFAULTS.maxSpeed, timeMs: NOW_MS + PLAUSIBILITY_DEFAULTS.maxFutureMs })).toEqual([]);
    expect(judge({ timeMs: PLAUSIBILITY_DEFAULTS.minTimeMs })).toEqual([]);
  });

  it('flags a time ahead of the clock, a time before 2000 and a speed above any road vehicle', () => {
    expect(judge({ timeMs: NOW_MS + PLAUSIBILITY_DEFAULTS.maxFutureMs + 1 })).toEqual(['time-future']);
    expect(judge({ timeMs: Date.parse('1999-08-22T00:00:00Z') })).toEqual(['time-early']);
    expect(judge({ speed: 151 })).toEqual(['speed']);
    expect(judge({ speed: 470, timeMs: NOW_MS + 3_600_000 })).toEqual(['time-future', 'speed']);
  });

  it('takes its limits as options', () => {
    expect(judge({ timeMs: NOW_MS + 2000 }, { maxFutureMs: 1000 })).toEqual(['time-future']);
    expect(judge({ speed: 30 }, { maxSpeed: 25 })).toEqual(['speed']);
  });
});

describe('impliedSpeed and isJump', () => {
  const a = { timeMs: 0, lat: -25.45, lon: -49.23 };
  // 0.001° of latitude is ~111.2 m.
  const b = { timeMs: 4000, lat: -25.449, lon: -49.23 };

  it('is the distance over the time between two positions, either order', () => {
    expect(impliedSpeed(a, b)).toBeCloseTo(111.2 / 4, 1);
    expect(impliedSpeed(b, a)).toBeCloseTo(111.2 / 4, 1);
    expect(impliedSpeed(a, a)).toBe(0);
    expect(impliedSpeed(a, { ...b, timeMs: 0 })).toBe(Infinity);
  });

  it('calls a move a jump only beyond the speed limit plus the noise tolerance', () => {
    expect(isJump(a, b, 30)).toBe(false);
    expect(isJump(a, b, 25)).toBe(true);
    expect(isJump(a, b, 25, 20)).toBe(false);
  });
});
