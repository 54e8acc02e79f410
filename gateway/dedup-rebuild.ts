import type { Kafka } from 'kafkajs';
import { getLogger } from '../common/logger.js';
import type { DedupMemory } from './dedup.js';

const log = getLogger('gateway.dedup');

export interface RebuildOptions {
  topic: string;
  /** Records read back per partition, from its end. */
  maxRecordsPerPartition: number;
  timeoutMs: number;
}

export interface RebuildResult {
  records: number;
  vehicles: number;
  complete: boolean;
}

/**
 * Refills the dedup memory from the tail of the positions topic, so a batch resent to a
 * restarted gateway is still recognised when its records are among the last
 * `maxRecordsPerPartition` of their partition. Bounded in records and time: past
 * `timeoutMs` the gateway starts with what it has read (still correct, just less memory).
 */
export async function rebuildDedupMemory(kafka: Kafka, memory: DedupMemory, options: RebuildOptions): Promise<RebuildResult> {
  const admin = kafka.admin();
  await admin.connect();
  let ranges: { partition: number; from: bigint; to: bigint }[];
  try {
    ranges = (await admin.fetchTopicOffsets(options.topic))
      .map((p) => {
        const high = BigInt(p.high);
        const low = BigInt(p.low);
        const from = high - BigInt(options.maxRecordsPerPartition);
        return { partition: p.partition, from: from > low ? from : low, to: high };
      })
      .filter((r) => r.to > r.from);
  } finally {
    await admin.disconnect();
  }
  if (ranges.length === 0) return { records: 0, vehicles: memory.vehicleCount, complete: true };

  // No offsets are committed; the group only exists to let kafkajs fetch, and is empty (and expires) afterwards.
  const consumer = kafka.consumer({ groupId: `telematics-gateway-dedup-${process.pid}-${Date.now()}` });
  let records = 0;
  const remaining = new Map(ranges.map((r) => [r.partition, r.to]));
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topic: options.topic });
    // Seek once the group is joined (again after kafkajs restarts a consumer that failed to join).
    consumer.on(consumer.events.GROUP_JOIN, () => {
      for (const r of ranges) {
        if (remaining.has(r.partition)) consumer.seek({ topic: options.topic, partition: r.partition, offset: r.from.toString() });
      }
    });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: true,
      eachBatch: async ({ batch }) => {
        const end = remaining.get(batch.partition);
        if (end === undefined) return;
        for (const message of batch.messages) {
          if (BigInt(message.offset) >= end) break;
          try {
            const value = JSON.parse(message.value?.toString() ?? '') as { vehicleId?: unknown; epoch?: unknown; seq?: unknown };
            if (typeof value.vehicleId === 'string' && typeof value.epoch === 'string' && typeof value.seq === 'number') {
              memory.markProduced(value.vehicleId, value.epoch, value.seq);
              records++;
            }
          } catch {
            // Not a position record: nothing to remember.
          }
        }
        const last = batch.messages.at(-1);
        if (last && BigInt(last.offset) + 1n >= end) {
          remaining.delete(batch.partition);
          if (remaining.size === 0) finished();
        }
      },
    });
    await Promise.race([done, new Promise<void>((resolve) => (timer = setTimeout(resolve, options.timeoutMs)))]);
  } finally {
    clearTimeout(timer);
    await consumer.disconnect().catch(() => undefined);
  }
  const result = { records, vehicles: memory.vehicleCount, complete: remaining.size === 0 };
  log.info({ topic: options.topic, ...result }, 'dedup memory rebuilt from the tail of the topic');
  return result;
}
