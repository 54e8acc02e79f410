import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { PACKAGE_ROOT } from '../common/paths.js';
import { createKafka } from '../kafka/config.js';
import { readRanges, topicOffsets, wholeTopic } from '../kafka/range-reader.js';
import { ensureTopics, positionsTopic } from '../kafka/topics.js';
import { type PositionRecord, positionRecordHeaders } from '../protocol/position-record.js';
import type { Alert } from './vehicle-tracker.js';

/** Shared by the monitor's real-broker tests and its benchmark: topics, producing records as the gateway does, reading alerts back. */

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export async function createPositionsTopic(kafka: Kafka, name: string, partitions = 3): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, [positionsTopic({ name, partitions })]);
    await topicOffsets(admin, name);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Produce records in the given order (key = vehicle id, schema header), acks=all, in chunks.
 * `timestampFromReceivedAt`: the record timestamp is the record's receivedAt, as if the gateway had produced it then.
 */
export async function producePositions(kafka: Kafka, topic: string, records: PositionRecord[], options: { chunk?: number; timestampFromReceivedAt?: boolean } = {}): Promise<void> {
  const chunk = options.chunk ?? 1_000;
  const producer = kafka.producer({ idempotent: false, allowAutoTopicCreation: false });
  await producer.connect();
  try {
    for (let i = 0; i < records.length; i += chunk) {
      await producer.send({
        topic,
        acks: -1,
        messages: records.slice(i, i + chunk).map((r) => ({
          key: r.vehicleId,
          value: JSON.stringify(r),
          headers: positionRecordHeaders(),
          ...(options.timestampFromReceivedAt ? { timestamp: String(Date.parse(r.receivedAt)) } : {}),
        })),
      });
    }
  } finally {
    await producer.disconnect();
  }
}

/** Every alert on a topic up to its current end, read by an independent consumer. */
export async function readAlerts(brokers: string[], topic: string): Promise<Alert[]> {
  const kafka = createKafka('telematics-alerts-reader', brokers);
  const alerts: Alert[] = [];
  const { complete, unread } = await readRanges(kafka, {
    topic,
    ranges: await wholeTopic(kafka, topic),
    groupIdPrefix: 'alerts-reader',
    timeoutMs: 60_000,
    onMessage: (message) => void alerts.push(JSON.parse(message.value!.toString('utf8')) as Alert),
  });
  if (!complete) throw new Error(`reading ${topic} to its end timed out (partitions ${unread.join(', ')} left)`);
  // Per vehicle, alerts are in partition (= production) order; across vehicles, order by vehicle then time.
  return alerts.sort((a, b) => (a.vehicleId < b.vehicleId ? -1 : a.vehicleId > b.vehicleId ? 1 : 0));
}

export interface RawStatusRecord {
  key: string;
  headers: Record<string, string>;
  value: string;
}

/** vehicle-status records as the previous version (schema 1) wrote them; the fixture says how they were made. */
export function statusV1Records(): RawStatusRecord[] {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'monitor', 'test-fixtures', 'vehicle-status-v1.json'), 'utf8')) as { records: RawStatusRecord[] }).records;
}

export async function waitFor<T>(what: string, probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export { createKafka };
