import { describe, expect, it } from 'vitest';
import { detourScenario } from './scenarios.js';
import { TRAIL_DEFAULTS, TrailStore } from './trails.js';
import type { StatusPosition } from './vehicle-tracker.js';

const positions = (): StatusPosition[] => detourScenario('v-trail').records.map((r) => ({ time: r.time, lat: r.lat, lon: r.lon, speed: r.speed ?? 0, ...(r.track !== undefined ? { track: r.track } : {}) }));

describe('TrailStore', () => {
  it('keeps the last hour of fix time, one point per 10 s plus turns, ending at the last position', () => {
    const all = positions();
    const store = new TrailStore();
    store.add('v', all.slice(0, 1000));
    store.add('v', all.slice(1000));
    const { points } = store.trail('v');
    const last = all.at(-1)!;
    expect(points.at(-1)).toEqual([Date.parse(last.time), last.lat, last.lon, last.speed]);
    expect(points[0][0]).toBeGreaterThanOrEqual(Date.parse(last.time) - TRAIL_DEFAULTS.windowMs);
    // Thinned: fewer than one point per 5 s, but at least one per 10 s.
    const spanS = (points.at(-1)![0] - points[0][0]) / 1000;
    expect(points.length).toBeLessThan(spanS / 5);
    expect(points.length).toBeGreaterThanOrEqual(spanS / 10);
    for (let i = 1; i < points.length; i++) expect(points[i][0]).toBeGreaterThan(points[i - 1][0]);
  });

  it('drops what is older than the window and ignores positions it already has', () => {
    const all = positions();
    const store = new TrailStore({ ...TRAIL_DEFAULTS, windowMs: 5 * 60_000 });
    store.add('v', all.slice(0, 1200));
    const before = store.trail('v').points;
    store.add('v', all.slice(1100, 1200)); // replayed after a rollback
    expect(store.trail('v').points).toEqual(before);
    expect(before.at(-1)![0] - before[0][0]).toBeLessThanOrEqual(5 * 60_000);
    expect(store.trail('unknown').points).toEqual([]);
  });
});
