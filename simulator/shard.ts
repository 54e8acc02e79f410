import { UserError } from '../common/errors.js';

/**
 * Splitting one fleet across processes or machines: truck numbers 0…N-1 are dealt
 * round-robin, shard i of n (1-based, like `vitest --shard`) drives the trucks with
 * `number % n === i - 1`. Every truck's id, trip, phase and faults derive from its
 * number alone, so a truck is the same truck whichever shard drives it.
 */
export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export const WHOLE_FLEET: Shard = { index: 1, count: 1 };

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new UserError(`Invalid --shard '${text}'.`, 'Use i/n with 1 ≤ i ≤ n, e.g. --shard 2/4 for the second of four shards.');
  }
  return { index, count };
}

/** The truck numbers (0-based, of a fleet of `trucks`) this shard drives, ascending. */
export function shardTrucks(trucks: number, shard: Shard): number[] {
  const mine: number[] = [];
  for (let n = shard.index - 1; n < trucks; n += shard.count) mine.push(n);
  return mine;
}

/** A deterministic number in [0, 1) from integers: phases and fault selection depend on nothing else. */
export function unitHash(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    h ^= p >>> 0;
    h = Math.imul(h, 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
  }
  return (h >>> 0) / 2 ** 32;
}
