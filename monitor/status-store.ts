import type { Admin, Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { getLogger } from '../common/logger.js';
import { parseStatusRecord } from './status-record.js';
import type { VehicleStatus } from './vehicle-tracker.js';

const log = getLogger('monitor.status');

/** Where a status came from on the positions topic: the record it reflects last. */
export interface StatusSource {
  partition: number;
  offset: string;
}

export type StoredStatus = VehicleStatus & { source?: StatusSource };

/**
 * A topic's offsets per partition. Right after a topic is created the broker can still
 * answer NOT_LEADER for a moment, and kafkajs's admin does not retry that: we do.
 */
export async function fetchTopicEnds(admin: Admin, topic: string, attempts = 20): Promise<{ partition: number; low: string; high: string }[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await admin.fetchTopicOffsets(topic);
    } catch (err) {
      if (attempt >= attempts) throw err;
      log.debug({ topic, err: (err as Error).message }, 'topic offsets not available yet, retrying');
      await new Promise((r) => setTimeout(r, 250));
      await admin.fetchTopicMetadata({ topics: [topic] }).catch(() => undefined);
    }
  }
}

/**
 * Read a compacted status topic from its beginning to the end it has now: the latest
 * status per vehicle (a version 1 record is read as today's: status-record.ts). A throwaway
 * consumer group that commits nothing (kafkajs has no manual assignment); it costs one
 * group join, independent of history length.
 */
export async function readAllStatuses(kafka: Kafka, topic: string, options: { timeoutMs?: number } = {}): Promise<Map<string, StoredStatus>> {
  const statuses = new Map<string, StoredStatus>();
  const admin = kafka.admin();
  await admin.connect();
  let ends: { partition: number; low: string; high: string }[];
  try {
    ends = await fetchTopicEnds(admin, topic);
  } finally {
    await admin.disconnect();
  }
  const remaining = new Map(ends.filter((e) => BigInt(e.high) > BigInt(e.low)).map((e) => [e.partition, BigInt(e.high) - 1n]));
  if (remaining.size === 0) return statuses;
  const consumer = kafka.consumer({ groupId: `telematics-status-reader-${randomUUID()}`, maxWaitTimeInMs: 200 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`reading ${topic} to its end took over ${options.timeoutMs ?? 60_000} ms (${remaining.size} partitions left)`)),
        options.timeoutMs ?? 60_000,
      );
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            for (const message of batch.messages) {
              const vehicleId = message.key?.toString('utf8');
              if (!vehicleId || !message.value) continue;
              try {
                statuses.set(vehicleId, parseStatusRecord(message.value, message.headers));
              } catch (err) {
                log.warn({ vehicleId, offset: message.offset, err: (err as Error).message }, 'unreadable status record skipped');
              }
            }
            const last = batch.messages.length ? BigInt(batch.messages[batch.messages.length - 1].offset) : -1n;
            const end = remaining.get(batch.partition);
            if (end !== undefined && last >= end) remaining.delete(batch.partition);
            if (remaining.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return statuses;
}
