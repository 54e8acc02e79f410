import { describe, expect, it } from 'vitest';
import { FieldChecker } from '../fix-bounds.js';
import type { Fix, FixReport } from '../fix.js';
import { ErrorModel } from './error-model.js';

const at = (second: number, extra: Partial<Fix> = {}): FixReport => ({
  fix: { class: 'TPV', mode: 3, time: `2024-03-23T12:00:${String(second).padStart(2, '0')}.000Z`, lat: 48, lon: 11, altMSL: 500, ...extra },
  sky: { class: 'SKY', hdop: 2, vdop: 3, xdop: 1, ydop: 1.5 },
});

describe("ErrorModel (gpsd's gpsd_error_model)", () => {
  it('estimates eph = HDOP × 19 m, epv = VDOP × 23 m, ept = 5 ms; smaller UEREs with DGPS', () => {
    const model = new ErrorModel(new FieldChecker());
    expect(model.apply(at(0)).fix).toMatchObject({ eph: 38, epv: 69, ept: 0.005 });
    expect(model.apply(at(1, { quality: 2 })).fix).toMatchObject({ eph: 9.5, epv: 17.25 });
    const twoD = model.apply(at(2, { mode: 2, altMSL: undefined })).fix;
    expect(twoD.eph).toBe(38);
    expect(twoD.epv).toBeUndefined();
  });

  it('derives speed and climb from the previous fix when the receiver sent none, and eps from both fixes', () => {
    const model = new ErrorModel(new FieldChecker());
    model.apply(at(0));
    // 0.0001° of latitude is 11.1 m; 2 s later and 3 m higher.
    const fix = model.apply(at(2, { lat: 48.0001, altMSL: 503 })).fix;
    expect(fix.speed).toBeCloseTo(5.56, 2);
    expect(fix.climb).toBeCloseTo(1.5, 9);
    // (max(epx, epy) before + now) / Δt = (1.5 × 15 + 1.5 × 15) / 2.
    expect(fix.eps).toBeCloseTo(22.5, 9);
    // A receiver's own speed is kept.
    expect(model.apply(at(3, { lat: 48.0002, speed: 0.5 })).fix.speed).toBe(0.5);
  });

  it('derives nothing across a gap longer than maxDerivationGapS, and an epoch reported again keeps its predecessor', () => {
    const model = new ErrorModel(new FieldChecker());
    model.apply(at(0));
    expect(model.apply(at(30, { lat: 48.01 })).fix.speed).toBeUndefined();
    model.apply(at(31, { lat: 48.0101 }));
    const again = model.apply(at(31, { lat: 48.0101 })).fix;
    expect(again.speed).toBeCloseTo(11.1, 1);
  });

  it('drops a derived speed that is not physical (a position jump) and counts it', () => {
    const checker = new FieldChecker();
    const model = new ErrorModel(checker);
    model.apply(at(0));
    expect(model.apply(at(1, { lat: 49 })).fix.speed).toBeUndefined();
    expect(checker.counts.speed).toBe(1);
  });
});
