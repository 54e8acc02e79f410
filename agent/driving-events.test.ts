import { describe, expect, it } from 'vitest';
import { gToMps2, kmhToMps, mphToMps } from '../common/units.js';
import type { DrivingEvent } from '../protocol/driving-event.js';
import { speedZonesOf, zoneLimitAt, type SpeedZone } from '../protocol/speed-zones.js';
import { NDSBR_CSV, OTR_PINGS_CSV } from '../trips/trip-csv.js';
import { readTripFile } from '../trips/trip-files.js';
import type { TripPoint } from '../trips/trip-point.js';
import { DRIVING_EVENT_DEFAULTS, DrivingEventDetector, speedLimitOf, type DrivingEventOptions } from './driving-events.js';
import { scriptedFixes, type Script } from './manoeuvres.js';
import { PlausibilityFilter } from './plausibility.js';
import type { TimedFix } from './sampler.js';

const T0 = Date.parse('2026-11-30T08:00:00Z');

const scripted = (script: Script, durationS: number, rateHz: number): TimedFix[] => scriptedFixes(script, durationS, rateHz, { timeMs: T0, lat: -25.45, lon: -49.23 });

function detect(fixes: TimedFix[], options: Partial<DrivingEventOptions> = {}, zones: SpeedZone[] = []): { events: DrivingEvent[]; detector: DrivingEventDetector } {
  const detector = new DrivingEventDetector(options, zones);
  const events = fixes.flatMap((f) => detector.offer(f));
  return { events: [...events, ...detector.flush()], detector };
}

const kinds = (events: DrivingEvent[]): string[] => events.map((e) => e.kind);

/** Cruise at 80 km/h, brake at 0.45 g to a standstill, stand. */
const emergencyStop: Script = (tS) => {
  const v0 = kmhToMps(80);
  const a = gToMps2(0.45);
  return { speed: tS < 30 ? v0 : Math.max(0, v0 - a * (tS - 30)), track: 90 };
};

/**
 * A lane change at 80 km/h heading east: 3.5 m to the left in 2.5 s on the smooth path
 * y = A(τ − sin 2πτ / 2π), whose lateral acceleration peaks at 2πA/T² = 3.52 m/s² (0.36 g).
 */
const LANE = { A: 3.5, T: 2.5, startS: 20, v: kmhToMps(80) };
const laneChange: Script = (tS) => {
  const tau = (tS - LANE.startS) / LANE.T;
  const lateralSpeed = tau <= 0 || tau >= 1 ? 0 : (LANE.A / LANE.T) * (1 - Math.cos(2 * Math.PI * tau));
  return { speed: LANE.v, track: 90 - (Math.asin(lateralSpeed / LANE.v) * 180) / Math.PI };
};
const LANE_PEAK = (2 * Math.PI * LANE.A) / LANE.T ** 2;

/** Drive at 50 km/h, stop gently (0.1 g), stand for 10 min with a parked receiver's speed noise, drive off gently (0.08 g). */
const IDLE = { stopAtS: 60, standS: 600, v: kmhToMps(50) };
const idle: Script = (tS) => {
  const stopDone = IDLE.stopAtS + IDLE.v / gToMps2(0.1);
  const goAt = stopDone + IDLE.standS;
  let speed: number;
  if (tS < IDLE.stopAtS) speed = IDLE.v;
  else if (tS < stopDone) speed = IDLE.v - gToMps2(0.1) * (tS - IDLE.stopAtS);
  else if (tS < goAt) speed = 0.3 * Math.abs(Math.sin(tS * 7.3)); // noise under 1 m/s
  else speed = Math.min(IDLE.v, gToMps2(0.08) * (tS - goAt));
  return { speed, track: 10 };
};

const within10 = (value: number, known: number): void => {
  expect(Math.abs(value - known) / known, `${value} vs ${known}`).toBeLessThanOrEqual(0.1);
};

describe('DrivingEventDetector on scripted manoeuvres with known answers', () => {
  it.each([1, 10])('finds a 0.45 g stop from 80 km/h once, as harsh braking, peak within 10 % (%i Hz)', (rateHz) => {
    const fixes = scripted(emergencyStop, 60, rateHz);
    const { events } = detect(fixes);
    expect(kinds(events)).toEqual(['harsh-braking']);
    const [e] = events as [DrivingEvent];
    within10(e.peak, gToMps2(0.45));
    expect(e.threshold).toBe(DRIVING_EVENT_DEFAULTS.harshBraking);
    // The braking lasts 5.0 s from 30 s.
    expect(e.startMs).toBeGreaterThanOrEqual(T0 + 30_000);
    expect(e.startMs).toBeLessThanOrEqual(T0 + 31_000);
    expect(e.endMs).toBeGreaterThanOrEqual(T0 + 34_000);
    expect(e.endMs).toBeLessThanOrEqual(T0 + 36_000);
    expect(e.peakTimeMs).toBeGreaterThanOrEqual(e.startMs);
    expect(e.peakTimeMs).toBeLessThanOrEqual(e.endMs);
    const atPeak = fixes.find((f) => f.timeMs === e.peakTimeMs)!;
    expect([e.lat, e.lon]).toEqual([atPeak.lat, atPeak.lon]);
    // A 1 Hz trail from 10 s before the peak to 10 s after it, the peak in it.
    expect(e.trail.length).toBe(21);
    expect(e.trail[0]!.timeMs).toBe(e.peakTimeMs - 10_000);
    expect(e.trail.at(-1)!.timeMs).toBe(e.peakTimeMs + 10_000);
    expect(e.trail.slice(1).every((p, i) => p.timeMs - e.trail[i]!.timeMs === 1000)).toBe(true);
    expect(e.trail.some((p) => p.timeMs === e.peakTimeMs && p.lat === e.lat)).toBe(true);
  });

  it('finds a fast lane change at 80 km/h once, as harsh cornering (one event for the swerve and its return), peak within 10 % (10 Hz)', () => {
    const { events } = detect(scripted(laneChange, 40, 10));
    expect(kinds(events)).toEqual(['harsh-cornering']);
    within10(events[0]!.peak, LANE_PEAK);
    expect(LANE_PEAK).toBeGreaterThan(DRIVING_EVENT_DEFAULTS.harshCornering);
    // The same lane change taken calmly (6 s: 0.06 g) is no event.
    const calm: Script = (tS) => laneChange(LANE.startS + (tS - LANE.startS) * (LANE.T / 6));
    expect(detect(scripted(calm, 40, 10)).events).toEqual([]);
  });

  it('finds a 10-minute idle once, its peak (the time standing) within 10 % of 600 s; the gentle stop and start are no events', () => {
    const { events } = detect(scripted(idle, 60 + 15 + 600 + 60, 1));
    expect(kinds(events)).toEqual(['idling']);
    within10(events[0]!.peak, IDLE.standS);
    expect(events[0]!.threshold).toBe(300);
    // Not yet excessive at 4 minutes.
    const short: Script = (tS) => idle(tS < 60 + 15 + 240 ? tS : tS + 360);
    expect(detect(scripted(short, 60 + 15 + 240 + 60, 1)).events).toEqual([]);
  });

  it('finds speeding over the fleet-wide limit or the vehicle class limit, only when it lasts 10 s', () => {
    const at = (kmh: number, fromS: number, forS: number): Script => (tS) => ({ speed: kmhToMps(tS >= fromS && tS < fromS + forS ? kmh : 80), track: 0 });
    const fast = detect(scripted(at(97, 20, 30), 70, 1)).events;
    expect(kinds(fast)).toEqual(['speeding']);
    within10(fast[0]!.peak, kmhToMps(97));
    expect(fast[0]!.threshold).toBeCloseTo(kmhToMps(90), 9);
    expect(fast[0]!.endMs - fast[0]!.startMs).toBe(29_000);
    expect(detect(scripted(at(97, 20, 8), 70, 1)).events).toEqual([]);
    // A bus may do 97 km/h (its limiter is at 100); a fleet that sets 80 km/h for all sees 85 as speeding.
    expect(detect(scripted(at(97, 20, 30), 70, 1), { vehicleClass: 'bus' }).events).toEqual([]);
    expect(kinds(detect(scripted(at(85, 20, 30), 70, 1), { speedLimit: kmhToMps(80) }).events)).toEqual(['speeding']);
    expect(speedLimitOf({ ...DRIVING_EVENT_DEFAULTS, vehicleClass: 'van', speedLimit: 30 })).toBe(30);
  });

  it('judges speeding inside a speed zone against its lower limit: one event from entry to exit, its threshold the zone\'s', () => {
    // East at 60 km/h for 3 km; a 40 km/h zone over the second kilometre (1 km is ~0.00995° of longitude here), a 30 km/h one inside it.
    const fixes = scripted(() => ({ speed: kmhToMps(60), track: 90 }), 180, 1);
    const kmLon = 1000 / ((Math.PI / 180) * 6_371_008.8 * Math.cos((-25.45 * Math.PI) / 180));
    const band = (west: number, east: number): number[][][] => [[[west, -25.451], [east, -25.451], [east, -25.449], [west, -25.449], [west, -25.451]]];
    const zone = (name: string, kmh: number, rings: number[][][]): object => ({ type: 'Feature', properties: { name, speedLimitKmh: kmh }, geometry: { type: 'Polygon', coordinates: rings } });
    const town = zone('town', 40, band(-49.23 + kmLon, -49.23 + 2 * kmLon));
    const zones = (...features: object[]): SpeedZone[] => speedZonesOf({ type: 'FeatureCollection', features }).zones;

    expect(detect(fixes).events, 'under the fleet-wide 90 km/h').toEqual([]);
    const inTown = detect(fixes, {}, zones(town)).events;
    expect(kinds(inTown)).toEqual(['speeding']);
    expect(inTown[0]!.threshold).toBeCloseTo(kmhToMps(40), 9);
    expect(inTown[0]!.peak).toBeCloseTo(kmhToMps(60), 9);
    // Entry after 1 km (60 s at 16.7 m/s), exit after 2 km (120 s): within a fix either side.
    expect(Math.abs(inTown[0]!.startMs - (T0 + 60_000))).toBeLessThanOrEqual(1_000);
    expect(Math.abs(inTown[0]!.endMs - (T0 + 120_000))).toBeLessThanOrEqual(1_000);

    const school = zone('school', 30, band(-49.23 + 1.4 * kmLon, -49.23 + 1.6 * kmLon));
    const nested = detect(fixes, {}, zones(town, school)).events;
    expect(kinds(nested), 'one event: the limit changes, the speeding goes on').toEqual(['speeding']);
    expect(nested[0]!.threshold, 'the threshold where the excess was worst').toBeCloseTo(kmhToMps(30), 9);
    // A fleet without a fleet-wide limit still judges its zones.
    expect(kinds(detect(fixes, { speedLimit: 0 }, zones(town)).events)).toEqual(['speeding']);
    // A zone limit above the vehicle's does not raise it.
    expect(detect(fixes, { speedLimit: kmhToMps(50) }, zones(zone('motorway', 120, band(-49.24, -49.2)))).events.map((e) => e.threshold)).toEqual([kmhToMps(50)]);
  });

  it('switches a kind off with a threshold of 0', () => {
    expect(detect(scripted(emergencyStop, 60, 1), { harshBraking: 0 }).events).toEqual([]);
    expect(detect(scripted(idle, 735, 1), { idleMinDurationMs: 0 }).events).toEqual([]);
  });
});

const drive = readTripFile(NDSBR_CSV).trips;

function fixOf(p: TripPoint): TimedFix {
  const fix: TimedFix = { class: 'TPV', mode: 3, time: new Date(p.timeMs).toISOString(), timeMs: p.timeMs, lat: p.lat, lon: p.lon };
  if (p.speed !== undefined) fix.speed = p.speed;
  if (p.track !== undefined) fix.track = p.track % 360;
  return fix;
}

/** The plausibility stage, then the detector: the agent's order. */
function detectAfterPlausibility(fixes: TimedFix[], options: Partial<DrivingEventOptions> = {}, zones: SpeedZone[] = []): DrivingEvent[] {
  const filter = new PlausibilityFilter();
  const detector = new DrivingEventDetector(options, zones);
  const events: DrivingEvent[] = [];
  for (const f of fixes) {
    const verdict = filter.judge(f);
    if ('fix' in verdict) events.push(...detector.offer(verdict.fix));
  }
  return [...events, ...detector.flush()];
}

describe('DrivingEventDetector and GPS glitches', () => {
  /** A real 1 Hz car trip (NDS-BR A-trip05) where it drives with no event for 110 s. */
  const steady = drive.get('A-trip05')!.points.slice(280, 390).map(fixOf);

  it('finds nothing on the clean stretch the glitches are put in', () => {
    expect(detectAfterPlausibility(steady)).toEqual([]);
  });

  it('finds nothing on a glitch plateau: frozen for 3 s, then 470 m away for one fix', () => {
    const fixes = steady.map((f) => ({ ...f }));
    const k = 60;
    for (let i = k; i < k + 3; i++) Object.assign(fixes[i]!, { lat: fixes[k - 1]!.lat, lon: fixes[k - 1]!.lon });
    fixes[k + 3]!.lat = fixes[k - 1]!.lat + 470 / 111_195;
    expect(detectAfterPlausibility(fixes)).toEqual([]);
  });

  it('finds nothing when a receiver that lost its solution repeats its position with speed 0 for 3 s (the plausibility stage lets that through)', () => {
    const fixes = steady.map((f) => ({ ...f }));
    const k = 60;
    for (let i = k; i < k + 3; i++) Object.assign(fixes[i]!, { lat: fixes[k - 1]!.lat, lon: fixes[k - 1]!.lon, speed: 0 });
    expect(fixes[k - 1]!.speed).toBeGreaterThan(9);
    expect(detectAfterPlausibility(fixes)).toEqual([]);
    // Without the detector's guards (a minimum duration, the 1 g bound), that plateau would be a harsh brake and a harsh start.
    expect(new Set(kinds(detectAfterPlausibility(fixes, { harshMinDurationMs: 0, maxAcceleration: 0 })))).toEqual(new Set(['harsh-acceleration', 'harsh-braking']));
  });

  it('finds nothing on a single fix whose speed spikes by 15 m/s (1 Hz and 10 Hz)', () => {
    for (const rateHz of [1, 10]) {
      const fixes = scripted(() => ({ speed: kmhToMps(60), track: 45 }), 40, rateHz);
      fixes[20 * rateHz]!.speed! += 15;
      expect(detect(fixes).events, `${rateHz} Hz`).toEqual([]);
    }
  });
});

describe('DrivingEventDetector on the real trips of ../shared/data/trips', () => {
  /** Every event is over its threshold, its peak within it. */
  function expectWellFormedPeaks(events: DrivingEvent[]): void {
    for (const e of events) {
      expect(e.peak, e.kind).toBeGreaterThanOrEqual(e.threshold);
      expect(e.startMs).toBeLessThanOrEqual(e.peakTimeMs);
      expect(e.peakTimeMs).toBeLessThanOrEqual(e.endMs);
    }
  }

  /** …and has a 1 Hz trail around the peak. */
  function expectWellFormed(events: DrivingEvent[]): void {
    expectWellFormedPeaks(events);
    for (const e of events) {
      expect(e.trail.length).toBeGreaterThan(0);
      expect(e.trail.length).toBeLessThanOrEqual(21);
      for (let i = 1; i < e.trail.length; i++) expect(e.trail[i]!.timeMs - e.trail[i - 1]!.timeMs).toBeGreaterThanOrEqual(1000);
      expect(e.trail.every((p) => Math.abs(p.timeMs - e.peakTimeMs) <= 10_000)).toBe(true);
    }
  }

  it('runs 5 h of 1 Hz city driving (the 9 NDS-BR car trips) through plausibility and detection', () => {
    const counts: Record<string, number> = {};
    for (const { points } of drive.values()) {
      const events = detectAfterPlausibility(points.map(fixOf));
      expectWellFormed(events);
      for (const e of events) counts[e.kind] = (counts[e.kind] ?? 0) + 1;
    }
    // Cars in city traffic: truck thresholds find harsh events (cars brake and turn harder than a loaded truck may),
    // and no speeding at 90 km/h in Curitiba's streets. The counts are in agent/README.md.
    expect(counts['harsh-braking']).toBeGreaterThan(0);
    expect(counts['harsh-cornering']).toBeGreaterThan(0);
    expect(counts.speeding).toBeUndefined();
    console.info('NDS-BR 1 Hz car trips, driving events by kind:', JSON.stringify(counts));
  });

  it('judges the NDS-BR car trips against a 40 km/h zone over central Curitiba: speeding only inside it, at its limit', () => {
    // Roughly the city centre (Centro, Batel, Rebouças), drawn by hand as a planner would.
    const centre = { type: 'Feature', properties: { name: 'Curitiba centre', speedLimitKmh: 40 }, geometry: { type: 'Polygon', coordinates: [[[-49.29, -25.45], [-49.25, -25.45], [-49.25, -25.42], [-49.29, -25.42], [-49.29, -25.45]]] } };
    const { zones } = speedZonesOf({ type: 'FeatureCollection', features: [centre] });
    const speeding: DrivingEvent[] = [];
    for (const { points } of drive.values()) {
      const events = detectAfterPlausibility(points.map(fixOf), {}, zones);
      expectWellFormed(events);
      speeding.push(...events.filter((e) => e.kind === 'speeding'));
    }
    expect(speeding.length).toBeGreaterThan(0);
    for (const e of speeding) {
      expect(zoneLimitAt(zones, e.lat, e.lon), `speeding peak at ${e.lat},${e.lon} outside the zone`).toBeDefined();
      expect(e.threshold).toBeCloseTo(kmhToMps(40), 9);
    }
    console.info(`NDS-BR car trips through a 40 km/h zone over central Curitiba: ${speeding.length} speeding events`);
  });

  it('runs the sparse long-haul truck pings (~10 s apart, gap allowance widened to 60 s): speeding shows, harsh events cannot', () => {
    const pings = readTripFile(OTR_PINGS_CSV).trips;
    const countsAt = (speedLimit: number): Record<string, number> => {
      const counts: Record<string, number> = {};
      for (const { points } of pings.values()) {
        const events = detectAfterPlausibility(points.map(fixOf), { maxGapMs: 60_000, trailSpanMs: 60_000, speedLimit });
        expectWellFormedPeaks(events);
        for (const e of events) counts[e.kind] = (counts[e.kind] ?? 0) + 1;
      }
      return counts;
    };
    // US trucks cruise at 65–75 mph: over the EU's 90 km/h most of the time they drive, far less over 70 mph.
    const eu = countsAt(DRIVING_EVENT_DEFAULTS.speedLimit);
    const us = countsAt(mphToMps(70));
    expect(eu.speeding).toBeGreaterThan(us.speeding ?? 0);
    for (const counts of [eu, us]) expect(Object.keys(counts).filter((k) => k.startsWith('harsh'))).toEqual([]);
    console.info('NDS OTR truck pings, driving events by kind, limit 90 km/h:', JSON.stringify(eu), 'limit 70 mph:', JSON.stringify(us));
  });
});
