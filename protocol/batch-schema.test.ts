import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { DRIVING_EVENT_KINDS, MAX_TRAIL_POINTS } from './driving-event.js';
import { BatchFormatError } from './errors.js';
import { ISO_TIME_PATTERN } from './iso-time.js';
import { parseJsonBatch } from './json-batch.js';
import { STRUCTURAL_LIMITS } from './position-rules.js';
import { validateBatch, VALIDATION_DEFAULTS } from './validate.js';

const schema = JSON.parse(readFileSync(join(import.meta.dirname, 'batch.schema.json'), 'utf8'));
const schemaAccepts = new Ajv2020({ strict: true, allErrors: true }).compile(schema);
const NOW_MS = Date.parse('2026-11-24T10:05:00.000Z');

/** The gateway's verdict: parsed and valid. */
function codeAccepts(text: string): boolean {
  try {
    return validateBatch(parseJsonBatch(text)).length === 0;
  } catch (err) {
    if (err instanceof BatchFormatError) return false;
    throw err;
  }
}

const P = { seq: 1, time: '2026-11-24T10:00:00.000Z', lat: -25.45, lon: -49.23 };
const body = (positions: unknown[], extra: Record<string, unknown> = {}): unknown => ({ epoch: 'b7e1c2d4', positions, ...extra });
const one = (overrides: Record<string, unknown>): unknown => body([{ ...P, ...overrides }]);
const E = { kind: 'harsh-braking', start: '2026-11-24T09:59:58.000Z', end: '2026-11-24T10:00:02.000Z', peak: 4.4, threshold: 2.94, trail: [{ time: P.time, lat: P.lat, lon: P.lon, speed: 12, track: 90 }] };
const event = (overrides: Record<string, unknown>): unknown => one({ event: { ...E, ...overrides } });

const GOOD: [string, unknown][] = [
  ['the documented example', body([{ ...P, speed: 12.3, track: 181.0 }])],
  ['every optional field', one({ speed: 0, track: 359.99, altMSL: 930.2, hdop: 0.9, uSat: 12, mode: 3 })],
  ['range boundaries', one({ lat: 90, lon: -180, speed: 515, track: 0, altMSL: -1000, hdop: 100, uSat: 255, mode: 2 })],
  // Implausible but well formed: accepted, and recorded with its `suspect` reasons.
  ['speed 151 m/s', one({ speed: 151 })],
  ['a time an hour ahead', one({ time: '2026-11-24T11:05:00.000Z' })],
  ['a time in 1999', one({ time: '1999-08-22T00:00:00Z' })],
  ['a time with an offset and microseconds', one({ time: '2026-11-24T07:00:00.123456-03:00' })],
  ['a UUID epoch', { epoch: '0b5e3c1e-8a51-4f0e-9d43-3c7bb1a3f1de', positions: [P] }],
  ['a driving event', body([P, { ...P, seq: 2, event: E }])],
  ['an idling event with an empty trail', event({ kind: 'idling', peak: 600, threshold: 300, trail: [] })],
  ['a batch of 1000', body(Array.from({ length: 1000 }, (_, i) => ({ ...P, seq: i + 1 })).map((p, i) => ({ ...p, time: new Date(NOW_MS - 3_600_000 + i * 1000).toISOString() })))],
];

const BAD: [string, unknown][] = [
  ['an array body', [P]],
  ['a string body', 'positions'],
  ['an unknown top-level field', body([P], { vehicleId: 'truck-1' })],
  ['an unknown position field', one({ heading: 10 })],
  ['no epoch', { positions: [P] }],
  ['no positions', { epoch: 'e' }],
  ['positions not an array', { epoch: 'e', positions: P }],
  ['an empty batch', body([])],
  ['1001 positions', body(Array.from({ length: 1001 }, (_, i) => ({ ...P, seq: i + 1 })))],
  ['an empty epoch', { epoch: '', positions: [P] }],
  ['an epoch with a space', { epoch: 'a b', positions: [P] }],
  ['an epoch of 65 characters', { epoch: 'e'.repeat(65), positions: [P] }],
  ['a numeric epoch', { epoch: 7, positions: [P] }],
  ['no seq', body([{ time: P.time, lat: 0, lon: 0 }])],
  ['no time', body([{ seq: 1, lat: 0, lon: 0 }])],
  ['no lat', body([{ seq: 1, time: P.time, lon: 0 }])],
  ['a position that is not an object', body([1])],
  ['a string lat', one({ lat: '-25.45' })],
  ['a null speed', one({ speed: null })],
  ['a numeric time', one({ time: 1_764_000_000_000 })],
  ['a non-ISO time', one({ time: '24/11/2026 10:00' })],
  ['seq 0', one({ seq: 0 })],
  ['a fractional seq', one({ seq: 1.5 })],
  ['a seq beyond 2^53', one({ seq: 2 ** 53 })],
  ['lat 90.1', one({ lat: 90.1 })],
  ['lon -180.1', one({ lon: -180.1 })],
  ['a negative speed', one({ speed: -1 })],
  ['speed 516 m/s', one({ speed: 516 })],
  ['track 360', one({ track: 360 })],
  ['a negative track', one({ track: -0.5 })],
  ['altMSL 20 km up', one({ altMSL: 20_001 })],
  ['a negative hdop', one({ hdop: -0.1 })],
  ['hdop 100.1', one({ hdop: 100.1 })],
  ['uSat 256', one({ uSat: 256 })],
  ['a fractional uSat', one({ uSat: 7.5 })],
  ['mode 1', one({ mode: 1 })],
  ['mode as a string', one({ mode: '3' })],
  ['an event of an unknown kind', event({ kind: 'tailgating' })],
  ['an event without a trail', one({ event: { ...E, trail: undefined } })],
  ['an event with an unknown field', event({ driver: 'x' })],
  ['an event with a negative peak', event({ peak: -1 })],
  ['an event with a numeric start', event({ start: 1_764_000_000_000 })],
  ['an event trail point at lat 91', event({ trail: [{ time: P.time, lat: 91, lon: 0 }] })],
  ['an event trail point without a time', event({ trail: [{ lat: 0, lon: 0 }] })],
  ['an event trail of 65 points', event({ trail: Array.from({ length: 65 }, () => E.trail[0]) })],
];

/** Rules JSON Schema cannot state (order, calendar): the schema accepts these, the gateway does not. */
const BEYOND_SCHEMA: [string, unknown][] = [
  ['seq not increasing', body([P, { ...P, seq: 1 }])],
  ['seq decreasing', body([{ ...P, seq: 5 }, { ...P, seq: 4 }])],
  ['February 30th', one({ time: '2026-02-30T10:00:00Z' })],
  ['a time before 1970', one({ time: '1969-12-31T23:59:59Z' })],
  ['an event that ends before it starts', event({ end: '2026-11-24T09:59:57.000Z' })],
];

describe('batch.schema.json', () => {
  it('states the same limits as the code', () => {
    const position = schema.$defs.position.properties;
    expect(position.time.pattern).toBe(ISO_TIME_PATTERN);
    expect(schema.properties.positions.maxItems).toBe(VALIDATION_DEFAULTS.maxPositions);
    expect(schema.properties.epoch.maxLength).toBe(VALIDATION_DEFAULTS.maxEpochLength);
    expect(position.speed.maximum).toBe(STRUCTURAL_LIMITS.maxSpeed);
    expect([position.altMSL.minimum, position.altMSL.maximum]).toEqual([STRUCTURAL_LIMITS.minAltMSL, STRUCTURAL_LIMITS.maxAltMSL]);
    expect(position.hdop.maximum).toBe(STRUCTURAL_LIMITS.maxHdop);
    expect(position.uSat.maximum).toBe(STRUCTURAL_LIMITS.maxUSat);
    expect(schema.$defs.event.properties.kind.enum).toEqual(DRIVING_EVENT_KINDS);
    expect(schema.$defs.event.properties.trail.maxItems).toBe(MAX_TRAIL_POINTS);
  });

  it.each(GOOD)('schema and gateway both accept %s', (_name, value) => {
    expect(schemaAccepts(value), JSON.stringify(schemaAccepts.errors)).toBe(true);
    expect(codeAccepts(JSON.stringify(value))).toBe(true);
  });

  it.each(BAD)('schema and gateway both reject %s', (_name, value) => {
    expect(schemaAccepts(value)).toBe(false);
    expect(codeAccepts(JSON.stringify(value))).toBe(false);
  });

  it.each(BEYOND_SCHEMA)('the gateway also rejects %s, which the schema cannot express', (_name, value) => {
    expect(schemaAccepts(value)).toBe(true);
    expect(codeAccepts(JSON.stringify(value))).toBe(false);
  });
});
