import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeWithKafka } from '../test/helpers/kafka.js';
import { pollUntil } from '../common/poll.js';
import { createKafka } from '../kafka/config.js';
import { bootstrapAddress, freePort, kafkaDown, kafkaUp } from '../kafka/local-broker.js';
import { JSON_CONTENT_TYPE } from '../protocol/content-types.js';
import { GatewayServer } from './server.js';
import { httpRequest, jsonBody, makeBatch, readAllRecords, registerVehicle, tempRegistry } from './test-support.js';

const BOUNDS = { produceTimeoutMs: 2_000, vehicleLockTimeoutMs: 2_500 };
/** The longest a batch may take to be answered: waiting for the vehicle's lock, then for Kafka. */
const ANSWER_BOUND_MS = BOUNDS.vehicleLockTimeoutMs + BOUNDS.produceTimeoutMs + 1_000;

// A broker of its own (the run's shared broker is never stopped), stopped and restarted on the same dir and port.
describeWithKafka('gateway with the broker stopped and restarted', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-broker-down-'));
  let gateway: GatewayServer | undefined;

  afterAll(async () => {
    await gateway?.stop();
    await kafkaDown({ dir });
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After within the bound while Kafka is down, then accepts the same batches exactly once', async () => {
    const port = await freePort();
    const up = await kafkaUp({ dir, port, owned: true });
    const brokers = [bootstrapAddress(up.state)];
    const registryFile = tempRegistry();
    const token = registerVehicle(registryFile, 'truck-1');
    const topic = 'positions-broker-down';
    gateway = new GatewayServer({ brokers, port: 0, topic, registryFile, ...BOUNDS });
    const url = `${await gateway.start()}/v1/positions`;
    const post = (batch: unknown) =>
      httpRequest(url, { headers: { 'Content-Type': JSON_CONTENT_TYPE, Authorization: `Bearer ${token}` }, body: jsonBody(batch) });

    // The agent retries each batch after a 503 until it is acknowledged (a fresh broker on a loaded machine can be slow).
    const deliver = async (batch: unknown): Promise<void> => {
      await pollUntil(`a 200 for ${JSON.stringify(batch).slice(0, 60)}…`, async () => (await post(batch)).status === 200, { timeoutMs: 60_000, intervalMs: 500 });
    };
    const first = makeBatch('epoch-1', 1, 10);
    await deliver(first);

    await kafkaDown({ dir });
    const pending = [makeBatch('epoch-1', 11, 10), makeBatch('epoch-1', 21, 10)];
    for (const batch of pending) {
      const started = Date.now();
      const answer = await post(batch);
      const elapsedMs = Date.now() - started;
      expect(answer.status, answer.body).toBe(503);
      expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
      expect(answer.json().error).toBe('kafka_unavailable');
      expect(elapsedMs).toBeLessThan(ANSWER_BOUND_MS);
    }
    const ready = await httpRequest(url.replace('/v1/positions', '/readyz'), { method: 'GET' });
    expect(ready.status).toBe(503);

    await kafkaUp({ dir, port, owned: true });
    for (const batch of [...pending, first]) await deliver(batch);

    const records = await readAllRecords(createKafka('gateway-test', brokers), topic);
    const seqs = records.map((r) => r.value.seq as number).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  }, 300_000); // two broker starts and a retried delivery each: minutes on a loaded machine
});
