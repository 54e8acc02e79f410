import { afterAll, expect, it } from 'vitest';
import { brokersOrThrow, describeWithKafka } from '../test/helpers/kafka.js';
import { alertsTopic, ensureTopics } from '../kafka/topics.js';
import { FleetMonitor } from './monitor.js';
import { parsePlan } from './plan.js';
import { detourScenario, planDocument } from './scenarios.js';
import { topicOffsets } from '../kafka/range-reader.js';
import { createPositionsTopic, producePositions } from './produce-records.js';
import { createKafka, readAlerts, referenceAlerts, uniqueName, waitFor } from './test-support.js';

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
});
