import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pollUntil } from '../common/poll.js';
import { createKafka } from '../kafka/config.js';
import { bootstrapAddress, freePort, kafkaDown, kafkaUp } from '../kafka/local-broker.js';
import { JSON_CONTENT_TYPE } from '../protocol/content-types.js';
import { describeWithKafka } from '../test/helpers/kafka.js';
import { GatewayServer } from './server.js';
import { httpRequest, jsonBody, makeBatch, readAllRecords, registerVehicle, repeatedSeqs, tempRegistry, topicRecordCount } from './test-support.js';

/**
 * A produce that times out but lands. Replica A holds its records past its produce timeout
 * (a linger longer than the timeout), so it answers 503 and its records reach the broker
 * later, while the broker is paused (SIGSTOP) past that timeout; on SIGCONT they are written.
 * The broker is this file's own: pausing the run's shared one would stall the other test files.
 */
describeWithKafka('a produce that timed out but landed', () => {
  const topic = `gateway-test-unknown-outcome-${process.pid}-${Date.now()}`;
  const registryFile = tempRegistry();
  const replicas: GatewayServer[] = [];
  const urls: string[] = [];
  let dir: string;
  let brokerPid: number;
  let brokers: string[];
  let token: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gateway-unknown-outcome-'));
    const up = await kafkaUp({ dir, port: await freePort(), owned: true });
    brokerPid = up.state.pid;
    brokers = [bootstrapAddress(up.state)];
    token = registerVehicle(registryFile, 'truck-paused');
    // A and C hold their records past their produce timeout: their produces time out, then land. C is a lone gateway (replicas: 'one').
    for (const options of [{ produceTimeoutMs: 2_000, lingerMs: 4_000 }, {}, { produceTimeoutMs: 2_000, lingerMs: 4_000, replicas: 'one' as const }]) {
      const replica = new GatewayServer({ brokers, port: 0, topic, registryFile, ...options });
      replicas.push(replica);
      urls.push(`${await replica.start()}/v1/positions`);
    }
  }, 180_000);

  afterAll(async () => {
    if (brokerPid) process.kill(brokerPid, 'SIGCONT');
    await Promise.all(replicas.map((r) => r.stop()));
    await kafkaDown({ dir });
    rmSync(dir, { recursive: true, force: true });
  });

  /** What the test did and got, with times: printed if the topic ends with a record twice. */
  const timeline: string[] = [];
  const note = (what: string) => timeline.push(`${new Date().toISOString()} ${what}`);
  const post = async (url: string, batch: unknown) => {
    const replica = `replica ${'ABC'[urls.indexOf(url)]}`;
    note(`post to ${replica}`);
    const answer = (await httpRequest(url, { headers: { 'Content-Type': JSON_CONTENT_TYPE, Authorization: `Bearer ${token}` }, body: jsonBody(batch) })).json();
    note(`${replica} answered ${JSON.stringify(answer)}`);
    return answer;
  };

  it('is recognised by both replicas once it landed: the resends add no record', async () => {
    const size = 30;
    expect(await post(urls[1]!, makeBatch('epoch-paused', 1, size))).toEqual({ accepted: size, duplicates: 0, ackedSeq: size, epoch: 'epoch-paused' });
    const batch = makeBatch('epoch-paused', size + 1, size);

    expect(await post(urls[0]!, batch)).toMatchObject({ error: 'kafka_unavailable' });
    process.kill(brokerPid, 'SIGSTOP');
    note('broker paused');
    try {
      // The agent resends to the other replica while the first attempt is unsettled: B cannot learn what landed, so it produces nothing.
      expect(await post(urls[1]!, batch)).toMatchObject({ error: 'kafka_unavailable' });
    } finally {
      process.kill(brokerPid, 'SIGCONT');
      note('broker resumed');
    }
    const kafka = createKafka('gateway-test', brokers);
    let count = 0;
    await pollUntil('the timed-out batch to land in Kafka', async () => (count = await topicRecordCount(kafka, topic)) >= 2 * size, {
      timeoutMs: 60_000,
      describe: () => `${count} records`,
    });

    // The agent resends to either replica: both find the batch in Kafka.
    expect(await post(urls[1]!, batch)).toEqual({ accepted: 0, duplicates: size, ackedSeq: 2 * size, epoch: batch.epoch });
    expect(await post(urls[0]!, batch)).toEqual({ accepted: 0, duplicates: size, ackedSeq: 2 * size, epoch: batch.epoch });
    const records = await readAllRecords(kafka, topic);
    expect(repeatedSeqs(records), `a record written twice; the test's timeline:\n${timeline.join('\n')}`).toEqual(new Map());
    expect(records).toHaveLength(2 * size);
  }, 120_000);

  it("is recognised by a lone gateway (replicas: 'one'), which reads the topic after a produce of unknown outcome", async () => {
    const size = 20;
    const batch = makeBatch('epoch-lone', 1, size);
    const kafka = createKafka('gateway-test', brokers);
    const before = await topicRecordCount(kafka, topic);
    expect(await post(urls[2]!, batch)).toMatchObject({ error: 'kafka_unavailable' });
    let count = 0;
    await pollUntil('the timed-out batch to land in Kafka', async () => (count = await topicRecordCount(kafka, topic)) >= before + size, {
      timeoutMs: 60_000,
      describe: () => `${count - before} of ${size} records`,
    });
    expect(await post(urls[2]!, batch)).toEqual({ accepted: 0, duplicates: size, ackedSeq: size, epoch: batch.epoch });
    const records = (await readAllRecords(kafka, topic)).filter((r) => r.value.epoch === batch.epoch);
    expect(records).toHaveLength(size);
  }, 120_000);
});
