import { PassThrough } from 'node:stream';
import { afterAll, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../common/paths.js';
import { recordsIn } from '../kafka/range-reader.js';
import { brokersOrThrow, describeWithKafka } from '../test/helpers/kafka.js';
import { parseFaultSchedule } from '../simulator/faults.js';
import { runSimulation } from '../simulator/simulation.js';
import { defaultTripPaths } from '../simulator/trip-files.js';
import { FleetMonitor } from './monitor.js';
import { zeroByKind } from '../protocol/driver-score-record.js';
import { DriverScoreKeeper } from './score-keeper.js';
import { driverScoreView, latestPeriods } from './score-view.js';
import { createKafka, uniqueName, waitFor } from './test-support.js';

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

describeWithKafka('driver scores of a simulated mixed fleet (issue 17)', () => {
  const running: { stop: () => Promise<void> }[] = [];
  afterAll(async () => {
    for (const r of running.reverse()) await r.stop().catch(() => undefined);
  });

  it('scores 40 trucks of mixed driving styles: every recorded event counted once, truck by truck and kind by kind, and a spread of scores', async () => {
    const brokers = brokersOrThrow();
    const name = uniqueName('fleet-scores');
    const report = await runSimulation({
      trucks: 40,
      tripPaths: defaultTripPaths(PACKAGE_ROOT),
      gateway: 'local',
      brokers,
      topic: `${name}-positions`,
      eventsTopic: `${name}-events`,
      vehiclePrefix: name,
      speedup: 40,
      durationMs: 40 * 60_000,
      driving: 'mixed',
      faults: parseFaultSchedule({ seed: 3, faults: [{ kind: 'restart', share: 0.25, atS: 1200 }] }),
      view: 'lines',
      out: new PassThrough().resume(),
    });
    expect(report.ok).toBe(true);
    const recordedEvents = Object.values(report.fleet.drivingEvents).reduce((a, b) => a + b, 0);
    expect(recordedEvents).toBeGreaterThan(0);

    const fleet = new FleetMonitor({ brokers, groupId: name, positionsTopic: `${name}-positions`, alertsTopic: `${name}-alerts`, statusTopic: `${name}-status`, fromBeginning: true, flushIdleMs: 500 });
    await fleet.start();
    running.push(fleet);
    const keeper = new DriverScoreKeeper(fleet, { eventsTopic: `${name}-events`, scoresTopic: `${name}-scores`, deadLetterTopic: `${name}-events-dlq`, distancePublishMs: 500 });
    await keeper.start();
    running.push(keeper);
    const kafka = createKafka('fleet-scores-test', brokers);
    const positions = await recordsIn(kafka, `${name}-positions`);
    await waitFor('every position processed and committed', () => fleet.stats.committed === positions && fleet.vehicles().every((v) => v.resume.pending.length === 0), 240_000);
    await waitFor('every driving event counted', () => keeper.stats.counted === recordedEvents, 120_000);
    // The monitor's state runs ahead of its statuses until their produce returns; the keeper takes them after that.
    await fleet.settled();
    await keeper.settled();
    // Exactly once end to end: the keeper counted what the agents recorded, kind by kind.
    expect(keeper.stats.countedByKind).toEqual(report.fleet.drivingEvents);

    // Each driver's latest week (the run may cross midnight, not a Monday's).
    const weeks = new Map(latestPeriods(keeper.all().map(driverScoreView)).filter((r) => r.period === 'week').map((r) => [r.driverId, r]));
    const byProfile = new Map<string, number[]>();
    const statuses = new Map(fleet.vehicles().map((v) => [v.vehicleId, v]));
    for (const t of report.trucks) {
      const week = weeks.get(t.vehicleId);
      expect(week, t.vehicleId).toBeDefined();
      // The week holds the vehicle's day as vehicle-status has it (a truck that stood all along has 0).
      expect(week!.distance, t.vehicleId).toBeGreaterThanOrEqual(statuses.get(t.vehicleId)!.day!.distance);
      // Each truck's events, kind by kind, as its agent recorded them (the run is within one week unless it crosses a Sunday midnight).
      expect(week!.events, t.vehicleId).toEqual({ ...zeroByKind(), ...t.drivingEvents });
      byProfile.set(t.drivingProfile, [...(byProfile.get(t.drivingProfile) ?? []), week!.score]);
    }
    const all = [...weeks.values()].map((w) => w.score).sort((a, b) => a - b);
    const median = (profile: string) => quantile([...byProfile.get(profile)!].sort((a, b) => a - b), 0.5);
    const spread = { min: all[0], q1: quantile(all, 0.25), median: quantile(all, 0.5), q3: quantile(all, 0.75), max: all.at(-1) };
    const medians = Object.fromEntries([...byProfile.keys()].sort().map((p) => [p, { trucks: byProfile.get(p)!.length, median: median(p) }]));
    process.stdout.write(`SCENARIO ${JSON.stringify({ phase: '40-truck mixed fleet, week scores', spread, byProfile: medians, events: report.fleet.drivingEvents })}\n`);
    expect(all.every((s) => s >= 0 && s <= 100)).toBe(true);
    expect([...weeks.values()].filter((w) => w.distance > 0).length).toBeGreaterThan(30);
    // A spread, not one figure: clean drivers at 100, the worst far below, the middle half apart. (By profile the
    // medians are close: which real trip a truck drives matters more than its style in a 40-minute run.)
    expect(spread.max).toBe(100);
    expect(spread.min).toBeLessThan(50);
    expect(spread.q3 - spread.q1).toBeGreaterThanOrEqual(5);
  }, 600_000);
});

