import type { Kafka } from 'kafkajs';
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
  const statuses = new Map<string, StoredStatus>();
  const timeoutMs = options.timeoutMs ?? 60_000;
  const { complete, unread } = await readRanges(kafka, {
    topic,
    ranges: await wholeTopic(kafka, topic),
    groupIdPrefix: 'telematics-status-reader',
    timeoutMs,
    onMessage: (message) => {
      const vehicleId = message.key?.toString('utf8');
      if (!vehicleId || !message.value) return;
      try {
        statuses.set(vehicleId, parseStatusRecord(message.value, message.headers));
      } catch (err) {
        log.warn({ vehicleId, offset: message.offset, err: (err as Error).message }, 'unreadable status record skipped');
      }
    },
  });
  if (!complete) throw new Error(`reading ${topic} to its end took over ${timeoutMs} ms (partitions ${unread.join(', ')} left)`);
  return statuses;
}
