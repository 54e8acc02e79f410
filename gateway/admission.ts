/**
 * Who may start a request now: per-key concurrency and token-bucket rates, each bounded in
 * the keys it remembers. The gateway keys them by vehicle (from the token) and, for failed
 * authentications, by client address (`addressKey`). Pure logic: the caller passes the clock.
 */

/** At most `max` requests of one key in progress. */
export class KeyedConcurrencyLimit {
  private readonly inProgress = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** A release function (idempotent) when `key` may start one more, undefined when it has `max` in progress. */
  tryAcquire(key: string): (() => void) | undefined {
    const count = this.inProgress.get(key) ?? 0;
    if (count >= this.max) return undefined;
    this.inProgress.set(key, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = this.inProgress.get(key)! - 1;
      if (left === 0) this.inProgress.delete(key);
      else this.inProgress.set(key, left);
    };
  }

  get keys(): number {
    return this.inProgress.size;
  }
}

/**
 * A token bucket per key: `burst` tokens, refilled at `perSecond`. At most `maxKeys` buckets
 * are kept, the least recently used dropped first (a dropped key starts again full), so keys
 * an attacker makes up cannot grow memory.
 */
export class KeyedRateLimit {
  private readonly buckets = new Map<string, { tokens: number; atMs: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly maxKeys: number,
  ) {}

  /** Takes a token for `key`: undefined when granted, else the whole seconds until one is there (for Retry-After). */
  take(key: string, nowMs: number): number | undefined {
    const bucket = this.refilled(key, nowMs);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perSecond));
  }

  /** Charges `tokens` more to `key` for work found costlier once done; the bucket may go below zero, delaying the key's next request. */
  charge(key: string, tokens: number, nowMs: number): void {
    this.refilled(key, nowMs).tokens -= tokens;
  }

  private refilled(key: string, nowMs: number): { tokens: number; atMs: number } {
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, atMs: nowMs };
    bucket.tokens = Math.min(this.burst, bucket.tokens + (Math.max(0, nowMs - bucket.atMs) / 1000) * this.perSecond);
    bucket.atMs = nowMs;
    // Re-inserted: Map order is the recency order.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    return bucket;
  }

  get keys(): number {
    return this.buckets.size;
  }
}

/**
 * The key of a client address: IPv4 as is (also when IPv4-mapped), IPv6 by its /64 (what one
 * site is usually given, so an attacker cannot make up a new key per address).
 */
export function addressKey(address: string | undefined): string {
  if (!address) return 'unknown';
  const bare = address.split('%')[0]!.toLowerCase();
  if (!bare.includes(':')) return bare;
  if (/^::ffff:\d+\.\d+\.\d+\.\d+$/.test(bare)) return bare.slice('::ffff:'.length);
  const [head = '', tail] = bare.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? headGroups : [...headGroups, ...new Array<string>(Math.max(0, 8 - headGroups.length - tailGroups.length)).fill('0'), ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}
