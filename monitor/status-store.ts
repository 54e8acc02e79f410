import type { Kafka, KafkaMessage } from 'kafkajs';
import { getLogger } from '../common/logger.js';
import { readRanges, wholeTopic } from '../kafka/range-reader.js';
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
 * Read a compacted status topic from its beginning to the end it has now: the latest
 * status per vehicle (a version 1 record is read as today's: status-record.ts).
 */
export async function readAllStatuses(kafka: Kafka, topic: string, options: { timeoutMs?: number } = {}): Promise<Map<string, StoredStatus>> {
  return readLatestByKey(kafka, topic, parseStatusRecord, { groupIdPrefix: 'telematics-status-reader', ...options });
}

/** The latest readable value per key of a compacted topic, read to the end it has now; an unreadable record is logged and skipped. */
export async function readLatestByKey<T>(
  kafka: Kafka,
  topic: string,
  parse: (value: Buffer, headers: KafkaMessage['headers']) => T,
  options: { groupIdPrefix: string; timeoutMs?: number },
): Promise<Map<string, T>> {
  const latest = new Map<string, T>();
  const timeoutMs = options.timeoutMs ?? 60_000;
  const { complete, unread } = await readRanges(kafka, {
    topic,
    ranges: await wholeTopic(kafka, topic),
    groupIdPrefix: options.groupIdPrefix,
    timeoutMs,
    onMessage: (message) => {
      const key = message.key?.toString('utf8');
      if (!key || !message.value) return;
      try {
        latest.set(key, parse(message.value, message.headers));
      } catch (err) {
        log.warn({ topic, key, offset: message.offset, err: (err as Error).message }, 'unreadable record skipped');
      }
    },
  });
  if (!complete) throw new Error(`reading ${topic} to its end took over ${timeoutMs} ms (partitions ${unread.join(', ')} left)`);
  return latest;
}
