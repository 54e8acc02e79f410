import { describe, expect, it } from 'vitest';
import { parseShard, shardTrucks, unitHash } from './shard.js';

describe('shards', () => {
  it('parses i/n and rejects the rest with a usage error', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/4', '5/4', '1/0', 'a/b', '1', '-1/2']) expect(() => parseShard(bad)).toThrow(/Invalid --shard/);
  });

  it('covers the fleet exactly once, whatever the split', () => {
    for (const count of [1, 2, 3, 7]) {
      const all = Array.from({ length: count }, (_, i) => shardTrucks(1000, { index: i + 1, count })).flat();
      expect(all.sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    }
    expect(shardTrucks(10, { index: 2, count: 3 })).toEqual([1, 4, 7]);
  });

  it('hashes deterministically and spreads values over [0, 1)', () => {
    expect(unitHash(1, 2, 3)).toBe(unitHash(1, 2, 3));
    const values = Array.from({ length: 10_000 }, (_, i) => unitHash(42, i));
    const below = values.filter((v) => v < 0.3).length;
    expect(below).toBeGreaterThan(2700);
    expect(below).toBeLessThan(3300);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
  });
});
