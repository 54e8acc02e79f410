import { expect, it } from 'vitest';
import { brokersOrThrow, describeWithKafka } from '../test/helpers/kafka.js';
import { createKafka } from './config.js';
import { PartitionTransactions, TransactionFencedError, isFencedError } from './partition-transactions.js';
import { partitionOfKey } from './partitions.js';
import { readRanges, wholeTopic } from './range-reader.js';

describeWithKafka('PartitionTransactions against a real broker', () => {
  it("commits a partition's outputs with its offset as one, and a newer owner fences the former one until it owns the partition again", async () => {
    const kafka = createKafka('partition-transactions-test', brokersOrThrow());
    const name = `partition-transactions-${Date.now()}`;
    const [input, output, groupId] = [`${name}-in`, `${name}-out`, `${name}-group`];
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: input, numPartitions: 2 }, { topic: output, numPartitions: 3 }], waitForLeaders: true });
    const options = { groupId, topic: input, outputPartitions: new Map([[output, 3]]) };
    const first = new PartitionTransactions(kafka, options);
    const second = new PartitionTransactions(kafka, options);
    const read = async () => {
      const records: string[] = [];
      const { complete } = await readRanges(kafka, {
        topic: output,
        ranges: await wholeTopic(kafka, output, { toHighWatermark: true }),
        groupIdPrefix: `${name}-reader`,
        timeoutMs: 60_000,
        onMessage: (m, partition) => {
          const key = m.key!.toString();
          // Each record where the project's producers put its key.
          expect(partition).toBe(partitionOfKey(key, 3));
          records.push(`${key}=${m.value!.toString()}`);
        },
      });
      expect(complete).toBe(true);
      return records.sort();
    };
    const committedOffset = async () => (await admin.fetchOffsets({ groupId, topics: [input] }))[0].partitions.find((p) => p.partition === 0)!.offset;
    const out = (key: string, value: string) => [{ topic: output, messages: [{ key, value }] }];
    try {
      await first.own([0]);
      await first.commit(0, out('truck-1', 'a'), '5');
      expect(await read()).toEqual(['truck-1=a']);
      expect(await committedOffset()).toBe('5');
      await expect(first.commit(1, out('truck-2', 'x'), '1')).rejects.toThrow('not owned');

      await second.own([0]);
      await expect(first.commit(0, out('truck-1', 'b'), '6')).rejects.toBeInstanceOf(TransactionFencedError);
      // Until its next own, the fenced one writes nothing more, without asking the broker.
      await expect(first.commit(0, out('truck-1', 'c'), '7')).rejects.toBeInstanceOf(TransactionFencedError);
      await second.commit(0, out('truck-3', 'd'), '8');
      expect(await read()).toEqual(['truck-1=a', 'truck-3=d']);
      expect(await committedOffset()).toBe('8');

      await first.own([0]);
      await first.commit(0, out('truck-1', 'e'), '9');
      await expect(second.commit(0, out('truck-3', 'f'), '10')).rejects.toBeInstanceOf(TransactionFencedError);
      expect(await read()).toEqual(['truck-1=a', 'truck-1=e', 'truck-3=d']);
      expect(await committedOffset()).toBe('9');
    } finally {
      await Promise.all([first.close(), second.close(), admin.disconnect()]);
    }
  });
});

it('isFencedError finds the fencing error however kafkajs wrapped it, and nothing else', () => {
  expect(isFencedError({ type: 'INVALID_PRODUCER_EPOCH' })).toBe(true);
  expect(isFencedError({ name: 'KafkaJSNumberOfRetriesExceeded', cause: { code: 90 } })).toBe(true);
  expect(isFencedError({ name: 'KafkaJSAggregateError', errors: [{ type: 'NOT_LEADER_FOR_PARTITION' }, { originalError: { type: 'INVALID_PRODUCER_EPOCH' } }] })).toBe(true);
  expect(isFencedError({ type: 'NOT_LEADER_FOR_PARTITION', cause: { type: 'REQUEST_TIMED_OUT' } })).toBe(false);
  expect(isFencedError(new Error('Connection error'))).toBe(false);
  const loop: { cause?: unknown } = {};
  loop.cause = loop;
  expect(isFencedError(loop)).toBe(false);
});
