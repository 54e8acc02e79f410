import { describe, expect, it } from 'vitest';
import { DrivingEventDetector } from '../agent/driving-events.js';
import { NDSBR_CSV } from '../trips/trip-csv.js';
import type { DrivingEventKind } from '../protocol/driving-event.js';
import { DRIVING_PROFILES, DriveClock, drivingProfileOf, parseDrivingChoice, type DrivingProfileName } from './driving-profiles.js';
import { loadTrips } from './trip-files.js';
import { TripCursor, type Trip } from './trip.js';

/** Driving events of a driver with `profile` on `trip` for `durationS`, fixes at 1 Hz as the simulator's trucks give them. */
function eventsOf(trip: Trip, profile: DrivingProfileName, durationS: number): Record<DrivingEventKind, number> {
  const cursor = new TripCursor(trip);
  const drive = new DriveClock(DRIVING_PROFILES[profile], 0, 0);
  const detector = new DrivingEventDetector();
  const t0 = Date.parse('2026-11-30T08:00:00Z');
  for (let tMs = 0; tMs <= durationS * 1000; tMs += 1000) {
    const s = cursor.at(drive.tripOffsetAt(tMs));
    drive.noteSpeed(tMs, s.speed);
    const speed = drive.idling(tMs) ? 0 : s.speed * DRIVING_PROFILES[profile].pace;
    const timeMs = t0 + tMs;
    detector.offer({ class: 'TPV', mode: 3, time: new Date(timeMs).toISOString(), timeMs, lat: s.lat, lon: s.lon, speed, ...(s.track !== undefined && { track: s.track }) });
  }
  detector.flush();
  return detector.status();
}

describe('driving profiles', () => {
  it('a paced driver is that much farther along the trip; an idler stands still at its first stop after idleEveryS', () => {
    const hurried = new DriveClock(DRIVING_PROFILES.hurried, 5_000, 0);
    expect(hurried.tripOffsetAt(10_000)).toBe(5_000 + 12_500);
    expect(hurried.tripOffsetAt(11_000)).toBe(5_000 + 13_750);

    const idler = new DriveClock(DRIVING_PROFILES.idler, 0, 0);
    const every = DRIVING_PROFILES.idler.idleEveryS * 1000;
    // A stop before idleEveryS is no idle; the first one after it is.
    idler.tripOffsetAt(60_000);
    idler.noteSpeed(60_000, 0);
    expect(idler.idling(61_000)).toBe(false);
    expect(idler.tripOffsetAt(every + 1000)).toBe(every + 1000);
    idler.noteSpeed(every + 1000, 0.2);
    expect(idler.idling(every + 2000)).toBe(true);
    // Standing: the trip does not move on until the idle is over, then goes on at its pace.
    expect(idler.tripOffsetAt(every + 300_000)).toBe(every + 1000);
    const over = every + 1000 + DRIVING_PROFILES.idler.idleS * 1000;
    expect(idler.idling(over)).toBe(false);
    expect(idler.tripOffsetAt(over + 5000)).toBe(every + 1000 + 5000);
  });

  it('draws a mixed fleet from the truck number and the seed only, with every profile present', () => {
    const fleet = Array.from({ length: 200 }, (_, n) => drivingProfileOf('mixed', 3, n));
    expect(fleet).toEqual(Array.from({ length: 200 }, (_, n) => drivingProfileOf('mixed', 3, n)));
    for (const name of Object.keys(DRIVING_PROFILES)) expect(fleet.filter((p) => p === name).length, name).toBeGreaterThan(15);
    expect(drivingProfileOf('calm', 3, 7)).toBe('calm');
    expect(() => parseDrivingChoice('wild')).toThrow(/--driving must be one of recorded, calm, hurried, idler, mixed/);
  });

  it('on the 9 real car trips, 40 minutes each: hurried drivers have more harsh events than those driving as recorded, calm ones fewer; idlers idle', async () => {
    const { trips } = await loadTrips([NDSBR_CSV]);
    expect(trips).toHaveLength(9);
    const harsh = (e: Record<DrivingEventKind, number>): number => e['harsh-acceleration'] + e['harsh-braking'] + e['harsh-cornering'];
    const total = (profile: DrivingProfileName, count: (e: Record<DrivingEventKind, number>) => number): number => trips.reduce((sum, trip) => sum + count(eventsOf(trip, profile, 2400)), 0);
    const h = { calm: total('calm', harsh), recorded: total('recorded', harsh), hurried: total('hurried', harsh) };
    expect(h.hurried).toBeGreaterThan(h.recorded);
    expect(h.recorded).toBeGreaterThan(h.calm);
    // Each car trip has a stop after 10 minutes: an idler stands 7 minutes there, and after the next 10 minutes again.
    for (const trip of trips) expect(eventsOf(trip, 'idler', 2400).idling, trip.id).toBeGreaterThanOrEqual(2);
    expect(total('recorded', (e) => e.idling)).toBeLessThan(2);
  });
});
