import { afterAll, expect, it } from 'vitest';
import { pollUntil } from '../common/poll.js';
import { brokersOrThrow, describeWithKafka } from '../test/helpers/kafka.js';
import { topicOffsets } from '../kafka/range-reader.js';
import { driverScoresTopic, ensureTopics, statusTopic } from '../kafka/topics.js';
import { startFleetHttp } from './http.js';
import { FleetMonitor } from './monitor.js';
import { parsePlan } from './plan.js';
import { createEventsTopic, createPositionsTopic, produceDrivingEvents, producePositions } from './produce-records.js';
import { DriverScoreKeeper } from './score-keeper.js';
import { detourScenario, planDocument } from './scenarios.js';
import { createKafka, scriptedEvent, uniqueName, waitFor } from './test-support.js';

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
    const sample = async (series: string): Promise<number | undefined> => {
      const line = (await (await fetch(`${http.url}metrics`)).text()).split('\n').find((l) => l.startsWith(`${series} `));
      return line === undefined ? undefined : Number(line.slice(series.length + 1));
    };
    const lag = (): Promise<number | undefined> => sample('telematics_monitor_consumer_lag');
    const transactions = (outcome: 'committed' | 'failed'): Promise<number | undefined> => sample(`telematics_monitor_transaction_seconds_count{outcome="${outcome}"}`);
    expect((await fetch(`${http.url}healthz`)).status).toBe(200);

    await producePositions(kafka, topic, s.records.slice(0, 100));
    await waitFor('caught up: ready, lag 0', async () => (await readyz()).status === 200 && (await lag()) === 0 && m.stats.committed === 100);
    expect((await readyz()).body).toEqual({ status: 'ready' });
    // Every committed batch went through one transaction (a tick may have added its own).
    expect(await transactions('committed')).toBeGreaterThanOrEqual(m.stats.batches);
    expect(await transactions('failed')).toBeUndefined();

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
    await waitFor('a failed transaction in the metrics', async () => ((await transactions('failed')) ?? 0) >= 1);

    await ensureTopics(admin, [statusTopic({ name: m.options.statusTopic })]);
    await topicOffsets(admin, m.options.statusTopic);
    await waitFor('ready again, lag 0, everything committed', async () => (await readyz()).status === 200 && (await lag()) === 0 && m.stats.committed >= 600, 120_000);
  }, 240_000);

  it('/readyz also fails while the driving-events consumer (driver scores) cannot commit, says which, and recovers', async () => {
    const brokers = brokersOrThrow();
    const kafka = createKafka('readiness-test', brokers);
    const s = detourScenario('truck-events-stall');
    const plan = parsePlan({ ...planDocument([s]), drivers: { 'truck-events-stall': 'D1' } });
    const name = uniqueName('events-stall');
    const positions = `${name}-positions`;
    const events = `${name}-events`;
    await createPositionsTopic(kafka, positions);
    await createEventsTopic(kafka, events);
    // The positions consumer at its default bounds (ready throughout); the events consumer's are short.
    const fleet = new FleetMonitor({ brokers, plan, groupId: name, positionsTopic: positions, alertsTopic: `${name}-alerts`, statusTopic: `${name}-status`, deadLetterTopic: `${name}-dlq`, fromBeginning: true });
    cleanups.push(() => fleet.stop());
    await fleet.start();
    const keeper = new DriverScoreKeeper(fleet, { eventsTopic: events, scoresTopic: `${name}-scores`, deadLetterTopic: `${name}-events-dlq`, lagCheckMs: 200, stallMs: 2_000 });
    cleanups.push(() => keeper.stop());
    await keeper.start();
    const http = await startFleetHttp(fleet, plan, 0, { tiles: null, scores: keeper });
    cleanups.push(() => http.close());
    const readyz = async (): Promise<{ status: number; body: { status: string; reason?: string } }> => {
      const res = await fetch(`${http.url}readyz`);
      return { status: res.status, body: (await res.json()) as { status: string; reason?: string } };
    };
    const r = s.records;
    const event = (i: number) => scriptedEvent(r, 100 * i, r.at(-1)!.seq + i, 'harsh-braking', 4, 3, 2);
    await produceDrivingEvents(kafka, events, [event(1)]);
    await waitFor('the first event counted and ready', async () => keeper.stats.counted === 1 && (await readyz()).status === 200);

    // The scores topic disappears: no events batch can be published, so nothing is committed.
    const admin = kafka.admin();
    await admin.connect();
    cleanups.push(() => admin.disconnect());
    await admin.deleteTopics({ topics: [`${name}-scores`] });
    // The broker applies a deletion after the controller accepted it (Kafka 3.9 took a moment here):
    // until then the next events' scores would still be written and committed.
    await waitFor('the scores topic gone from the broker', async () => !(await admin.listTopics()).includes(`${name}-scores`));
    await produceDrivingEvents(kafka, events, [event(2), event(3)]);
    let seen = '';
    const stalled = await pollUntil(
      '/readyz to fail',
      async () => {
        const answer = await readyz();
        seen = `/readyz ${answer.status}; ${keeper.stats.counted} events counted, ${keeper.stats.rollbacks} rollbacks`;
        return answer.status === 503 ? answer : null;
      },
      { timeoutMs: 60_000, describe: () => seen },
    );
    expect(stalled.body).toEqual({
      status: 'not ready',
      reason: expect.stringMatching(/^driver scores \(the driving-events consumer\): (stalled: \d+ records waiting and nothing committed for \d+ s|the consumer is restarting after an error: .+)$/),
    });
    expect(fleet.readiness()).toEqual({ ready: true });
    const metric = async (name: string): Promise<number | undefined> => {
      const line = (await (await fetch(`${http.url}metrics`)).text()).split('\n').find((l) => l.startsWith(`${name} `));
      return line === undefined ? undefined : Number(line.split(' ')[1]);
    };
    await waitFor('the driver scores metrics to show the stall: not ready, the 2 events waiting', async () => (await metric('telematics_driver_scores_ready')) === 0 && (await metric('telematics_driver_scores_consumer_lag')) === 2);

    await ensureTopics(admin, [driverScoresTopic({ name: `${name}-scores` })]);
    await topicOffsets(admin, `${name}-scores`);
    await waitFor('ready again, every event counted', async () => keeper.stats.counted === 3 && (await readyz()).status === 200, 120_000);
    await waitFor('the metrics to follow: ready, lag 0, 3 braking events counted', async () => {
      const text = await (await fetch(`${http.url}metrics`)).text();
      return (await metric('telematics_driver_scores_ready')) === 1 && (await metric('telematics_driver_scores_consumer_lag')) === 0 && text.includes('telematics_driver_scores_events_counted_total{kind="harsh-braking"} 3');
    });
  }, 240_000);
});
