import { describe, expect, it } from 'vitest';
import { bearingDeg, distanceM, greatCirclePoint } from '../common/geo.js';
import { NDSBR_CSV } from '../trips/trip-csv.js';
import { readTripFile } from '../trips/trip-files.js';
import { makeTrip, splitAtGaps, TRIP_DEFAULTS, TripCursor } from './trip.js';

describe('great-circle helpers', () => {
  it('measures a degree of latitude as ~111.2 km and bears north/east correctly', () => {
    expect(distanceM(0, 0, 1, 0)).toBeCloseTo(111_195, -1);
    expect(bearingDeg(0, 0, 1, 0)).toBeCloseTo(0, 6);
    expect(bearingDeg(0, 0, 0, 1)).toBeCloseTo(90, 6);
    expect(bearingDeg(0, 0, -1, 0)).toBeCloseTo(180, 6);
  });

  it('puts the midpoint of a long arc on the great circle, not the straight lat/lon line', () => {
    // New York → Madrid: the great circle bulges north of the linear midpoint.
    const mid = greatCirclePoint(40.7, -74.0, 40.4, -3.7, 0.5);
    expect(mid.lat).toBeGreaterThan(45); // the linear midpoint would be 40.55°
    expect(distanceM(40.7, -74.0, mid.lat, mid.lon)).toBeCloseTo(distanceM(mid.lat, mid.lon, 40.4, -3.7), -2);
  });
});

describe('makeTrip', () => {
  it('sorts, drops invalid and repeated instants, and flags sparse trips as interpolated', () => {
    const trip = makeTrip('t', [
      { timeMs: 20_000, lat: 0.001, lon: 0.001 },
      { timeMs: 0, lat: 0, lon: 0.001 },
      { timeMs: 0, lat: 0.0005, lon: 0.0005 },
      { timeMs: 10_000, lat: Number.NaN, lon: 0.001 },
      { timeMs: 10_000, lat: 0.0005, lon: 0.0005 },
    ])!;
    expect(trip.points.map((p) => p.timeMs)).toEqual([0, 10_000, 20_000]);
    expect(trip.medianIntervalMs).toBe(10_000);
    expect(trip.interpolated).toBe(true);
    expect(makeTrip('d', [{ timeMs: 0, lat: 1, lon: 1 }, { timeMs: 1000, lat: 1, lon: 1.0001 }])!.interpolated).toBe(false);
    expect(makeTrip('one', [{ timeMs: 0, lat: 1, lon: 1 }])).toBeUndefined();
    // A 1 km jump in 1 s is a receiver glitch.
    const glitch = makeTrip('g', [{ timeMs: 0, lat: 1, lon: 1 }, { timeMs: 1000, lat: 1.01, lon: 1 }, { timeMs: 2000, lat: 1, lon: 1.0001 }])!;
    expect(glitch.points.map((p) => p.timeMs)).toEqual([0, 2000]);
  });

  it('splits recordings at long gaps', () => {
    const parts = splitAtGaps([0, 60_000, 60_000 + 31 * 60_000, 60_000 + 32 * 60_000].map((timeMs) => ({ timeMs, lat: 1, lon: 1 })));
    expect(parts.map((p) => p.length)).toEqual([2, 2]);
  });
});

describe('TripCursor', () => {
  // Two pings 100 s apart, 0.01° of latitude (~1,112 m) due north: a sparse truck trip.
  const sparse = makeTrip('sparse', [
    { timeMs: 1_000_000, lat: 10, lon: 20, speed: 0 },
    { timeMs: 1_100_000, lat: 10.01, lon: 20, speed: 0 },
    { timeMs: 1_200_000, lat: 10.01, lon: 20.01 },
  ])!;

  it('interpolates sparse pings at 1 Hz along the path with derived speed and track', () => {
    const c = new TripCursor(sparse);
    const samples = Array.from({ length: 101 }, (_, s) => c.at(s * 1000));
    expect(samples[0]!.lat).toBeCloseTo(10, 9);
    expect(samples[50]!.lat).toBeCloseTo(10.005, 6);
    expect(samples[100]!.lat).toBeCloseTo(10.01, 9);
    // Derived from the path (the ping's recorded speed of 0 is ignored): ~11.1 m/s due north.
    expect(samples[50]!.speed).toBeCloseTo(distanceM(10, 20, 10.01, 20) / 100, 6);
    expect(samples[50]!.track).toBeCloseTo(0, 3);
    // Consecutive 1 Hz samples are evenly spaced.
    const steps = samples.slice(1).map((s, i) => distanceM(samples[i]!.lat, samples[i]!.lon, s.lat, s.lon));
    for (const step of steps) expect(step).toBeCloseTo(steps[0]!, 3);
    // Second leg turns east.
    expect(c.at(150_000).track).toBeGreaterThan(89);
  });

  it('drives the trip back after its end, then forward again: the same places, the course turned round', () => {
    const c = new TripCursor(sparse);
    expect(c.at(190_000).lon).toBeGreaterThan(20.009);
    const back = c.at(sparse.durationMs + 50_000);
    expect(back).toMatchObject({ lat: c.at(150_000).lat, lon: c.at(150_000).lon });
    expect(back.track).toBeCloseTo((c.at(150_000).track! + 180) % 360, 6);
    expect(c.at(2 * sparse.durationMs + 50_000).lat).toBeCloseTo(10.005, 6);
  });

  it('never jumps on the real trips: over two round trips of each, no 1 Hz step is longer than the fastest the trips allow', () => {
    const { trips } = readTripFile(NDSBR_CSV);
    for (const [id, { points }] of trips) {
      const trip = makeTrip(id, points)!;
      const c = new TripCursor(trip);
      let prev = c.at(0);
      let longest = 0;
      for (let t = 1000; t <= 4 * trip.durationMs + 5000; t += 1000) {
        const s = c.at(t);
        longest = Math.max(longest, distanceM(prev.lat, prev.lon, s.lat, s.lon));
        prev = s;
      }
      // A wrap from the end to the start moved the car 1.3–17.5 km in one second.
      expect(longest, id).toBeLessThanOrEqual(TRIP_DEFAULTS.maxJumpSpeedMps);
    }
  });

  it('keeps the receiver speed and course of dense trips', () => {
    const dense = makeTrip('dense', [
      { timeMs: 0, lat: 0, lon: 0, speed: 10, track: 45 },
      { timeMs: 1000, lat: 0.0001, lon: 0.0001, speed: 12, track: 46 },
      { timeMs: 2000, lat: 0.0002, lon: 0.0002, speed: 12, track: 47 },
    ])!;
    const c = new TripCursor(dense);
    expect(c.at(1000)).toMatchObject({ speed: 12, track: 46 });
    expect(c.at(1500).speed).toBe(12);
  });
});
