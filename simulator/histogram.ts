/**
 * A latency histogram with logarithmic buckets (~2 % wide): constant memory per
 * distinct bucket, percentiles within the bucket width, mergeable. Enough for p50/p99
 * of a fleet of 10,000 trucks without keeping every sample.
 */
const GROWTH = 1.02;
const LOG_GROWTH = Math.log(GROWTH);

export class Histogram {
  private readonly buckets = new Map<number, number>();
  count = 0;
  sum = 0;
  max = 0;
  min = Infinity;

  record(value: number, times = 1): void {
    const v = Math.max(0, value);
    const b = v < 1 ? -1 : Math.floor(Math.log(v) / LOG_GROWTH);
    this.buckets.set(b, (this.buckets.get(b) ?? 0) + times);
    this.count += times;
    this.sum += v * times;
    if (v > this.max) this.max = v;
    if (v < this.min) this.min = v;
  }

  merge(other: Histogram): void {
    for (const [b, n] of other.buckets) this.buckets.set(b, (this.buckets.get(b) ?? 0) + n);
    this.count += other.count;
    this.sum += other.sum;
    this.max = Math.max(this.max, other.max);
    this.min = Math.min(this.min, other.min);
  }

  /** The value at quantile q (0–1): the upper edge of its bucket, clamped to the observed range. Undefined when empty. */
  quantile(q: number): number | undefined {
    if (this.count === 0) return undefined;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (const b of [...this.buckets.keys()].sort((x, y) => x - y)) {
      seen += this.buckets.get(b)!;
      if (seen >= rank) return Math.min(this.max, Math.max(this.min, b < 0 ? 1 : GROWTH ** (b + 1)));
    }
    return this.max;
  }

  /** How many recorded values exceed `limit` (to bucket precision). */
  countAbove(limit: number): number {
    let n = 0;
    for (const [b, c] of this.buckets) if ((b < 0 ? 0 : GROWTH ** b) > limit) n += c;
    return n;
  }

  summary(): LatencySummary {
    const round = (v: number | undefined) => (v === undefined ? null : Math.round(v));
    return { count: this.count, mean: this.count ? Math.round(this.sum / this.count) : null, p50: round(this.quantile(0.5)), p90: round(this.quantile(0.9)), p99: round(this.quantile(0.99)), max: this.count ? Math.round(this.max) : null };
  }
}

/** Milliseconds; null when nothing was measured. */
export interface LatencySummary {
  count: number;
  mean: number | null;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
}
