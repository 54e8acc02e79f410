import type { Kafka } from 'kafkajs';
import { getLogger } from '../common/logger.js';
import { readRanges, type PartitionRange } from '../kafka/range-reader.js';
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
  let ranges: PartitionRange[];
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

  let records = 0;
  const { complete } = await readRanges(kafka, {
    topic: options.topic,
    ranges,
    groupIdPrefix: `telematics-gateway-dedup-${process.pid}`,
    timeoutMs: options.timeoutMs,
    onMessage: (message) => {
      try {
        const value = JSON.parse(message.value?.toString() ?? '') as { vehicleId?: unknown; epoch?: unknown; seq?: unknown };
        if (typeof value.vehicleId === 'string' && typeof value.epoch === 'string' && typeof value.seq === 'number') {
          memory.markProduced(value.vehicleId, value.epoch, value.seq);
          records++;
        }
      } catch {
        // Not a position record: nothing to remember.
      }
    },
  });
  const result = { records, vehicles: memory.vehicleCount, complete };
  log.info({ topic: options.topic, ...result }, 'dedup memory rebuilt from the tail of the topic');
  return result;
}
