import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultActive, faultHitsTruck, inWindows, parseFaultSchedule, readFaultSchedule, truckFaultPlan } from './faults.js';

const example = {
  seed: 7,
  faults: [
    { kind: 'coverage', share: 0.3, atS: 600, durationS: 900 },
    { kind: 'gps-outage', share: 0.1, atS: 300, durationS: 120 },
    { kind: 'restart', share: 0.2, atS: 1200 },
    { kind: 'gateway-down', atS: 1800, durationS: 60 },
    { kind: 'kafka-stop', atS: 2400, durationS: 60 },
  ],
};

describe('fault schedule', () => {
  it('parses the documented example, with defaults', () => {
    const s = parseFaultSchedule(example);
    expect(s.seed).toBe(7);
    expect(s.faults[2]).toEqual({ kind: 'restart', share: 0.2, atS: 1200, durationS: 0 });
    expect(s.faults[3]).toEqual({ kind: 'gateway-down', share: 1, atS: 1800, durationS: 60 });
    expect(parseFaultSchedule({ faults: [] }).seed).toBe(1);
  });

  it.each([
    [{}, /expected an object/],
    [{ faults: [], extra: 1 }, /unknown field "extra"/],
    [{ faults: [{ kind: 'meteor', atS: 1, durationS: 1 }] }, /"kind" must be one of/],
    [{ faults: [{ kind: 'coverage', share: 1.5, atS: 1, durationS: 1 }] }, /"share" must be a number from 0 to 1/],
    [{ faults: [{ kind: 'coverage', atS: -1, durationS: 1 }] }, /"atS"/],
    [{ faults: [{ kind: 'coverage', atS: 1 }] }, /"durationS" must be a number > 0/],
    [{ faults: [{ kind: 'restart', atS: 1, durationS: 5 }] }, /instant/],
    [{ faults: [{ kind: 'gateway-down', share: 0.5, atS: 1, durationS: 5 }] }, /whole fleet/],
    [{ faults: [{ kind: 'coverage', atS: 1, durationS: 1, at: 2 }] }, /unknown field "at"/],
    [{ seed: 1.5, faults: [] }, /"seed" must be an integer/],
  ])('rejects %j', (json, message) => {
    expect(() => parseFaultSchedule(json, 'f.json')).toThrow(message);
  });

  it('reads a file and names it in errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-faults-'));
    writeFileSync(join(dir, 'ok.json'), JSON.stringify(example));
    writeFileSync(join(dir, 'bad.json'), '{"faults": [');
    expect(readFaultSchedule(join(dir, 'ok.json')).faults).toHaveLength(5);
    expect(() => readFaultSchedule(join(dir, 'bad.json'))).toThrow(/bad\.json/);
  });

  it('hits about the given share of trucks, deterministically, and fleet faults hit all', () => {
    const s = parseFaultSchedule(example);
    const hit = Array.from({ length: 2000 }, (_, t) => faultHitsTruck(s, 0, t)).filter(Boolean).length;
    expect(hit).toBeGreaterThan(500);
    expect(hit).toBeLessThan(700);
    expect(faultHitsTruck(s, 0, 17)).toBe(faultHitsTruck(s, 0, 17));
    expect(Array.from({ length: 100 }, (_, t) => faultHitsTruck(s, 3, t)).every(Boolean)).toBe(true);
  });

  it('builds per-truck plans with [start, end) windows', () => {
    const s = parseFaultSchedule({ faults: [{ kind: 'coverage', atS: 10, durationS: 5 }, { kind: 'restart', atS: 3 }, { kind: 'restart', atS: 1 }] });
    const plan = truckFaultPlan(s, 0);
    expect(plan).toEqual({ coverage: [[10, 15]], gpsOutage: [], gpsGlitch: [], restartsAtS: [1, 3] });
    expect(truckFaultPlan(parseFaultSchedule({ faults: [{ kind: 'gps-glitch', atS: 20, durationS: 3 }] }), 0).gpsGlitch).toEqual([[20, 23]]);
    expect([9.9, 10, 14.9, 15].map((t) => inWindows(plan.coverage, t))).toEqual([false, true, true, false]);
    expect(faultActive(s.faults[0]!, 12)).toBe(true);
  });
});
