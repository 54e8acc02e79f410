import { describe, expect, it } from 'vitest';
import { BatchFormatError } from './errors.js';
import { formatIsoTimeMs } from './iso-time.js';
import { encodeJsonBatch, parseJsonBatch, type JsonBatchProblem } from './json-batch.js';

/** The documented example, as sent… */
const GOOD = {
  epoch: 'b7e1c2d4',
  positions: [
    { seq: 1, time: '2026-11-24T10:00:00.000Z', lat: -25.45, lon: -49.23, speed: 12.3, track: 181.0 },
    { seq: 2, time: '2026-11-24T10:00:01.000Z', lat: -25.4501, lon: -49.2301, speed: 12.4, track: 181.5, altMSL: 930.2, hdop: 0.9, uSat: 9, mode: 3 },
  ],
};
/** …and as read: the same, with each time as a number. */
const GOOD_READ = {
  epoch: 'b7e1c2d4',
  positions: [
    { seq: 1, timeMs: Date.UTC(2026, 10, 24, 10, 0, 0), lat: -25.45, lon: -49.23, speed: 12.3, track: 181.0 },
    { seq: 2, timeMs: Date.UTC(2026, 10, 24, 10, 0, 1), lat: -25.4501, lon: -49.2301, speed: 12.4, track: 181.5, altMSL: 930.2, hdop: 0.9, uSat: 9, mode: 3 },
  ],
};

function problemsOf(text: string): JsonBatchProblem[] {
  try {
    parseJsonBatch(text);
  } catch (err) {
    expect(err).toBeInstanceOf(BatchFormatError);
    return (err as BatchFormatError).details as JsonBatchProblem[];
  }
  throw new Error(`expected ${text} to be rejected`);
}

describe('parseJsonBatch', () => {
  it('carries a driving event: its start, end and trail times as ISO-8601 text on the wire, as ms when read', () => {
    const t = Date.UTC(2026, 10, 24, 10, 0, 0);
    const event = { kind: 'harsh-braking' as const, startMs: t - 2000, endMs: t + 2000, peak: 4.4, threshold: 2.94, trail: [{ timeMs: t - 1000, lat: -25.45, lon: -49.23, speed: 20 }, { timeMs: t, lat: -25.4501, lon: -49.23, track: 90 }] };
    const batch = { epoch: 'b7e1c2d4', positions: [{ seq: 7, timeMs: t, lat: -25.4501, lon: -49.23, event }] };
    const wire = JSON.parse(encodeJsonBatch(batch));
    expect(wire.positions[0].event).toEqual({
      kind: 'harsh-braking',
      start: '2026-11-24T09:59:58.000Z',
      end: '2026-11-24T10:00:02.000Z',
      peak: 4.4,
      threshold: 2.94,
      trail: [
        { time: '2026-11-24T09:59:59.000Z', lat: -25.45, lon: -49.23, speed: 20 },
        { time: '2026-11-24T10:00:00.000Z', lat: -25.4501, lon: -49.23, track: 90 },
      ],
    });
    expect(parseJsonBatch(JSON.stringify(wire))).toEqual(batch);
    expect(problemsOf(JSON.stringify({ ...wire, positions: [{ ...wire.positions[0], event: { ...wire.positions[0].event, trail: [{ lat: 1 }] } }] })).map((p) => p.path)).toEqual([
      '/positions/0/event/trail/0/time',
      '/positions/0/event/trail/0/lon',
    ]);
  });

  it('reads the documented example and round-trips through encodeJsonBatch', () => {
    const batch = parseJsonBatch(JSON.stringify(GOOD));
    expect(batch).toEqual(GOOD_READ);
    expect(JSON.parse(encodeJsonBatch(batch))).toEqual(GOOD);
    expect(parseJsonBatch(encodeJsonBatch(batch))).toEqual(GOOD_READ);
  });

  it('reads a valid time in any offset, writes it back as UTC with milliseconds, and leaves an invalid one for validation', () => {
    const body = (time: string): string => JSON.stringify({ epoch: 'e', positions: [{ seq: 1, time, lat: 0, lon: 0 }] });
    const written = (time: string): unknown => (JSON.parse(encodeJsonBatch(parseJsonBatch(body(time)))) as typeof GOOD).positions[0]!.time;
    expect(written('2026-11-24T07:00:00-03:00')).toBe('2026-11-24T10:00:00.000Z');
    expect(written('2026-11-24T10:00:00.123456Z')).toBe('2026-11-24T10:00:00.123Z');
    expect(parseJsonBatch(body('yesterday')).positions[0]!.timeMs).toBeNaN();
    expect(() => encodeJsonBatch(parseJsonBatch(body('yesterday')))).toThrow(BatchFormatError);
  });

  it('rejects malformed JSON with the syntax error', () => {
    expect(() => parseJsonBatch('{"epoch": "e", "positions": [')).toThrow(/not valid JSON/);
    expect(() => parseJsonBatch('')).toThrow(BatchFormatError);
  });

  it.each([
    ['a non-object body', '[1,2]', ''],
    ['null', 'null', ''],
  ])('rejects %s', (_name, text, path) => {
    expect(problemsOf(text)[0]!.path).toBe(path);
  });

  it('names every structural problem by JSON Pointer', () => {
    const text = JSON.stringify({
      epoch: 7,
      extra: true,
      positions: [
        { seq: '1', time: 5, lat: null, lon: 1, color: 'red' },
        { seq: 2, time: '2026-11-24T10:00:00Z', lon: 1 },
        'x',
      ],
    });
    const paths = problemsOf(text).map((p) => p.path).sort();
    expect(paths).toEqual(['/epoch', '/extra', '/positions/0/color', '/positions/0/lat', '/positions/0/seq', '/positions/0/time', '/positions/1', '/positions/2'].sort());
  });

  it('rejects an own __proto__ key as unknown instead of touching the prototype', () => {
    const text = '{"epoch":"e","positions":[{"seq":1,"time":"2026-11-24T10:00:00Z","lat":0,"lon":0,"__proto__":{"x":1}}]}';
    expect(problemsOf(text)[0]!.path).toBe('/positions/0/__proto__');
  });

  it('caps the number of reported problems for a hostile body', () => {
    const positions = Array.from({ length: 500 }, () => ({ bad: 1 }));
    expect(problemsOf(JSON.stringify({ epoch: 'e', positions })).length).toBe(50);
  });

  it('encodes known fields only', () => {
    const withExtra = { epoch: 'e', positions: [{ seq: 1, timeMs: Date.UTC(2026, 10, 24, 10), lat: 1, lon: 2, junk: 1 }] };
    expect(JSON.parse(encodeJsonBatch(withExtra))).toEqual({ epoch: 'e', positions: [{ seq: 1, time: '2026-11-24T10:00:00.000Z', lat: 1, lon: 2 }] });
  });
});

describe('time normalisation edge cases', () => {
  const timeMsOf = (time: string): number => parseJsonBatch(JSON.stringify({ epoch: 'e', positions: [{ seq: 1, time, lat: 0, lon: 0 }] })).positions[0]!.timeMs;

  it.each([
    ['0004-02-29T12:00:00Z', '0004-02-29T12:00:00.000Z'],
    ['2024-02-29T23:30:00-01:00', '2024-03-01T00:30:00.000Z'],
    ['2026-11-24T10:00:00.5Z', '2026-11-24T10:00:00.500Z'],
  ])('%s becomes %s', (input, expected) => {
    expect(formatIsoTimeMs(timeMsOf(input))).toBe(expected);
  });

  it.each(['2023-02-29T00:00:00Z', '2026-11-24T24:00:00Z', '2026-11-24t10:00:00z', '2026-11-24T10:00:00'])('leaves invalid %s for validation', (input) => {
    expect(timeMsOf(input)).toBeNaN();
  });
});
