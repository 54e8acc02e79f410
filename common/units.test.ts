import { describe, expect, it } from 'vitest';
import { KMH_PER_MPS, kmhToMps, knotsToMps, mphToMps, mpsToKmh, mpsToKnots } from './units.js';

describe('unit conversions', () => {
  it('knots: one nautical mile (1852 m) per hour', () => {
    expect(knotsToMps(3600)).toBeCloseTo(1852, 9);
    expect(knotsToMps(1)).toBeCloseTo(0.514444, 6);
    expect(mpsToKnots(1852 / 3600)).toBeCloseTo(1, 12);
    expect(mpsToKnots(knotsToMps(22.4))).toBeCloseTo(22.4, 12);
  });

  it('km/h and mph: kilometres and international miles (1609.344 m) per hour', () => {
    expect(KMH_PER_MPS).toBe(3.6);
    expect(kmhToMps(36)).toBe(10);
    expect(mpsToKmh(10)).toBe(36);
    expect(mphToMps(3600)).toBeCloseTo(1609.344, 9);
    expect(mphToMps(60)).toBeCloseTo(kmhToMps(96.56064), 12);
  });
});
