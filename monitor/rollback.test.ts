import { afterAll, expect, it } from 'vitest';
import { brokersOrThrow, describeWithKafka } from '../test/helpers/kafka.js';
import { isFencedError } from '../kafka/partition-transactions.js';
import { alertsTopic, ensureTopics } from '../kafka/topics.js';
import { FleetMonitor, type MonitorOptions } from './monitor.js';
import { parsePlan } from './plan.js';
import { detourScenario, planDocument } from './scenarios.js';
import { topicOffsets } from '../kafka/range-reader.js';
import { createPositionsTopic, producePositions } from './produce-records.js';
import { readAllStatuses } from './status-store.js';
import { comparable, createKafka, interceptCommits, readAlerts, referenceAlerts, referenceRun, uniqueName, waitFor } from './test-support.js';

describeWithKafka('monitor when its outputs cannot be produced', () => {
  const monitors: FleetMonitor[] = [];
  afterAll(async () => {
    await Promise.all(monitors.map((m) => m.stop().catch(() => undefined)));
  });

  it('rolls its state back and raises the alerts once the alerts topic is back: none lost', async () => {
    const brokers = brokersOrThrow();
    const kafka = createKafka('rollback-test', brokers);
    const s = detourScenario('truck-rollback');
    const plan = parsePlan(planDocument([s]));
    const expected = referenceAlerts(s, plan);

    const topic = uniqueName('rollback-positions');
    await createPositionsTopic(kafka, topic);
    const name = uniqueName('rollback');
    const m = new FleetMonitor({ brokers, plan, groupId: name, positionsTopic: topic, alertsTopic: `${name}-alerts`, statusTopic: `${name}-status`, fromBeginning: true, flushIdleMs: 500 });
    monitors.push(m);
    await m.start();
    const admin = kafka.admin();
    await admin.connect();
    try {
      // The alerts topic disappears: every batch with an alert fails to produce.
      await admin.deleteTopics({ topics: [`${name}-alerts`] });
      await producePositions(kafka, topic, s.records);
      await waitFor('a publish to fail and be rolled back', () => m.stats.rollbacks > 0, 120_000);
      expect(m.stats.committed).toBeLessThan(s.records.length);
      await ensureTopics(admin, [alertsTopic({ name: `${name}-alerts` })]);
      await topicOffsets(admin, `${name}-alerts`);
    } finally {
      await admin.disconnect();
    }
    // The last flush changes the state before its transaction commits (or rolls it back): settled first, then looked at.
    await waitFor(
      'all positions committed',
      async () => {
        await m.settled();
        return m.vehicles()[0]?.counts.processed === s.records.length && m.vehicles()[0].resume.pending.length === 0;
      },
      120_000,
    );
    expect(await readAlerts(brokers, `${name}-alerts`)).toEqual(expected);
  }, 180_000);
  /** A monitor of its own on one vehicle's detour, every position in one produce request (so one batch holds them all, and the alerts). */
  async function detourRun(label: string, options: Partial<MonitorOptions> = {}) {
    const brokers = brokersOrThrow();
    const kafka = createKafka('rollback-test', brokers);
    const s = detourScenario(`truck-${label}`);
    const plan = parsePlan(planDocument([s]));
    const topic = uniqueName(`${label}-positions`);
    await createPositionsTopic(kafka, topic, 1);
    const name = uniqueName(label);
    const monitorOptions = { brokers, plan, groupId: name, positionsTopic: topic, alertsTopic: `${name}-alerts`, statusTopic: `${name}-status`, fromBeginning: true, flushIdleMs: 500, ...options };
    const monitor = (): FleetMonitor => {
      const m = new FleetMonitor(monitorOptions);
      monitors.push(m);
      return m;
    };
    const produce = () => producePositions(kafka, topic, s.records, { chunk: s.records.length });
    const outputs = async () => ({ alerts: await readAlerts(brokers, `${name}-alerts`), status: comparable((await readAllStatuses(kafka, `${name}-status`)).get(s.vehicleId)!) });
    return { s, reference: referenceRun(s, plan), monitor, produce, outputs };
  }

  it('when a commit fails after the alerts and status were written, readers never see them and the retry writes them once', async () => {
    const run = await detourRun('rollback-commit');
    const m = run.monitor();
    // The first three commits fail as a coordinator that aborted them would answer; the records they wrote stay aborted in the log.
    let failed = 0;
    interceptCommits(m, async ({ commit, abort }) => {
      if (failed >= 3) return commit();
      failed++;
      await abort();
      throw new Error('the transaction could not be committed (test)');
    });
    await m.start();
    await run.produce();
    await waitFor('all positions committed', () => m.stats.committed >= run.s.records.length && m.vehicles()[0]?.resume.pending.length === 0, 120_000);
    await m.settled();
    expect(failed).toBe(3);
    expect(m.stats.rollbacks).toBeGreaterThanOrEqual(3);
    expect(await run.outputs()).toEqual({ alerts: run.reference.alerts, status: comparable(run.reference.status) });
  }, 180_000);

  it('when a commit went through but its answer was lost, the monitor takes its state from Kafka: the re-delivered batch raises nothing again', async () => {
    const run = await detourRun('rollback-lost');
    const m = run.monitor();
    let lost = 0;
    interceptCommits(m, async ({ commit }) => {
      await commit();
      if (lost < 3) {
        lost++;
        throw new Error("the commit's answer was lost (test)");
      }
    });
    await m.start();
    await run.produce();
    await waitFor('all positions committed', () => m.stats.committed >= run.s.records.length && m.vehicles()[0]?.resume.pending.length === 0, 120_000);
    await m.settled();
    expect(lost).toBe(3);
    expect(await run.outputs()).toEqual({ alerts: run.reference.alerts, status: comparable(run.reference.status) });
  }, 180_000);

  it('a member that lost its partition while stuck in a transaction is fenced: its alerts are never read, its successor raises each once', async () => {
    // A short session, so that the group hands the stuck member's partition over in seconds.
    const run = await detourRun('rollback-zombie', { sessionTimeoutMs: 6_000 });
    const stuck = run.monitor();
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let holdOnce = true;
    let stuckOutcome: unknown = 'not committed yet';
    interceptCommits(stuck, async ({ commit }) => {
      if (!holdOnce) return commit();
      holdOnce = false;
      holding();
      await released;
      return commit().then(
        () => void (stuckOutcome = 'committed'),
        (err: unknown) => {
          stuckOutcome = err;
          throw err;
        },
      );
    });
    await stuck.start();
    await run.produce();
    // Its first batch wrote the alerts and status in a transaction, and it stops before committing it.
    await held;
    const successor = run.monitor();
    await successor.start();
    await waitFor('the successor to commit every position', () => successor.stats.committed >= run.s.records.length && successor.vehicles().find((v) => v.vehicleId === run.s.vehicleId)?.resume.pending.length === 0, 120_000);
    await successor.settled();
    release();
    await waitFor('the stuck member to roll its batch back', () => stuck.stats.rollbacks > 0);
    expect(isFencedError(stuckOutcome)).toBe(true);
    expect(stuck.stats.alerts).toBe(0);
    expect(await run.outputs()).toEqual({ alerts: run.reference.alerts, status: comparable(run.reference.status) });
  }, 180_000);

  it('with batches of several partitions in flight at once, a failed batch rolls back only its own vehicles: every alert once, every status as one uninterrupted tracker', async () => {
    const brokers = brokersOrThrow();
    const kafka = createKafka('rollback-test', brokers);
    const scenarios = Array.from({ length: 6 }, (_, i) => detourScenario(`truck-rollback-${i}`));
    const plan = parsePlan(planDocument(scenarios));
    const topic = uniqueName('rollback-fleet-positions');
    await createPositionsTopic(kafka, topic, 3);
    const name = uniqueName('rollback-fleet');
    const m = new FleetMonitor({ brokers, plan, groupId: name, positionsTopic: topic, alertsTopic: `${name}-alerts`, statusTopic: `${name}-status`, fromBeginning: true, flushIdleMs: 500, partitionsConsumedConcurrently: 3 });
    monitors.push(m);
    const admin = kafka.admin();
    await admin.connect();
    try {
      await m.start();
      // Batches that raise an alert fail while those of other partitions beside them succeed.
      await admin.deleteTopics({ topics: [`${name}-alerts`] });
      // Each produce request holds records of every partition: the monitor's fetches bring batches of several at once.
      await producePositions(kafka, topic, scenarios.flatMap((s) => s.records), { chunk: 2_000 });
      await waitFor('a publish to fail and be rolled back', () => m.stats.rollbacks > 0, 120_000);
      await ensureTopics(admin, [alertsTopic({ name: `${name}-alerts` })]);
      await topicOffsets(admin, `${name}-alerts`);
    } finally {
      await admin.disconnect();
    }
    const total = scenarios.reduce((n, s) => n + s.records.length, 0);
    await waitFor('all positions committed', () => m.stats.committed >= total && m.vehicles().every((v) => v.resume.pending.length === 0), 120_000);
    await m.settled();
    const alerts = await readAlerts(brokers, `${name}-alerts`);
    const statuses = await readAllStatuses(kafka, `${name}-status`);
    for (const s of scenarios) {
      const reference = referenceRun(s, plan);
      expect(alerts.filter((a) => a.vehicleId === s.vehicleId)).toEqual(reference.alerts);
      expect(comparable(statuses.get(s.vehicleId)!)).toEqual(comparable(reference.status));
    }
  }, 180_000);
});
