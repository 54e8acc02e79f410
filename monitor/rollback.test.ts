import { afterAll, expect, it } from 'vitest';
import { brokersOrThrow, describeWithKafka } from '../test/helpers/kafka.js';
import type { Producer } from 'kafkajs';
import { alertsTopic, ensureTopics } from '../kafka/topics.js';
import { FleetMonitor } from './monitor.js';
import { parsePlan } from './plan.js';
import { detourScenario, planDocument } from './scenarios.js';
import { topicOffsets } from '../kafka/range-reader.js';
import { createPositionsTopic, producePositions } from './produce-records.js';
import { readAllStatuses } from './status-store.js';
import { comparable, createKafka, readAlerts, referenceAlerts, referenceRun, uniqueName, waitFor } from './test-support.js';

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
    await waitFor('all positions committed', () => m.vehicles()[0]?.counts.processed === s.records.length && m.vehicles()[0].resume.pending.length === 0, 120_000);
    expect(await readAlerts(brokers, `${name}-alerts`)).toEqual(expected);
  }, 180_000);
  it('when the status fails after the alerts were produced, the retry does not produce them again: every alert once', async () => {
    const brokers = brokersOrThrow();
    const kafka = createKafka('rollback-test', brokers);
    const s = detourScenario('truck-rollback-status');
    const plan = parsePlan(planDocument([s]));
    const reference = referenceRun(s, plan);
    const topic = uniqueName('rollback-status-positions');
    await createPositionsTopic(kafka, topic);
    const name = uniqueName('rollback-status');
    const m = new FleetMonitor({ brokers, plan, groupId: name, positionsTopic: topic, alertsTopic: `${name}-alerts`, statusTopic: `${name}-status`, fromBeginning: true, flushIdleMs: 500 });
    monitors.push(m);
    await m.start();
    // The status partitions' broker is lost for the first three status writes (the alerts' is not): kafkajs
    // topic deletions cannot do this, a missing topic fails every send of the producer. Everything else is real.
    const producer = (m as unknown as { producer: Producer }).producer;
    const send = producer.send.bind(producer);
    let statusFailures = 0;
    producer.send = (record) => (record.topic === `${name}-status` && statusFailures++ < 3 ? Promise.reject(new Error('the status partitions are unavailable (test)')) : send(record));
    // One produce request: the first batch holds every position, and so the alerts.
    await producePositions(kafka, topic, s.records, { chunk: s.records.length });
    await waitFor('all positions committed', () => m.stats.committed >= s.records.length && m.vehicles()[0]?.resume.pending.length === 0, 120_000);
    await m.settled();
    expect(m.stats.rollbacks).toBeGreaterThanOrEqual(3);
    expect(await readAlerts(brokers, `${name}-alerts`)).toEqual(reference.alerts);
    expect(comparable((await readAllStatuses(kafka, `${name}-status`)).get(s.vehicleId)!)).toEqual(comparable(reference.status));
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
