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
 * status per vehicle (a version 1 record is read as today's: status-record.ts), as
 * committed by the monitors' transactions.
 */
export async function readAllStatuses(kafka: Kafka, topic: string, options: StatusReadOptions = {}): Promise<Map<string, StoredStatus>> {
  return readLatestByKey(kafka, topic, parseStatusRecord, { groupIdPrefix: 'telematics-status-reader', ...options });
}

export interface StatusReadOptions {
  timeoutMs?: number;
  /**
   * Up to the high-water mark (the default): a transaction still open when the read starts is waited for, so that
   * what was committed after it is read too. false: up to the last stable offset, at once, perhaps behind.
   */
  toHighWatermark?: boolean;
}

/**
 * The latest readable value per key of a compacted topic, read committed to the end it has now (StatusReadOptions);
 * an unreadable record is logged and skipped.
 */
export async function readLatestByKey<T>(
  kafka: Kafka,
  topic: string,
  parse: (value: Buffer, headers: KafkaMessage['headers']) => T,
  options: StatusReadOptions & { groupIdPrefix: string },
): Promise<Map<string, T>> {
  const latest = new Map<string, T>();
  const timeoutMs = options.timeoutMs ?? 60_000;
  const { complete, unread } = await readRanges(kafka, {
    topic,
    ranges: await wholeTopic(kafka, topic, { toHighWatermark: options.toHighWatermark ?? true }),
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
