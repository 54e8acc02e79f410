import { describe, expect, it } from 'vitest';
import { EARTH_RADIUS_M, haversineM } from '../common/geo.js';
import { makeRoute, matchToRoute } from './geo.js';

const mPerDegLat = (EARTH_RADIUS_M * Math.PI) / 180;

describe('geo', () => {
  it('haversine: one degree of latitude, and a known city pair', () => {
    expect(haversineM({ lat: 0, lon: 0 }, { lat: 1, lon: 0 })).toBeCloseTo(mPerDegLat, 3);
    // Curitiba → São Paulo (city centres), about 339 km great-circle.
    const d = haversineM({ lat: -25.4284, lon: -49.2733 }, { lat: -23.5505, lon: -46.6333 });
    expect(d / 1000).toBeGreaterThan(335);
    expect(d / 1000).toBeLessThan(342);
  });

  it('distance to a route and along it, off the middle of a segment and past its end', () => {
    const route = makeRoute([
      { lat: -25.4, lon: -49.3 },
      { lat: -25.4, lon: -49.29 },
      { lat: -25.39, lon: -49.29 },
    ]);
    const firstLegM = haversineM(route.points[0], route.points[1]);
    expect(route.lengthM).toBeCloseTo(firstLegM + haversineM(route.points[1], route.points[2]), 6);
    const beside = matchToRoute(route, { lat: -25.4 + 100 / mPerDegLat, lon: -49.295 });
    expect(beside.distanceM).toBeCloseTo(100, 0);
    expect(beside.alongM).toBeCloseTo(firstLegM / 2, -1);
    const beyond = matchToRoute(route, { lat: -25.38, lon: -49.29 });
    expect(beyond.alongM).toBeCloseTo(route.lengthM, 3);
    expect(beyond.distanceM).toBeCloseTo(0.01 * mPerDegLat, -1);
  });

  it('follows progress on an out-and-back route instead of jumping to the first pass', () => {
    const route = makeRoute([
      { lat: -25.4, lon: -49.3 },
      { lat: -25.4, lon: -49.28 },
      { lat: -25.4, lon: -49.3 },
    ]);
    const p = { lat: -25.4, lon: -49.29 };
    expect(matchToRoute(route, p, 0).alongM).toBeCloseTo(route.lengthM / 4, -1);
    expect(matchToRoute(route, p, route.lengthM * 0.6).alongM).toBeCloseTo((route.lengthM * 3) / 4, -1);
  });
});
