import { describe, expect, it } from 'vitest';
import { encodeJsonBatch } from '../protocol/json-batch.js';
import { parseJsonBatch } from '../protocol/json-batch.js';
import { MAX_TRAIL_POINTS } from '../protocol/driving-event.js';
import { MAX_BATCH_POSITIONS } from '../protocol/upload-contract.js';
import { GATEWAY_DEFAULTS } from './config.js';
import { checkJsonBatchBounds, JsonBoundsError, JsonTooManyPositionsError, type JsonBatchBounds } from './json-bounds.js';
import { makePositions } from './test-support.js';

const BOUNDS: JsonBatchBounds = { maxDepth: 4, maxPositions: MAX_BATCH_POSITIONS, maxValues: 16 * MAX_BATCH_POSITIONS };
const check = (text: string, bounds = BOUNDS) => checkJsonBatchBounds(Buffer.from(text), bounds);

/** What the check threw, for its kind and the byte it stopped at. */
function refusal(text: string): Error & { stoppedAt?: number } {
  try {
    check(text);
  } catch (err) {
    return err as Error & { stoppedAt?: number };
  }
  throw new Error('the body was within its bounds');
}

/** A batch with every optional field, times an hour back. */
function fullBatch(count: number): string {
  const positions = makePositions(1, count, Date.now() - 3_600_000).map((p) => ({ ...p, altMSL: 930.25, hdop: 0.9, uSat: 12, mode: 3 as const }));
  return encodeJsonBatch({ epoch: 'b7e1c2d4-1111-2222-3333-444455556666', positions });
}

describe('checkJsonBatchBounds', () => {
  it('passes every batch within the contract, compact or pretty-printed, up to 1000 positions with every field', () => {
    for (const count of [1, 60, MAX_BATCH_POSITIONS]) {
      const compact = fullBatch(count);
      expect(() => check(compact)).not.toThrow();
      expect(() => check(JSON.stringify(JSON.parse(compact), null, 2))).not.toThrow();
      expect(parseJsonBatch(compact).positions).toHaveLength(count);
    }
  });

  it('stops at the first position past the limit: 10⁶ empty positions (3 MB) are read for 3 KB', () => {
    const text = `{"epoch":"e","positions":[${new Array<string>(1_000_000).fill('{}').join(',')}]}`;
    const err = refusal(text);
    expect(err).toBeInstanceOf(JsonTooManyPositionsError);
    expect(err.message).toBe('batch has more than 1000 positions, at most 1000 allowed: split it');
    expect(err.stoppedAt).toBe('{"epoch":"e","positions":['.length + 1000 * 3);
  });

  it('stops at the first level past the depth: 1.9 M nested arrays are read for 29 bytes', () => {
    const depth = 1_900_000;
    const err = refusal(`{"epoch":"e","positions":${'['.repeat(depth)}${']'.repeat(depth)}}`);
    expect(err).toBeInstanceOf(JsonBoundsError);
    expect(err.message).toMatch(/^the JSON nests deeper than 4 levels \(stopped at byte 28\)/);
    expect(err.stoppedAt).toBe(28);
  });

  it('stops at the first value past the budget: a position with 150,000 fields', () => {
    const err = refusal(`{"epoch":"e","positions":[{${new Array<string>(150_000).fill('"a":0').join(',')}}]}`);
    expect(err).toBeInstanceOf(JsonBoundsError);
    expect(err.message).toMatch(/more than 16000 values/);
    expect(err.stoppedAt).toBeLessThan(16_000 * 6 + 30);
  });

  it('counts exactly at the edges: 1000 positions pass, 1001 do not; a field of the wrong type still reaches the parser to be named', () => {
    const positions = (n: number) => `{"epoch":"e","positions":[${new Array<string>(n).fill('{"seq":1}').join(', ')}]}`;
    expect(() => check(positions(1000))).not.toThrow();
    expect(refusal(positions(1001))).toBeInstanceOf(JsonTooManyPositionsError);
    expect(() => check('{"epoch":"e","positions":[{"seq":{"value":[1]}}]}')).toThrow(/deeper than 4/);
    expect(() => check('{"epoch":"e","positions":[{"seq":{"value":1}}]}')).not.toThrow();
    expect(() => check('{"epoch":"e","positions":[]}')).not.toThrow();
    expect(() => check('[]')).not.toThrow();
  });

  it('reads strings as strings: brackets, commas and escaped quotes inside them count for nothing', () => {
    const tricky = `{"epoch":"a\\"[[[[[,,,\\\\","positions":[{"seq":1,"time":"[[[[\\\\\\"]]]]"}]}`;
    expect(JSON.parse(tricky)).toEqual({ epoch: 'a"[[[[[,,,\\', positions: [{ seq: 1, time: '[[[[\\"]]]]' }] });
    expect(() => check(tricky, { ...BOUNDS, maxPositions: 1, maxValues: 6 })).not.toThrow();
    expect(() => check(tricky, { ...BOUNDS, maxValues: 5 })).toThrow(/more than 5 values/);
  });

  it('counts the positions of the batch only, not an array of the same name deeper down or another top-level array', () => {
    const nested = `{"epoch":"e","positions":[{"positions":[1,2,3]}]}`;
    expect(() => check(nested, { ...BOUNDS, maxPositions: 1 })).not.toThrow();
    expect(() => check(`{"epoch":[1,2,3],"positions":[{}]}`, { ...BOUNDS, maxPositions: 1 })).not.toThrow();
    expect(() => check(`{"positions":[{},{}],"epoch":"e"}`, { ...BOUNDS, maxPositions: 1 })).toThrow(JsonTooManyPositionsError);
  });

  describe("the gateway's default bounds", () => {
    const DEFAULTS: JsonBatchBounds = { maxDepth: GATEWAY_DEFAULTS.maxJsonDepth, maxPositions: MAX_BATCH_POSITIONS, maxValues: GATEWAY_DEFAULTS.maxJsonValuesPerPosition * MAX_BATCH_POSITIONS };
    /** A batch of `count` records with every field, the first `events` of them driving events with full trails. */
    function batchWithEvents(count: number, events: number): string {
      const t = Date.now() - 3_600_000;
      const trail = Array.from({ length: MAX_TRAIL_POINTS }, (_, i) => ({ timeMs: t - 32_000 + i * 1000, lat: -25.45, lon: -49.23, speed: 20.5, track: 180 }));
      const positions = makePositions(1, count, t).map((p, i) => ({
        ...p,
        altMSL: 930.25,
        hdop: 0.9,
        uSat: 12,
        mode: 3 as const,
        ...(i < events && { event: { kind: 'harsh-braking' as const, startMs: p.timeMs - 2000, endMs: p.timeMs + 2000, peak: 4.41, threshold: 2.94, trail } }),
      }));
      return encodeJsonBatch({ epoch: 'b7e1c2d4-1111-2222-3333-444455556666', positions });
    }

    it('pass a batch of 1000 records with 135 driving events carrying full trails (and 60 events of 60), and refuse 136 of 1000', () => {
      const many = batchWithEvents(MAX_BATCH_POSITIONS, 135);
      expect(() => checkJsonBatchBounds(Buffer.from(many), DEFAULTS)).not.toThrow();
      expect(parseJsonBatch(many).positions.filter((p) => p.event)).toHaveLength(135);
      expect(() => checkJsonBatchBounds(Buffer.from(batchWithEvents(60, 60)), DEFAULTS)).not.toThrow();
      expect(() => checkJsonBatchBounds(Buffer.from(batchWithEvents(MAX_BATCH_POSITIONS, 136)), DEFAULTS)).toThrow(/more than 64000 values/);
    });

    it("let a trail point's field of the wrong type reach the parser to be named, and refuse a level deeper", () => {
      const at = (point: string) => `{"epoch":"e","positions":[{"seq":1,"event":{"kind":"idling","trail":[${point}]}}]}`;
      expect(() => checkJsonBatchBounds(Buffer.from(at('{"lat":{"value":1}}')), DEFAULTS)).not.toThrow();
      expect(() => checkJsonBatchBounds(Buffer.from(at('{"lat":{"value":[1]}}')), DEFAULTS)).toThrow(/deeper than 7/);
    });
  });
});
