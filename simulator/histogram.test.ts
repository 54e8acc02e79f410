import { describe, expect, it } from 'vitest';
import { Histogram } from './histogram.js';

describe('Histogram', () => {
  it('gives percentiles within the 2 % bucket width', () => {
    const h = new Histogram();
    for (let v = 1; v <= 10_000; v++) h.record(v);
    expect(h.quantile(0.5)! / 5000).toBeGreaterThan(0.98);
    expect(h.quantile(0.5)! / 5000).toBeLessThan(1.03);
    expect(h.quantile(0.99)! / 9900).toBeGreaterThan(0.98);
    expect(h.quantile(0.99)! / 9900).toBeLessThan(1.03);
    expect(h.quantile(1)).toBe(10_000);
    expect(h.summary()).toMatchObject({ count: 10_000, mean: 5001, max: 10_000 });
  });

  it('merges, counts values above a limit, and is empty-safe', () => {
    const a = new Histogram();
    const b = new Histogram();
    a.record(10, 90);
    b.record(5000, 10);
    a.merge(b);
    expect(a.count).toBe(100);
    expect(a.quantile(0.5)).toBeLessThan(11);
    expect(a.quantile(0.95)).toBeGreaterThan(4900);
    expect(a.countAbove(1000)).toBe(10);
    expect(new Histogram().summary()).toEqual({ count: 0, mean: null, p50: null, p90: null, p99: null, max: null });
    const zero = new Histogram();
    zero.record(0);
    expect(zero.quantile(0.5)).toBe(0);
  });
});
