import { describe, expect, it } from 'vitest';
import { decodeBinaryBatch, encodeBinaryBatch } from './binary-batch.js';
import { BatchFormatError, TooManyPositionsError } from './errors.js';
import type { Position, PositionBatch } from './position.js';
import { seededRandom as prng } from '../hw/virtual/random-bytes.js';

const int = (rnd: () => number, lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));

const T0 = Date.UTC(2026, 10, 24, 10, 0, 0);

/** A random batch of a moving vehicle, every field on the wire grid, with random gaps, presence changes and wraps. */
function randomBatch(rnd: () => number): PositionBatch {
  const count = int(rnd, 0, 120);
  let seq = int(rnd, 1, 1_000_000);
  let timeMs = int(rnd, Date.UTC(2000, 0, 1), Date.UTC(2040, 0, 1));
  let lat = int(rnd, -900_000_000, 900_000_000);
  let lon = int(rnd, -1_800_000_000, 1_800_000_000);
  let track = int(rnd, 0, 35_999);
  const positions: Position[] = [];
  for (let i = 0; i < count; i++) {
    const p: Position = { seq, timeMs, lat: lat / 1e7, lon: lon / 1e7 };
    if (rnd() < 0.9) p.speed = int(rnd, 0, 5000) / 100;
    if (rnd() < 0.9) p.track = track / 100;
    if (rnd() < 0.8) p.altMSL = int(rnd, -500, 30_000) / 10;
    if (rnd() < 0.7) p.hdop = int(rnd, 50, 120) / 100;
    if (rnd() < 0.7) p.uSat = int(rnd, 3, 14);
    if (rnd() < 0.8) p.mode = rnd() < 0.8 ? 3 : 2;
    positions.push(p);
    seq += rnd() < 0.9 ? 1 : int(rnd, 2, 100_000);
    timeMs += rnd() < 0.8 ? 1000 : int(rnd, 1, 3_600_000);
    lat = Math.max(-900_000_000, Math.min(900_000_000, lat + int(rnd, -3000, 3000)));
    lon = Math.max(-1_800_000_000, Math.min(1_800_000_000, lon + int(rnd, -3000, 3000)));
    track = (track + int(rnd, -2000, 2000) + 36_000) % 36_000;
  }
  return { epoch: Math.floor(rnd() * 2 ** 48).toString(36), positions };
}

function expectFormatError(buf: Buffer, message?: RegExp): void {
  let thrown: unknown;
  try {
    decodeBinaryBatch(buf);
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(BatchFormatError);
  if (message) expect((thrown as Error).message).toMatch(message);
}

/** What a decoder may return: a batch whose values the format can carry, so it re-encodes to the same batch. */
function wellFormedProblem(batch: PositionBatch): string | undefined {
  if (typeof batch.epoch !== 'string') return 'epoch';
  let previousSeq = 0;
  for (const p of batch.positions) {
    if (!Number.isSafeInteger(p.seq) || p.seq <= previousSeq) return `seq ${p.seq}`;
    previousSeq = p.seq;
    if (!Number.isSafeInteger(p.timeMs) || p.timeMs < 0) return `time ${p.timeMs}`;
    for (const v of [p.lat, p.lon, p.speed, p.track, p.altMSL, p.hdop, p.uSat]) if (v !== undefined && !Number.isFinite(v)) return `value ${v}`;
  }
  if (JSON.stringify(decodeBinaryBatch(encodeBinaryBatch(batch))) !== JSON.stringify(batch)) return 'does not re-encode to itself';
  return undefined;
}

describe('binary batch round trip', () => {
  it('carries 2,000 random batches exactly, and re-encodes them to the same bytes', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const batch = randomBatch(prng(seed));
      const bytes = encodeBinaryBatch(batch);
      const decoded = decodeBinaryBatch(bytes);
      expect(decoded, `seed ${seed}`).toEqual(batch);
      expect(encodeBinaryBatch(decoded).equals(bytes), `seed ${seed}`).toBe(true);
    }
  });

  it('rounds to the documented resolution: 1e-7°, 1 ms, 0.01 m/s, 0.01°, 0.1 m, 0.01 hdop', () => {
    const batch: PositionBatch = {
      epoch: 'e',
      positions: [{ seq: 5, timeMs: Date.UTC(2026, 10, 24, 10, 0, 0, 123) + 0.4, lat: -25.451836666, lon: -49.234460004, speed: 12.345678, track: 359.996, altMSL: 929.74, hdop: 0.876, uSat: 9, mode: 2 }],
    };
    expect(decodeBinaryBatch(encodeBinaryBatch(batch)).positions[0]).toEqual({
      seq: 5,
      timeMs: Date.UTC(2026, 10, 24, 10, 0, 0, 123),
      lat: -25.4518367,
      lon: -49.23446,
      speed: 12.35,
      track: 0,
      altMSL: 929.7,
      hdop: 0.88,
      uSat: 9,
      mode: 2,
    });
  });

  it('keeps absent optional fields absent, also when they come and go', () => {
    const positions: Position[] = [
      { seq: 1, timeMs: T0, lat: 1, lon: 2 },
      { seq: 2, timeMs: T0 + 1000, lat: 1, lon: 2, speed: 0, track: 0, altMSL: 0, hdop: 0, uSat: 0, mode: 3 },
      { seq: 3, timeMs: T0 + 2000, lat: 1, lon: 2, speed: 0 },
      { seq: 4, timeMs: T0 + 3000, lat: 1, lon: 2, track: 0, mode: 2 },
    ];
    expect(decodeBinaryBatch(encodeBinaryBatch({ epoch: 'x', positions })).positions).toEqual(positions);
  });

  it('carries out-of-range but finite values so validation can name them', () => {
    const p: Position = { seq: 1, timeMs: T0, lat: 95, lon: -200, speed: -3, altMSL: 1e5, uSat: 300 };
    expect(decodeBinaryBatch(encodeBinaryBatch({ epoch: 'x', positions: [p] })).positions[0]).toEqual(p);
  });

  it.each<[string, Partial<Position>]>([
    ['a non-increasing seq', { seq: 1 }],
    ['a non-integer seq', { seq: 2.5 }],
    ['a time that is not a number', { timeMs: Number.NaN }],
    ['a time before 1970', { timeMs: Date.UTC(1969, 11, 31, 23, 59, 59) }],
    ['a time after 9999', { timeMs: Date.UTC(10000, 0, 1) }],
    ['a NaN lat', { lat: Number.NaN }],
    ['a huge lon', { lon: 1e300 }],
    ['a track of 360', { track: 360 }],
    ['a negative hdop', { hdop: -1 }],
    ['a fractional uSat', { uSat: 1.5 }],
    ['mode 1', { mode: 1 as 2 }],
  ])('refuses to encode %s', (_name, overrides) => {
    const first: Position = { seq: 1, timeMs: T0, lat: 0, lon: 0 };
    expect(() => encodeBinaryBatch({ epoch: 'x', positions: [first, { ...first, seq: 2, ...overrides }] })).toThrow(BatchFormatError);
  });

  it('refuses a driving event (version 1 does not carry them: the uploader sends such a batch as JSON)', () => {
    const event = { kind: 'idling' as const, startMs: 0, endMs: 1, peak: 1, threshold: 1, trail: [] };
    expect(() => encodeBinaryBatch({ epoch: 'e', positions: [{ seq: 1, timeMs: 0, lat: 0, lon: 0 }, { seq: 2, timeMs: 1, lat: 0, lon: 0, event }] })).toThrow(/position 1 .*driving event/);
  });

  it('refuses an epoch that is not printable ASCII', () => {
    expect(() => encodeBinaryBatch({ epoch: 'é', positions: [] })).toThrow(BatchFormatError);
  });
});

describe('binary batch decoder on hostile input', () => {
  const good = encodeBinaryBatch(randomBatch(prng(42)));
  const header = (count: number[]): Buffer => Buffer.from([0x54, 0x50, 0x01, 0x01, 0x61, ...count]);

  it.each<[string, Buffer, RegExp]>([
    ['an empty body', Buffer.alloc(0), /truncated/],
    ['JSON sent as binary', Buffer.from('{"epoch":"e"}'), /not a binary position batch/],
    ['an unknown version', Buffer.from([0x54, 0x50, 0x02, 0x00, 0x00]), /version 2/],
    ['an epoch length beyond the body', Buffer.from([0x54, 0x50, 0x01, 0xff, 0x01, 0x61]), /truncated/],
    ['an epoch length over the limit', Buffer.from([0x54, 0x50, 0x01, 0x80, 0x02]), /exceeds 255/],
    ['a control byte in the epoch', Buffer.from([0x54, 0x50, 0x01, 0x01, 0x0a, 0x00]), /printable/],
    ['a varint of 9 bytes', header([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), /longer than 8 bytes/],
    ['a varint above 2^53', header([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]), /2\^53/],
    ['an overlong varint', header([0x81, 0x00]), /overlong/],
    ['a count of 2^53 - 1', header([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f]), /exceeds 65535/],
    ['a count larger than the bytes', header([0xe8, 0x07, 0x07, 0x07]), /more than the 2 bytes/],
    ['a reserved flag bit', header([0x01, 0x87]), /reserved flag/],
    ['a reserved ext bit', header([0x01, 0x47, 0x80]), /reserved ext/],
    ['mode 3D without mode', header([0x01, 0x47, 0x40]), /mode 3D/],
    ['speed "same" without speed', header([0x01, 0x0f]), /does not carry/],
    ['a time before 1970', header([0x01, 0x05, 0x01]), /outside 1970/],
    ['a latitude beyond ±2^31 units', header([0x01, 0x03, 0xff, 0xff, 0xff, 0xff, 0x3f, 0x00]), /lat is out of range/],
    ['a truncated position', good.subarray(0, good.length - 1), /truncated/],
    ['trailing bytes', Buffer.concat([good, Buffer.from([0x00])]), /unexpected bytes/],
  ])('rejects %s', (_name, buf, message) => {
    expectFormatError(buf, message);
  });

  it('refuses a count over the reader\'s limit from the header, before decoding a position', () => {
    // 1001 positions announced, and the bytes to hold them; the first flags byte is a reserved bit, so decoding would fail otherwise.
    const announced = Buffer.concat([header([0xe9, 0x07]), Buffer.from([0x80]), Buffer.alloc(1000, 0x07)]);
    expect(() => decodeBinaryBatch(announced, { maxPositions: 1000 })).toThrow(new TooManyPositionsError(1000, 1001));
    expect(() => decodeBinaryBatch(announced)).toThrow(/reserved flag/);
    expect(decodeBinaryBatch(header([0x01, 0x07]), { maxPositions: 1 }).positions).toHaveLength(1);
  });

  it('decodes a minimal batch: one position at seq 1, 1970, 0°/0°', () => {
    expect(decodeBinaryBatch(header([0x01, 0x07]))).toEqual({ epoch: 'a', positions: [{ seq: 1, timeMs: 0, lat: 0, lon: 0 }] });
  });

  it('only ever returns a well-formed batch or throws BatchFormatError on 20,000 truncated and mutated bodies', () => {
    const rnd = prng(7);
    const sources = Array.from({ length: 200 }, (_, seed) => encodeBinaryBatch(randomBatch(prng(seed + 1))));
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      const buf = Buffer.from(sources[i % sources.length]!);
      let mutated: Buffer = buf;
      switch (i % 5) {
        case 0:
          mutated = buf.subarray(0, int(rnd, 0, buf.length - 1));
          break;
        case 1:
          for (let k = int(rnd, 1, 4); k > 0; k--) buf[int(rnd, 0, buf.length - 1)] ^= 1 << int(rnd, 0, 7);
          break;
        case 2:
          for (let k = int(rnd, 1, 4); k > 0; k--) buf[int(rnd, 0, buf.length - 1)] = int(rnd, 0, 255);
          break;
        case 3: {
          const at = int(rnd, 3, buf.length);
          mutated = Buffer.concat([buf.subarray(0, at), Buffer.from(Array.from({ length: int(rnd, 1, 12) }, () => int(rnd, 0, 255))), buf.subarray(at)]);
          break;
        }
        default:
          mutated = Buffer.from(Array.from({ length: int(rnd, 0, 64) }, () => int(rnd, 0, 255)));
          if (rnd() < 0.8 && mutated.length >= 3) mutated.set([0x54, 0x50, 0x01]);
      }
      let batch: PositionBatch | undefined;
      try {
        batch = decodeBinaryBatch(mutated);
      } catch (err) {
        if (!(err instanceof BatchFormatError)) throw new Error(`case ${i}: ${mutated.toString('hex')} threw ${String(err)}`);
      }
      if (batch) {
        accepted++;
        const problem = wellFormedProblem(batch);
        if (problem) throw new Error(`case ${i}: ${mutated.toString('hex')} decoded to a malformed batch: ${problem}`);
      }
    }
    // Bit flips inside values decode to other valid batches; the test must have seen both outcomes.
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThan(20_000);
  });
});
