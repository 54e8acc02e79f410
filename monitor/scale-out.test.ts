import { afterAll, expect, it } from 'vitest';
import { brokersOrThrow, describeWithKafka } from '../test/helpers/kafka.js';
import { FleetMonitor } from './monitor.js';
import { parsePlan } from './plan.js';
import { detourScenario, heldBackScenario, planDocument, type Scenario } from './scenarios.js';
import { readAllStatuses } from './status-store.js';
import { createPositionsTopic, producePositions } from './produce-records.js';
import { comparable, createKafka, readAlerts, referenceRun, uniqueName, waitFor } from './test-support.js';


describeWithKafka('two monitor instances in one group', () => {
  const monitors: FleetMonitor[] = [];
  afterAll(async () => {
    await Promise.all(monitors.map((m) => m.stop().catch(() => undefined)));
  });

  it('share the vehicles and, across the rebalance, end with the state and alerts of one uninterrupted tracker per vehicle', async () => {
    const brokers = brokersOrThrow();
    const kafka = createKafka('scale-out-test', brokers);
    const scenarios: Scenario[] = ['a', 'b', 'c'].flatMap((k) => [detourScenario(`detour-${k}`), heldBackScenario(`held-${k}`)]);
    const plan = parsePlan(planDocument(scenarios));
    // The reference: each vehicle's records through one tracker, in process.
    const expected = new Map(scenarios.map((s) => [s.vehicleId, referenceRun(s, plan)]));

    const topic = uniqueName('scale-positions');
    await createPositionsTopic(kafka, topic, 12);
    const name = uniqueName('scale');
    const start = async (): Promise<FleetMonitor> => {
      const m = new FleetMonitor({ brokers, plan, groupId: name, positionsTopic: topic, alertsTopic: `${name}-alerts`, statusTopic: `${name}-status`, fromBeginning: true, flushIdleMs: 500 });
      monitors.push(m);
      await m.start();
      return m;
    };
    const firstHalf = scenarios.flatMap((s) => s.records.filter((r) => r.seq <= 700));
    const secondHalf = scenarios.flatMap((s) => s.records.filter((r) => r.seq > 700));
    const a = await start();
    await producePositions(kafka, topic, firstHalf);
    await waitFor('instance A to take the first half', () => a.stats.committed === firstHalf.length);
    const b = await start();
    await producePositions(kafka, topic, secondHalf);
    const total = firstHalf.length + secondHalf.length;
    await waitFor('both instances to settle on the whole input', async () => {
      if (a.stats.committed + b.stats.committed < total) return false;
      const statuses = await readAllStatuses(kafka, `${name}-status`);
      return scenarios.every((s) => statuses.get(s.vehicleId)?.counts.processed === s.records.length && statuses.get(s.vehicleId)!.resume.pending.length === 0);
    });
    // The group really was shared: B took over some vehicles and processed their second halves.
    expect(b.stats.positions).toBeGreaterThan(0);
    expect(a.stats.positions).toBeGreaterThan(firstHalf.length - 1);

    const statuses = await readAllStatuses(kafka, `${name}-status`);
    for (const s of scenarios) expect(comparable(statuses.get(s.vehicleId)!)).toEqual(comparable(expected.get(s.vehicleId)!.status));
    const alerts = await readAlerts(brokers, `${name}-alerts`);
    for (const s of scenarios) expect(alerts.filter((x) => x.vehicleId === s.vehicleId)).toEqual(expected.get(s.vehicleId)!.alerts);

    // B leaves: A takes its partitions back with nothing left to consume in them. A's own memory of B's vehicles
    // stopped at the first half; it restores them from vehicle-status before its housekeeping could write them.
    await b.stop();
    await waitFor("instance A to hold B's vehicles as vehicle-status does", () =>
      scenarios.every((s) => {
        const held = a.vehicles().find((v) => v.vehicleId === s.vehicleId);
        return held !== undefined && held.counts.processed === s.records.length && held.resume.pending.length === 0;
      }),
    );
    const after = await readAllStatuses(kafka, `${name}-status`);
    for (const s of scenarios) expect(comparable(after.get(s.vehicleId)!)).toEqual(comparable(expected.get(s.vehicleId)!.status));
  }, 180_000);
});
