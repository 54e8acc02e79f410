import { describe, expect, it } from 'vitest';
import type { Satellite } from '../fix.js';
import { dopsFromGeometry } from './dop.js';

const used = (az: number, el: number): Satellite => ({ PRN: 1, az, el, used: true });

describe('dopsFromGeometry', () => {
  it("computes gpsd's DOPs from the used satellites' directions (bt451.log.chk, 15:25:05)", () => {
    // PRN 26, 32, 11, 14 used; two satellites without a direction and an unused one are left out.
    const sky = [used(52, 34), used(237, 45), used(277, 57), used(83, 51), { PRN: 19, ss: 36, used: false }, { PRN: 6, used: true }, { PRN: 3, az: 10, el: 10, used: false }];
    const dops = dopsFromGeometry(sky)!;
    expect(dops.xdop).toBeCloseTo(1.26, 2);
    expect(dops.ydop).toBeCloseTo(2.39, 2);
    expect(dops.tdop).toBeCloseTo(4.17, 2);
    expect(dops.gdop).toBeCloseTo(7.54, 2);
  });

  it('needs four used satellites in a geometry that is not degenerate', () => {
    expect(dopsFromGeometry([used(0, 30), used(120, 30), used(240, 30)])).toBeUndefined();
    expect(dopsFromGeometry([used(10, 45), used(10, 45), used(10, 45), used(10, 45)])).toBeUndefined();
  });
});
