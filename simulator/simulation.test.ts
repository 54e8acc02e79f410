import { expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../common/paths.js';
import { speedZonesOf } from '../protocol/speed-zones.js';
import { brokersOrThrow, describeWithKafka } from '../test/helpers/kafka.js';
import { parseFaultSchedule } from './faults.js';
import { runSimulation } from './simulation.js';
import { defaultTripPaths } from './trip-files.js';

/**
 * The done criterion: 200 trucks drive a sped-up hour of real trips through the
 * real agent core, the real gateway (in this process, own registry, free port) and the
 * run's real Kafka, with coverage losses, GPS outages, agent restarts and the gateway
 * unreachable for five minutes; reading the topic back finds every position exactly once.
 */
describeWithKafka('fleet simulation against the real gateway and Kafka', () => {
  it(
    '200 trucks, one sped-up hour with faults: 0 missing, 0 duplicates',
    async () => {
      const faults = parseFaultSchedule({
        seed: 3,
        faults: [
          { kind: 'coverage', share: 0.3, atS: 900, durationS: 600 },
          { kind: 'gps-outage', share: 0.1, atS: 600, durationS: 120 },
          // A real receiver glitch on a fifth of the trucks: frozen 3 s, then 470 m off for one fix.
          { kind: 'gps-glitch', share: 0.2, atS: 1500, durationS: 3 },
          { kind: 'restart', share: 0.25, atS: 1200 },
          { kind: 'restart', share: 0.25, atS: 2400 },
          // Five simulated minutes (7.5 s of wall time): long enough that uploads meet it on a loaded machine.
          { kind: 'gateway-down', atS: 2700, durationS: 300 },
        ],
      });
      const report = await runSimulation({
        trucks: 200,
        tripPaths: defaultTripPaths(PACKAGE_ROOT),
        gateway: 'local',
        brokers: brokersOrThrow(),
        vehiclePrefix: `simtest-${process.pid}`,
        // 1 h in 90 s of driving: ~350 uploads/s against the in-process gateway on a 2-core machine.
        speedup: 40,
        durationMs: 3_600_000,
        verify: true,
        faults,
      });
      const f = report.fleet;
      // The faults really happened, through the real code paths.
      expect(f.restarts).toBeGreaterThan(50);
      expect(f.errors['no-coverage']).toBeGreaterThan(0);
      expect(f.errors['gateway-unreachable']).toBeGreaterThan(0);
      expect(report.trucks.filter((t) => t.restarts > 0).every((t) => t.recorded > 0)).toBe(true);
      // The agents rejected the glitches (a standing truck's frozen fixes are no glitch; its jump is): never recorded, so no seq is missing below.
      const glitched = report.trucks.filter((t) => (t.rejectedFixes.jump ?? 0) > 0).length;
      expect(glitched).toBeGreaterThan(20);
      expect(f.rejectedFixes.frozen).toBeGreaterThan(0);
      // Every truck recorded and every recorded position reached Kafka exactly once.
      expect(report.trucks).toHaveLength(200);
      expect(report.trucks.every((t) => t.recorded > 0)).toBe(true);
      expect(f.recorded).toBeGreaterThan(10_000);
      expect(f.stillBuffered).toBe(0);
      expect(f.dropped).toEqual({ capacity: 0, memory: 0, quarantined: 0 });
      expect(report.verify).toMatchObject({ unique: f.recorded, missing: 0, duplicates: 0 });
      expect(report.ok).toBe(true);
    },
    300_000,
  );

  it(
    'runs trucks over real PTYs through the serial path (NMEA → serial port → hw/nmea) next to in-process ones, with a restart',
    async () => {
      const report = await runSimulation({
        trucks: 6,
        ptyTrucks: 2,
        tripPaths: defaultTripPaths(PACKAGE_ROOT),
        gateway: 'local',
        brokers: brokersOrThrow(),
        vehiclePrefix: `simpty-${process.pid}`,
        speedup: 30,
        durationMs: 10 * 60_000,
        verify: true,
        faults: parseFaultSchedule({ faults: [{ kind: 'restart', atS: 300 }] }),
      });
      // Truck numbers 0 and 1 are the PTY trucks: their positions came through the serial port.
      const pty = report.trucks.filter((t) => t.number < 2);
      for (const t of pty) {
        expect(t.recorded).toBeGreaterThan(5);
        expect(t.restarts).toBe(1);
        expect(t.verify).toMatchObject({ unique: t.recorded, missing: 0, duplicates: 0 });
      }
      // The last NMEA written to the PTYs was recorded and uploaded in the drain too.
      expect(report.fleet.stillBuffered).toBe(0);
      expect(report.verify).toMatchObject({ missing: 0, duplicates: 0 });
      expect(report.ok).toBe(true);
    },
    120_000,
  );

  it(
    'a mixed fleet of drivers shows a spread of driving events, speeding in a plan\'s speed zone too, and each reaches vehicle-events exactly once',
    async () => {
      // Central Curitiba as a 40 km/h zone: the NDS-BR city trips never reach the 90 km/h truck limit, so their speeding is the zone's.
      const centre = { type: 'Feature', properties: { name: 'Curitiba centre', speedLimitKmh: 40 }, geometry: { type: 'Polygon', coordinates: [[[-49.29, -25.45], [-49.25, -25.45], [-49.25, -25.42], [-49.29, -25.42], [-49.29, -25.45]]] } };
      const report = await runSimulation({
        core: { speedZones: speedZonesOf({ type: 'FeatureCollection', features: [centre] }).zones },
        trucks: 40,
        tripPaths: defaultTripPaths(PACKAGE_ROOT),
        gateway: 'local',
        brokers: brokersOrThrow(),
        vehiclePrefix: `simdrive-${process.pid}`,
        speedup: 40,
        durationMs: 40 * 60_000,
        verify: true,
        driving: 'mixed',
        faults: parseFaultSchedule({ seed: 3, faults: [{ kind: 'restart', share: 0.25, atS: 1200 }] }),
      });
      const f = report.fleet;
      type Truck = (typeof report.trucks)[number];
      const harsh = (t: Truck): number => (t.drivingEvents['harsh-acceleration'] ?? 0) + (t.drivingEvents['harsh-braking'] ?? 0) + (t.drivingEvents['harsh-cornering'] ?? 0);
      const mean = (profile: string, count: (t: Truck) => number): number => {
        const trucks = report.trucks.filter((t) => t.drivingProfile === profile);
        expect(trucks.length, profile).toBeGreaterThan(0);
        return trucks.reduce((sum, t) => sum + count(t), 0) / trucks.length;
      };
      const byProfile = Object.fromEntries(['recorded', 'calm', 'hurried', 'idler'].map((p) => [p, { harsh: mean(p, harsh), idling: mean(p, (t) => t.drivingEvents.idling ?? 0) }]));
      console.info('driving events, fleet:', JSON.stringify(f.drivingEvents), 'mean per truck by profile:', JSON.stringify(byProfile));
      // Hurried drivers (1.25× pace: 1.56× the accelerations) have more harsh events than calm ones (0.85×); per trip in driving-profiles.test.ts.
      expect(byProfile.hurried!.harsh).toBeGreaterThan(byProfile.calm!.harsh);
      expect(f.drivingEvents.idling).toBeGreaterThan(0);
      expect(Object.keys(f.drivingEvents).length).toBeGreaterThanOrEqual(4);
      expect(report.trucks.filter((t) => t.trip.startsWith('ndsbr')).some((t) => (t.drivingEvents.speeding ?? 0) > 0), 'a city truck speeding in the zone').toBe(true);
      // Every event the agents recorded is in the events topic once; with the positions, every seq once.
      expect(report.verify).toMatchObject({ eventsByKind: f.drivingEvents, unique: f.recorded, missing: 0, duplicates: 0 });
      expect(report.ok).toBe(true);
    },
    300_000,
  );
});
