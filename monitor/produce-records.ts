import type { Kafka } from 'kafkajs';
import { type TopicSpec, ensureTopics, eventsTopic, positionsTopic } from '../kafka/topics.js';
import { topicOffsets } from '../kafka/range-reader.js';
import { type DrivingEventRecord, drivingEventRecordHeaders } from '../protocol/driving-event-record.js';
import { type PositionRecord, positionRecordHeaders } from '../protocol/position-record.js';

/** A positions topic for scripted records (the demo's planned trucks, tests, the bench), usable once this returns. */
export async function createPositionsTopic(kafka: Kafka, name: string, partitions = 3): Promise<void> {
  await createTopic(kafka, positionsTopic({ name, partitions }));
}

/** An events topic for scripted driving events (tests), usable once this returns. */
export async function createEventsTopic(kafka: Kafka, name: string, partitions = 3): Promise<void> {
  await createTopic(kafka, eventsTopic({ name, partitions }));
}

async function createTopic(kafka: Kafka, spec: TopicSpec): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, [spec]);
    await topicOffsets(admin, spec.name);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Produce records in the given order, as the gateway does (key = vehicle id, schema header), acks=all, in chunks.
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


/** Produce driving-event records as the gateway does (key = vehicle id, schema header), acks=all: the demo's scripted events, tests. */
export async function produceDrivingEvents(kafka: Kafka, topic: string, records: DrivingEventRecord[]): Promise<void> {
  const producer = kafka.producer({ idempotent: false, allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: records.map((r) => ({ key: r.vehicleId, value: JSON.stringify(r), headers: drivingEventRecordHeaders() })) });
  } finally {
    await producer.disconnect();
  }
}
