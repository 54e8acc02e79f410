import { describe, expect, it } from 'vitest';
import { FieldChecker, isIsoUtcTime } from './fix-bounds.js';
import { isValidFix } from './fix.js';

describe('FieldChecker', () => {
  it('passes values within range, drops and counts the rest by field', () => {
    const c = new FieldChecker();
    expect(c.check('lat', -90)).toBe(-90);
    expect(c.check('lat', 90.000001)).toBeUndefined();
    expect(c.check('speed', -0.1)).toBeUndefined();
    expect(c.check('speed', Number.NaN)).toBeUndefined();
    expect(c.check('uSat', 3.5)).toBeUndefined();
    expect(c.check('uSat', 12)).toBe(12);
    expect(c.check('hdop', 99.99)).toBeUndefined();
    expect(c.check('altMSL', undefined)).toBeUndefined();
    expect(c.counts).toEqual({ lat: 1, speed: 2, uSat: 1, hdop: 1 });
  });

  it('takes a track of 360 as 0', () => {
    expect(new FieldChecker().check('track', 360)).toBe(0);
  });

  it('makes times only of real instants within 1980–2099', () => {
    const c = new FieldChecker();
    expect(c.utc(2024, 2, 29, 23, 59, 60, 500)).toBe(Date.parse('2024-03-01T00:00:00.500Z'));
    expect(c.utc(2023, 2, 29, 0, 0, 0)).toBeUndefined();
    expect(c.utc(255, 1, 1, 0, 0, 0)).toBeUndefined();
    expect(c.utc(65535, 1, 1, 0, 0, 0)).toBeUndefined();
    expect(c.utc(2024, 13, 1, 0, 0, 0)).toBeUndefined();
    expect(c.utc(2024, 1, 1, 0, 0, 0, 1000)).toBeUndefined();
    expect(c.time(Date.UTC(275760, 0, 1))).toBeUndefined();
    expect(c.time(Number.NaN)).toBeUndefined();
    expect(c.counts).toEqual({ year: 2, time: 5 });
  });

  it('knows an ISO UTC time when it sees one', () => {
    expect(isIsoUtcTime('2024-03-23T12:00:01.000Z')).toBe(true);
    expect(isIsoUtcTime('+099999-01-01T00:00:00.000Z')).toBe(false);
    expect(isIsoUtcTime('2024-02-30T12:00:01.000Z')).toBe(false);
    expect(isIsoUtcTime('1970-01-01T00:00:00.000Z')).toBe(false);
  });
});

describe('isValidFix', () => {
  const fix = { class: 'TPV', mode: 3, time: '2024-03-23T12:00:01.000Z', lat: 48.1, lon: 11.5 } as const;

  it('takes a 2D/3D fix with an ISO time and a position in range', () => {
    expect(isValidFix(fix)).toBe(true);
  });

  it.each([
    ['latitude 999', { ...fix, lat: 999 }],
    ['NaN longitude', { ...fix, lon: Number.NaN }],
    ['a non-ISO time', { ...fix, time: '+099999-01-01T00:00:00.000Z' }],
    ['mode 1', { ...fix, mode: 1 as const }],
  ])('refuses %s', (_what, bad) => {
    expect(isValidFix(bad)).toBe(false);
  });
});
