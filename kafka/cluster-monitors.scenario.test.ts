import { afterAll, expect, it } from 'vitest';
import { FleetMonitor } from '../monitor/monitor.js';
import { parsePlan } from '../monitor/plan.js';
import { detourScenario, heldBackScenario, planDocument, type Scenario } from '../monitor/scenarios.js';
import { readAllStatuses } from '../monitor/status-store.js';
import { createPositionsTopic, producePositions } from '../monitor/produce-records.js';
import { comparable, readAlerts, referenceRun, uniqueName } from '../monitor/test-support.js';
import { useTestCluster } from '../test/helpers/cluster.js';
import { describeWithKafka } from '../test/helpers/kafka.js';
import { crashNode, recoverNode } from './cluster-faults.js';
import { busiestLeader } from './cluster-health.js';
import { pollForState } from '../common/poll.js';

/**
 * Issue 16: three monitor instances in one consumer group on a 3-node cluster while the broker
 * leading the most positions partitions is killed (kill -9) and brought back. Every vehicle's
 * status reaches its last position, no alert is written twice, and vehicle-status holds what one
 * uninterrupted tracker per vehicle computes. Prints a SCENARIO line.
 */

describeWithKafka('three monitors in one group on a 3-node cluster while a broker dies', () => {
  const cluster = useTestCluster('kafka-cluster-monitors');
  const monitors: FleetMonitor[] = [];
  afterAll(async () => {
    await Promise.all(monitors.map((m) => m.stop().catch(() => undefined)));
  });

  it('keep every status updating, write no alert twice, and end with one uninterrupted tracker per vehicle', async () => {
    const { dir, brokers, kafka, admin } = cluster;
    const scenarios: Scenario[] = ['a', 'b', 'c', 'd', 'e', 'f'].flatMap((k) => [detourScenario(`detour-${k}`), heldBackScenario(`held-${k}`)]);
    const plan = parsePlan(planDocument(scenarios));
    // The reference: each vehicle's records through one tracker, in process.
    const expected = new Map(scenarios.map((s) => [s.vehicleId, referenceRun(s, plan)]));

    const topic = uniqueName('cluster-positions');
    await createPositionsTopic(kafka, topic, 12);
    const name = uniqueName('cluster-monitors');
    for (let i = 0; i < 3; i++) {
      const m = new FleetMonitor({ brokers, plan, groupId: name, positionsTopic: topic, alertsTopic: `${name}-alerts`, statusTopic: `${name}-status`, fromBeginning: true, flushIdleMs: 500 });
      monitors.push(m);
      await m.start();
    }
    const committed = () => monitors.reduce((sum, m) => sum + m.stats.committed, 0);
    const firstHalf = scenarios.flatMap((s) => s.records.filter((r) => r.seq <= 700));
    const secondHalf = scenarios.flatMap((s) => s.records.filter((r) => r.seq > 700));
    await producePositions(kafka, topic, firstHalf);
    await pollForState('the three monitors to take the first half', 120_000, async () => ({ done: committed() >= firstHalf.length, value: undefined, seen: `${committed()} of ${firstHalf.length} committed` }));

    const victim = (await busiestLeader(admin, topic)).nodeId;
    const started = Date.now();
    const crash = await crashNode(dir, topic, victim);
    await producePositions(kafka, topic, secondHalf);
    const total = firstHalf.length + secondHalf.length;
    const statusTopic = `${name}-status`;
    await pollForState('every vehicle status to reach its last position', 180_000, async () => {
      const statuses = await readAllStatuses(kafka, statusTopic);
      const behind = scenarios.filter((s) => statuses.get(s.vehicleId)?.counts.processed !== s.records.length || statuses.get(s.vehicleId)!.resume.pending.length > 0);
      // For each vehicle behind: what vehicle-status holds, and what the monitor tracking it holds in memory.
      const detail = behind.map((s) => {
        const inMemory = monitors.flatMap((m) => m.vehicles()).filter((v) => v.vehicleId === s.vehicleId).map((v) => v.counts.processed);
        return `${s.vehicleId}: ${statuses.get(s.vehicleId)?.counts.processed ?? 'none'} in vehicle-status, ${inMemory.join('/') || 'none'} in memory, of ${s.records.length}`;
      });
      return { done: behind.length === 0, value: undefined, seen: `${committed()} of ${total} committed; behind: ${detail.join('; ')}` };
    });
    const settledAfterMs = Date.now() - started;
    const recovery = await recoverNode(dir, victim);

    const statuses = await readAllStatuses(kafka, statusTopic);
    const alerts = await readAlerts(brokers, `${name}-alerts`);
    const duplicateAlerts = alerts.length - new Set(alerts.map((a) => JSON.stringify(a))).size;
    process.stdout.write(
      `SCENARIO ${JSON.stringify({ phase: 'three monitors, broker crash', victim, fencedAfterMs: crash.fencedAfterMs, settledAfterMs, replicatedAfterMs: recovery.replicatedAfterMs, positions: total, perMonitor: monitors.map((m) => m.stats), alerts: alerts.length, duplicateAlerts })}\n`,
    );
    expect(monitors.filter((m) => m.stats.positions > 0)).toHaveLength(3);
    expect(duplicateAlerts).toBe(0);
    for (const s of scenarios) {
      expect(comparable(statuses.get(s.vehicleId)!)).toEqual(comparable(expected.get(s.vehicleId)!.status));
      expect(alerts.filter((x) => x.vehicleId === s.vehicleId)).toEqual(expected.get(s.vehicleId)!.alerts);
    }
  }, 900_000);
});
