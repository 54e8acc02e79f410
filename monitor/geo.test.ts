import { describe, expect, it } from 'vitest';
import { EARTH_RADIUS_M, haversineM, METRES_PER_DEGREE_LAT } from '../common/geo.js';
import { makeRoute, matchToRoute, projectM, ROUTE_MATCH_DEFAULTS } from './geo.js';

const mPerDegLat = (EARTH_RADIUS_M * Math.PI) / 180;

describe('geo', () => {
  it('haversine: one degree of latitude, and a known city pair', () => {
    expect(haversineM({ lat: 0, lon: 0 }, { lat: 1, lon: 0 })).toBeCloseTo(mPerDegLat, 3);
    // Curitiba → São Paulo (city centres), about 339 km great-circle.
    const d = haversineM({ lat: -25.4284, lon: -49.2733 }, { lat: -23.5505, lon: -46.6333 });
    expect(d / 1000).toBeGreaterThan(335);
    expect(d / 1000).toBeLessThan(342);
  });

  it('no two points are closer than their latitude difference says (the tracker skips the haversine on it)', () => {
    let state = 11;
    const next = () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    for (let i = 0; i < 20_000; i++) {
      const a = { lat: (next() - 0.5) * 170, lon: (next() - 0.5) * 360 };
      // Near pairs (arrival radii) and far ones, at every latitude.
      const spread = i % 2 === 0 ? 0.002 : 20;
      const b = { lat: Math.max(-89.9, Math.min(89.9, a.lat + (next() - 0.5) * spread)), lon: a.lon + (next() - 0.5) * spread };
      expect(haversineM(a, b)).toBeGreaterThanOrEqual(Math.abs(a.lat - b.lat) * METRES_PER_DEGREE_LAT - 0.001);
    }
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

  it('finds the segment a scan computing every distance finds, exactly', () => {
    // A winding route of 400 segments (some of length zero), points near it and far from it, progress anywhere.
    let state = 5;
    const next = () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const points = [{ lat: -25.4, lon: -49.3 }];
    for (let i = 0; i < 400; i++) {
      const last = points[points.length - 1];
      points.push(i % 37 === 0 ? { ...last } : { lat: last.lat + (next() - 0.4) * 0.002, lon: last.lon + (next() - 0.5) * 0.002 });
    }
    const route = makeRoute(points);
    const fullScan = { ...ROUTE_MATCH_DEFAULTS, nearAcceptM: -1 };
    for (let k = 0; k < 2_000; k++) {
      const near = points[Math.floor(next() * points.length)];
      const spread = [0.00005, 0.001, 0.02][k % 3];
      const p = { lat: near.lat + (next() - 0.5) * spread, lon: near.lon + (next() - 0.5) * spread };
      const progressM = k % 4 === 0 ? 0 : next() * route.lengthM;
      // Every segment with its distance, scored as matchToRoute scores them; the first best wins.
      let best = { distanceM: Infinity, alongM: 0, score: Infinity };
      for (let i = 1; i < points.length; i++) {
        const b = projectM(points[i], points[i - 1]);
        const q = projectM(p, points[i - 1]);
        const len2 = b.x * b.x + b.y * b.y;
        const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, (q.x * b.x + q.y * b.y) / len2));
        const dx = q.x - t * b.x;
        const dy = q.y - t * b.y;
        const distanceM = Math.sqrt(dx * dx + dy * dy);
        const alongM = route.alongM[i - 1] + t * (route.alongM[i] - route.alongM[i - 1]);
        const score = distanceM + (alongM < progressM - fullScan.backtrackToleranceM ? fullScan.backtrackPenaltyM : 0);
        if (score < best.score) best = { distanceM, alongM, score };
      }
      expect(matchToRoute(route, p, progressM, fullScan)).toEqual({ distanceM: best.distanceM, alongM: best.alongM });
    }
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
