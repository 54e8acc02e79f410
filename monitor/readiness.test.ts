import { afterAll, expect, it } from 'vitest';
import { brokersOrThrow, describeWithKafka } from '../test/helpers/kafka.js';
import { topicOffsets } from '../kafka/range-reader.js';
import { ensureTopics, statusTopic } from '../kafka/topics.js';
import { startFleetHttp } from './http.js';
import { FleetMonitor } from './monitor.js';
import { parsePlan } from './plan.js';
import { createPositionsTopic, producePositions } from './produce-records.js';
import { detourScenario, planDocument } from './scenarios.js';
import { createKafka, uniqueName, waitFor } from './test-support.js';

describeWithKafka('a stalled monitor is visible', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  it('/readyz fails and the lag metric grows while nothing can be committed, and both recover', async () => {
    const brokers = brokersOrThrow();
    const kafka = createKafka('readiness-test', brokers);
    const s = detourScenario('truck-stall');
    const plan = parsePlan(planDocument([s]));
    const topic = uniqueName('stall-positions');
    await createPositionsTopic(kafka, topic);
    const name = uniqueName('stall');
    const m = new FleetMonitor({ brokers, plan, groupId: name, positionsTopic: topic, alertsTopic: `${name}-alerts`, statusTopic: `${name}-status`, deadLetterTopic: `${name}-dlq`, fromBeginning: true, lagCheckMs: 200, stallMs: 2_000 });
    cleanups.push(() => m.stop());
    await m.start();
    const http = await startFleetHttp(m, plan, 0);
    cleanups.push(() => http.close());
    const readyz = async (): Promise<{ status: number; body: { status: string; reason?: string } }> => {
      const res = await fetch(`${http.url}readyz`);
      return { status: res.status, body: (await res.json()) as { status: string; reason?: string } };
    };
    const lag = async (): Promise<number | undefined> => {
      const line = (await (await fetch(`${http.url}metrics`)).text()).split('\n').find((l) => l.startsWith('telematics_monitor_consumer_lag '));
      return line === undefined ? undefined : Number(line.split(' ')[1]);
    };
    expect((await fetch(`${http.url}healthz`)).status).toBe(200);

    await producePositions(kafka, topic, s.records.slice(0, 100));
    await waitFor('caught up: ready, lag 0', async () => (await readyz()).status === 200 && (await lag()) === 0 && m.stats.committed === 100);
    expect((await readyz()).body).toEqual({ status: 'ready' });

    // The status topic disappears: no batch can be published, so nothing is committed.
    const admin = kafka.admin();
    await admin.connect();
    cleanups.push(() => admin.disconnect());
    await admin.deleteTopics({ topics: [m.options.statusTopic] });
    await producePositions(kafka, topic, s.records.slice(100, 400));
    const stalled = await waitFor('/readyz to fail', async () => {
      const r = await readyz();
      return r.status === 503 ? r : null;
    });
    expect(stalled.body).toEqual({ status: 'not ready', reason: expect.stringMatching(/^(stalled: \d+ records waiting and nothing committed for \d+ s|the consumer is restarting after an error: .+)$/) });
    const atLeast = (n: number) => async () => {
      const l = await lag();
      return l !== undefined && l >= n ? l : null;
    };
    const before = await waitFor('a lag of the 300 records', atLeast(300));
    await producePositions(kafka, topic, s.records.slice(400, 600));
    await waitFor('the lag to grow by the 200 more', atLeast(before + 200));
    expect(m.stats.committed).toBe(100);

    await ensureTopics(admin, [statusTopic({ name: m.options.statusTopic })]);
    await topicOffsets(admin, m.options.statusTopic);
    await waitFor('ready again, lag 0, everything committed', async () => (await readyz()).status === 200 && (await lag()) === 0 && m.stats.committed >= 600, 120_000);
  }, 240_000);
});
