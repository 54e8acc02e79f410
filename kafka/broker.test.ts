import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { javaProcessesFor, telematics } from '../test/helpers/cli.js';
import { describeWithKafka, brokersOrThrow } from '../test/helpers/kafka.js';
import { createKafka } from './config.js';
import { freePort, portAnswers } from './local-broker.js';

describeWithKafka('a real Kafka broker', () => {
  it('round-trips a record with kafkajs', async () => {
    const kafka = createKafka('roundtrip-test', brokersOrThrow());
    const admin = kafka.admin();
    await admin.connect();
    const topic = `roundtrip-${Date.now()}`;
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();

    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ key: 'truck-7', value: 'hello', headers: { schema: '1' } }] });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: `g-${topic}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const got = await new Promise<{ key: string; value: string; schema: string }>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) =>
          resolve({ key: message.key!.toString(), value: message.value!.toString(), schema: message.headers!.schema!.toString() }),
      });
    });
    await consumer.disconnect();
    expect(got).toEqual({ key: 'truck-7', value: 'hello', schema: '1' });
  });
});

describeWithKafka('telematics kafka up/status/down', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-cli-'));
  afterAll(async () => {
    await telematics('kafka', 'down', '--dir', dir);
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts a broker with the positions topic, is idempotent, and leaves no java process after down', async () => {
    const port = await freePort();
    let controllerPort = await freePort();
    while (controllerPort === port) controllerPort = await freePort();
    const clash = await telematics('kafka', 'up', '--dir', dir, '--port', String(port), '--controller-port', String(port));
    expect(clash.status).toBe(2);
    expect(clash.stderr).toContain(`Controller port ${port} on 127.0.0.1 is the client port`);
    const up = await telematics('kafka', 'up', '--dir', dir, '--port', String(port), '--controller-port', String(controllerPort));
    expect(up.status, up.stderr).toBe(0);
    expect(up.stdout).toContain(`controller port ${controllerPort}`);
    expect(await portAnswers(controllerPort)).toBe(true);
    const lines = up.stdout.trim().split('\n');
    expect(lines.at(-1)).toBe(`127.0.0.1:${port}`);
    expect(javaProcessesFor(dir).length).toBe(1);

    const kafka = createKafka('cli-test', [`127.0.0.1:${port}`]);
    const admin = kafka.admin();
    await admin.connect();
    expect(await admin.listTopics()).toContain('vehicle-positions');
    const cluster = await admin.describeCluster();
    expect(cluster.brokers).toHaveLength(1);
    await admin.disconnect();

    const again = await telematics('kafka', 'up', '--dir', dir);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/already running/);
    expect(again.stdout.trim().split('\n').at(-1)).toBe(`127.0.0.1:${port}`);

    const status = await telematics('kafka', 'status', '--dir', dir, '--json');
    expect(status.status).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ running: true, answering: true, bootstrap: `127.0.0.1:${port}`, state: { controllerPort, jvmProfile: 'light' } });

    const down = await telematics('kafka', 'down', '--dir', dir);
    expect(down.status, down.stderr).toBe(0);
    expect(javaProcessesFor(dir)).toEqual([]);

    const after = await telematics('kafka', 'status', '--dir', dir);
    expect(after.status).toBe(1);
    expect(after.stdout).toMatch(/not running/);
  });
});
