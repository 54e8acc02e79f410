import { afterAll, expect, it } from 'vitest';
import { brokersOrThrow, describeWithKafka } from '../test/helpers/kafka.js';
import { DEAD_LETTER_HEADERS } from './dead-letter.js';
import { FleetMonitor } from './monitor.js';
import { parsePlan } from './plan.js';
import { createPositionsTopic, producePositions } from './produce-records.js';
import { detourScenario, planDocument } from './scenarios.js';
import { poisonRecords, producePoison } from '../test/helpers/poison-records.js';
import { createKafka, metricSample, readAlerts, readRawRecords, referenceAlerts, uniqueName, waitFor } from './test-support.js';

describeWithKafka('monitor and records that are not position records (issue 13)', () => {
  const monitors: FleetMonitor[] = [];
  afterAll(async () => {
    await Promise.all(monitors.map((m) => m.stop().catch(() => undefined)));
  });

  it('sends each to the dead-letter topic with why and where from, keeps processing, and a restarted monitor of the same group does not stop on them', async () => {
    const brokers = brokersOrThrow();
    const kafka = createKafka('poison-test', brokers);
    const s = detourScenario('truck-poison');
    const plan = parsePlan(planDocument([s]));
    const expectedAlerts = referenceAlerts(s, plan);

    const topic = uniqueName('poison-positions');
    await createPositionsTopic(kafka, topic);
    const poison = poisonRecords(s.records[10]!, 1_000_000);
    // Each bad record between good ones: the first between the first two chunks of the trip, and so on.
    const chunk = Math.ceil(s.records.length / (poison.length + 1));
    const landed: { partition: number; offset: string }[] = [];
    for (let i = 0; i <= poison.length; i++) {
      await producePositions(kafka, topic, s.records.slice(i * chunk, (i + 1) * chunk));
      if (i < poison.length) landed.push(...(await producePoison(kafka, topic, [poison[i]!])));
    }

    const name = uniqueName('poison');
    const options = { brokers, plan, groupId: name, positionsTopic: topic, alertsTopic: `${name}-alerts`, statusTopic: `${name}-status`, deadLetterTopic: `${name}-dlq`, fromBeginning: true, flushIdleMs: 500, lagCheckMs: 200 };
    const first = new FleetMonitor(options);
    monitors.push(first);
    await first.start();
    await waitFor('every good position processed', () => first.vehicles()[0]?.counts.processed === s.records.length && first.vehicles()[0]!.resume.pending.length === 0, 120_000);
    await waitFor('the first monitor committed everything, lag 0, ready', async () => first.stats.committed === s.records.length && (await metricSample(first.metrics, 'telematics_monitor_consumer_lag')) === 0 && first.readiness().ready);
    expect(first.stats).toMatchObject({ committed: s.records.length, invalid: poison.length });
    expect(first.vehicles()).toHaveLength(1);
    expect(await readAlerts(brokers, options.alertsTopic)).toEqual(expectedAlerts);

    // The dead-letter topic holds each bad record as it was, with why and where from.
    const deadLetters = await readRawRecords(brokers, options.deadLetterTopic);
    const h = DEAD_LETTER_HEADERS;
    // Partitions are read side by side: compare in (partition, offset) order.
    const bySource = (a: { partition: string; offset: string }, b: { partition: string; offset: string }) => Number(a.partition) - Number(b.partition) || Number(a.offset) - Number(b.offset);
    expect(deadLetters.map((d) => ({ key: d.key, value: d.value, reason: d.headers[h.reason], partition: d.headers[h.sourcePartition]!, offset: d.headers[h.sourceOffset]! })).sort(bySource)).toEqual(
      poison.map((p, i) => ({ key: p.key, value: p.value, reason: p.reason, partition: String(landed[i]!.partition), offset: landed[i]!.offset })).sort(bySource),
    );
    for (const d of deadLetters) {
      expect(d.headers).toMatchObject({ [h.sourceTopic]: topic, [h.consumerGroup]: name, [h.message]: expect.any(String) });
      expect(Number(d.headers[h.sourceTimestamp])).toBeGreaterThan(0);
    }
    expect(deadLetters.find((d) => d.headers[h.reason] === 'schema-version')!.headers['schema-version']).toBe('7');
    await first.stop();

    // As after a crash between reading and committing: the same group reads the bad records again.
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.resetOffsets({ groupId: name, topic, earliest: true });
    } finally {
      await admin.disconnect();
    }
    const second = new FleetMonitor(options);
    monitors.push(second);
    await second.start();
    await waitFor(
      'the restarted monitor read everything again, bad records included, committed to the end: lag 0, ready',
      async () => second.stats.committed === s.records.length && second.stats.invalid === poison.length && (await metricSample(second.metrics, 'telematics_monitor_consumer_lag')) === 0 && second.readiness().ready,
      120_000,
    );
    // Restored from vehicle-status: the good records are duplicates now, and nothing changed.
    expect(second.vehicles()[0]!.counts).toMatchObject({ processed: s.records.length, duplicates: s.records.length });
    expect(await readRawRecords(brokers, options.deadLetterTopic)).toHaveLength(2 * poison.length);
  }, 240_000);
});
