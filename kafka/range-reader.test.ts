import type { Admin } from 'kafkajs';
import { expect, it } from 'vitest';
import { brokersOrThrow, describeWithKafka } from '../test/helpers/kafka.js';
import { createKafka } from './config.js';
import { HighWatermarkLister, RANGE_READER_DEFAULTS, endOffsets, highWatermarks, rangesBetween, readRanges, topicOffsets, wholeTopic } from './range-reader.js';

describeWithKafka('readRanges against a real broker', () => {
  it('reads exactly the records in each range, once, in offset order; stops a partition when asked', async () => {
    const kafka = createKafka('range-reader-test', brokersOrThrow());
    const topic = `range-reader-${Date.now()}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    for (const partition of [0, 1, 2]) {
      await producer.send({ topic, acks: -1, messages: Array.from({ length: 50 }, (_, i) => ({ partition, value: `${partition}:${i}` })) });
    }
    await producer.disconnect();

    const ends = await endOffsets(kafka, topic);
    expect([...ends.values()]).toEqual(['50', '50', '50']);
    expect(rangesBetween(new Map([[0, '50'], [1, '10']]), ends)).toEqual([
      { partition: 1, from: 10n, to: 50n },
      { partition: 2, from: 0n, to: 50n },
    ]);

    const seen: string[] = [];
    const result = await readRanges(kafka, {
      topic,
      ranges: [
        { partition: 0, from: 5n, to: 8n },
        { partition: 1, from: 0n, to: 50n },
        { partition: 2, from: 40n, to: 50n },
      ],
      groupIdPrefix: 'range-reader-test',
      timeoutMs: 60_000,
      onMessage: (m, partition) => {
        const value = m.value!.toString();
        seen.push(value);
        if (partition === 2 && value === '2:44') return false;
      },
    });
    expect(result).toEqual({ complete: true, unread: [] });
    const of = (p: number) => seen.filter((v) => v.startsWith(`${p}:`));
    expect(of(0)).toEqual(['0:5', '0:6', '0:7']);
    expect(of(1)).toEqual(Array.from({ length: 50 }, (_, i) => `1:${i}`));
    expect(of(2)).toEqual(['2:40', '2:41', '2:42', '2:43', '2:44']);

    expect(await readRanges(kafka, { topic, ranges: [{ partition: 0, from: 9n, to: 9n }], groupIdPrefix: 'x', timeoutMs: 1, onMessage: () => undefined })).toEqual({
      complete: true,
      unread: [],
    });
  });
});

describeWithKafka('HighWatermarkLister against a real broker', () => {
  it("lists several topics' high-water marks in one call, sees records written between calls on its kept connection, and lists nothing once closed", async () => {
    const kafka = createKafka('hwm-lister-test', brokersOrThrow());
    const [a, b] = [`hwm-a-${Date.now()}`, `hwm-b-${Date.now()}`];
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: a, numPartitions: 3 }, { topic: b, numPartitions: 2 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    const lister = new HighWatermarkLister(kafka);
    const listed = async () => Object.fromEntries([...(await lister.list([a, b], RANGE_READER_DEFAULTS.offsetRetry))].map(([topic, offsets]) => [topic, Object.fromEntries(offsets)]));
    try {
      await producer.send({ topic: a, acks: -1, messages: [{ partition: 2, value: '1' }, { partition: 2, value: '2' }] });
      expect(await listed()).toEqual({ [a]: { 0: '0', 1: '0', 2: '2' }, [b]: { 0: '0', 1: '0' } });
      await producer.send({ topic: b, acks: -1, messages: [{ partition: 1, value: '3' }] });
      expect(await listed()).toEqual({ [a]: { 0: '0', 1: '0', 2: '2' }, [b]: { 0: '0', 1: '1' } });
      await lister.close();
      await expect(listed()).rejects.toThrow('the high-water mark lister is closed');
    } finally {
      await lister.close();
      await producer.disconnect();
    }
  });
});

describeWithKafka('readRanges over transactions, against a real broker', () => {
  it('reads the committed records only, ends a range at its markers, and reads to the high-water mark past an open transaction once it ends', async () => {
    const kafka = createKafka('range-reader-txn-test', brokersOrThrow());
    const topic = `range-reader-txn-${Date.now()}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer({ transactionalId: `${topic}-writer`, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const write = async (values: string[], outcome: 'commit' | 'abort' | 'open') => {
      const tx = await producer.transaction();
      await tx.send({ topic, acks: -1, messages: values.map((value) => ({ partition: 0, value })) });
      if (outcome !== 'open') await tx[outcome]();
      return tx;
    };
    const read = (from: bigint, to: bigint) => {
      const seen: string[] = [];
      return readRanges(kafka, { topic, ranges: [{ partition: 0, from, to }], groupIdPrefix: 'range-reader-txn-test', timeoutMs: 60_000, onMessage: (m) => void seen.push(m.value!.toString()) }).then((result) => ({ result, seen }));
    };
    try {
      await write(['a', 'b', 'c'], 'commit');
      await write(['x', 'y'], 'abort');
      // Offsets 0–2 a b c, 3 a commit marker, 4–5 aborted, 6 an abort marker.
      expect((await endOffsets(kafka, topic)).get(0)).toBe('7');
      expect(await read(0n, 7n)).toEqual({ result: { complete: true, unread: [] }, seen: ['a', 'b', 'c'] });
      // A range of markers and aborted records alone: no batch reaches eachBatch, and the range still ends.
      expect(await read(3n, 7n)).toEqual({ result: { complete: true, unread: [] }, seen: [] });

      const open = await write(['d', 'e'], 'open');
      // The last stable offset stops before the open transaction; the high-water mark does not.
      expect((await endOffsets(kafka, topic)).get(0)).toBe('7');
      expect((await highWatermarks(kafka, topic)).get(0)).toBe('9');
      const [range] = await wholeTopic(kafka, topic, { toHighWatermark: true });
      expect(range).toEqual({ partition: 0, from: 0n, to: 9n });
      const reading = read(range.from, range.to);
      await open.commit();
      expect(await reading).toEqual({ result: { complete: true, unread: [] }, seen: ['a', 'b', 'c', 'd', 'e'] });
    } finally {
      await producer.disconnect();
    }
  });
});

/** An admin whose offsets reads fail `failures` times (as a broker that no longer leads answers), recording each call. */
function staleAdmin(failures: number): { admin: Admin; calls: string[] } {
  const calls: string[] = [];
  const admin = {
    fetchTopicOffsets: async (topic: string) => {
      calls.push(`offsets ${topic}`);
      if (calls.filter((c) => c.startsWith('offsets')).length <= failures) throw new Error('This server is not the leader for that topic-partition');
      return [{ partition: 0, offset: '7', low: '0', high: '7' }];
    },
    fetchTopicMetadata: async ({ topics }: { topics: string[] }) => {
      calls.push(`metadata ${topics.join()}`);
      return { topics: [] };
    },
  } as unknown as Admin;
  return { admin, calls };
}

it('topicOffsets refreshes the metadata before each new try, and gives up after the tries it is given', async () => {
  const twice = staleAdmin(2);
  expect(await topicOffsets(twice.admin, 't', { attempts: 3, retryMs: 1 })).toEqual([{ partition: 0, offset: '7', low: '0', high: '7' }]);
  expect(twice.calls).toEqual(['offsets t', 'metadata t', 'offsets t', 'metadata t', 'offsets t']);

  const always = staleAdmin(3);
  await expect(topicOffsets(always.admin, 't', { attempts: 3, retryMs: 1 })).rejects.toThrow('not the leader');
  expect(always.calls.filter((c) => c.startsWith('offsets'))).toHaveLength(3);
});
