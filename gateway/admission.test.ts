import { describe, expect, it } from 'vitest';
import { addressKey, KeyedConcurrencyLimit, KeyedRateLimit } from './admission.js';

describe('KeyedConcurrencyLimit', () => {
  it('admits up to the limit per key, each key apart, and a release (once, however often called) frees one place', () => {
    const limit = new KeyedConcurrencyLimit(2);
    const first = limit.tryAcquire('a')!;
    const second = limit.tryAcquire('a')!;
    expect(limit.tryAcquire('a')).toBeUndefined();
    expect(limit.tryAcquire('b')).toBeDefined();
    first();
    first();
    expect(limit.tryAcquire('a')).toBeDefined();
    expect(limit.tryAcquire('a')).toBeUndefined();
    second();
    expect(limit.keys).toBe(2);
  });

  it('forgets a key with nothing in progress', () => {
    const limit = new KeyedConcurrencyLimit(1);
    limit.tryAcquire('a')!();
    expect(limit.keys).toBe(0);
  });
});

describe('KeyedRateLimit', () => {
  it('grants the burst at once, then one per refill interval, and says how many seconds until the next', () => {
    const limit = new KeyedRateLimit(2, 3, 100);
    const t = 1_000_000;
    expect([limit.take('a', t), limit.take('a', t), limit.take('a', t)]).toEqual([undefined, undefined, undefined]);
    expect(limit.take('a', t)).toBe(1);
    expect(limit.take('b', t)).toBeUndefined();
    expect(limit.take('a', t + 499)).toBe(1);
    // Two tokens a second: both there a second after the burst was spent.
    expect([limit.take('a', t + 1000), limit.take('a', t + 1000), limit.take('a', t + 1000)]).toEqual([undefined, undefined, 1]);
    // Never more than the burst, however long a key was quiet.
    expect([1, 2, 3, 4].map(() => limit.take('a', t + 3_600_000))).toEqual([undefined, undefined, undefined, 1]);
  });

  it('charges costly work after the fact: the debt delays the next request until it is refilled', () => {
    const limit = new KeyedRateLimit(10, 5, 100);
    expect(limit.take('a', 0)).toBeUndefined();
    limit.charge('a', 16, 0); // 5 - 1 - 16 = -12 tokens
    expect(limit.take('a', 0)).toBe(2); // 13 tokens to go at 10/s
    expect(limit.take('a', 1_200)).toBe(1);
    expect(limit.take('a', 1_300)).toBeUndefined();
  });

  it('says a slow refill in whole seconds', () => {
    const limit = new KeyedRateLimit(0.1, 1, 100);
    limit.take('a', 0);
    expect(limit.take('a', 0)).toBe(10);
    expect(limit.take('a', 4_000)).toBe(6);
  });

  it('keeps at most maxKeys buckets, dropping the least recently used', () => {
    const limit = new KeyedRateLimit(0.001, 1, 2);
    limit.take('a', 0);
    limit.take('b', 0);
    expect(limit.take('a', 0)).toBe(1000); // refused, and now the most recent
    limit.take('c', 0); // drops b
    expect(limit.keys).toBe(2);
    expect(limit.take('c', 0)).toBe(1000);
    expect(limit.take('b', 0)).toBeUndefined(); // dropped, so full again; drops a
    expect(limit.take('a', 0)).toBeUndefined();
  });
});

describe('addressKey', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['::ffff:10.1.2.3', '10.1.2.3'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::99', '2001:db8:1:2::/64'],
    ['2001:DB8:0001:0002:aaaa::1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    [undefined, 'unknown'],
  ])('%s → %s', (address, key) => {
    expect(addressKey(address)).toBe(key);
  });
});
