import { afterAll, beforeAll, expect, it } from 'vitest';
import { brokersOrThrow, describeWithKafka } from '../test/helpers/kafka.js';
import { createKafka } from '../kafka/config.js';
import { POSITIONS_TOPIC_DEFAULTS } from '../kafka/topics.js';
import { JSON_CONTENT_TYPE } from '../protocol/content-types.js';
import { encodeJsonBatch } from '../protocol/json-batch.js';
import { partitionOfKey } from '../kafka/partitions.js';
import { GatewayServer } from './server.js';
import { httpRequest, jsonBody, makeBatch, makePositions, readAllRecords, registerVehicle, repeatedSeqs, tempRegistry } from './test-support.js';

describeWithKafka('two gateway replicas on one topic', () => {
  const topic = `gateway-test-replicas-${process.pid}-${Date.now()}`;
  const eventsTopic = `${topic}-events`;
  const registryFile = tempRegistry();
  const replicas: GatewayServer[] = [];
  const urls: string[] = [];
  let token: string;

  beforeAll(async () => {
    token = registerVehicle(registryFile, 'truck-alternating');
    for (let i = 0; i < 2; i++) {
      const replica = new GatewayServer({ brokers: brokersOrThrow(), port: 0, topic, eventsTopic, registryFile });
      replicas.push(replica);
      urls.push(`${await replica.start()}/v1/positions`);
    }
  });
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
  });

  const post = (url: string, batch: unknown) =>
    httpRequest(url, { headers: { 'Content-Type': JSON_CONTENT_TYPE, Authorization: `Bearer ${token}` }, body: jsonBody(batch) });

  it('a vehicle alternating between the replicas, each batch resent to the other one, lands every position exactly once', async () => {
    const batches = 20;
    const size = 20;
    for (let k = 0; k < batches; k++) {
      const first = urls[k % 2]!;
      const other = urls[(k + 1) % 2]!;
      const batch = makeBatch('epoch-alt', k * size + 1, size);
      const ackedSeq = (k + 1) * size;
      expect((await post(first, batch)).json()).toEqual({ accepted: size, duplicates: 0, ackedSeq, epoch: batch.epoch });
      // The answer was lost: the agent resends, and the balancer picks the other replica.
      expect((await post(other, batch)).json()).toEqual({ accepted: 0, duplicates: size, ackedSeq, epoch: batch.epoch });
    }
    // A batch half produced by one replica, the rest sent with new positions to the other.
    const last = batches * size;
    expect((await post(urls[0]!, { epoch: 'epoch-alt', positions: makePositions(last + 1, 10) })).json()).toMatchObject({ accepted: 10 });
    expect((await post(urls[1]!, { epoch: 'epoch-alt', positions: makePositions(last + 6, 10) })).json()).toEqual({ accepted: 5, duplicates: 5, ackedSeq: last + 15, epoch: 'epoch-alt' });

    const records = await readAllRecords(createKafka('gateway-test', brokersOrThrow()), topic);
    expect(repeatedSeqs(records)).toEqual(new Map());
    expect(records).toHaveLength(last + 15);
  });

  it('waits on the partition the records of the vehicle went to', async () => {
    const vehicles = Array.from({ length: 16 }, (_, i) => `truck-partition-${i}`);
    await Promise.all(
      vehicles.map(async (vehicleId, i) => {
        const answer = await httpRequest(urls[i % 2]!, {
          headers: { 'Content-Type': JSON_CONTENT_TYPE, Authorization: `Bearer ${registerVehicle(registryFile, vehicleId)}` },
          body: jsonBody(makeBatch('epoch-p', 1, 2)),
        });
        expect(answer.status).toBe(200);
      }),
    );
    const records = (await readAllRecords(createKafka('gateway-test', brokersOrThrow()), topic)).filter((r) => vehicles.includes(r.key));
    expect(records).toHaveLength(2 * vehicles.length);
    expect(new Set(records.map((r) => r.partition)).size).toBeGreaterThan(1);
    for (const r of records) expect(r.partition, r.key).toBe(partitionOfKey(r.key, POSITIONS_TOPIC_DEFAULTS.partitions));
  });

  it('a driving event resent to the other replica is a duplicate too: the replicas follow the events topic (one seq space with the positions)', async () => {
    const vehicleToken = registerVehicle(registryFile, 'truck-braking');
    const epoch = 'epoch-events';
    const positions = makePositions(1, 6);
    const peak = positions[2]!;
    const trail = [{ timeMs: peak.timeMs - 1000, lat: peak.lat, lon: peak.lon, speed: 22.2 }];
    positions[2] = { ...peak, event: { kind: 'harsh-braking', startMs: peak.timeMs - 2000, endMs: peak.timeMs, peak: 4.41, threshold: 2.94, trail } };
    const body = encodeJsonBatch({ epoch, positions });
    const send = (url: string) => httpRequest(url, { headers: { 'Content-Type': JSON_CONTENT_TYPE, Authorization: `Bearer ${vehicleToken}` }, body });
    expect((await send(urls[0]!)).json()).toEqual({ accepted: 6, duplicates: 0, ackedSeq: 6, epoch });
    // The answer was lost: the resend reaches the other replica, which knows seqs 1–2 and 4–6 from the positions topic and 3 only from the events topic.
    expect((await send(urls[1]!)).json()).toEqual({ accepted: 0, duplicates: 6, ackedSeq: 6, epoch });

    const kafka = createKafka('gateway-test', brokersOrThrow());
    const ofVehicle = (records: { key: string }[]) => records.filter((r) => r.key === 'truck-braking');
    expect(ofVehicle(await readAllRecords(kafka, eventsTopic))).toHaveLength(1);
    expect(ofVehicle(await readAllRecords(kafka, topic))).toHaveLength(5);
  });
});
