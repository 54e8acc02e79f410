import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import type { RecordProblem } from '../protocol/position-record-check.js';

/**
 * A record the monitor cannot read as a position record goes to the dead-letter topic
 * (kafka/topics.ts, `vehicle-positions-dlq`) as it was — key, value, headers — with why and where
 * from in these headers, so nothing is lost and a person can inspect, fix and replay it.
 */
export const DEAD_LETTER_HEADERS = {
  /** Why: a `RecordProblemReason` (protocol/position-record-check.ts): no-value, schema-version, not-json, schema, key. */
  reason: 'dlq-reason',
  /** What is wrong, in words. */
  message: 'dlq-message',
  sourceTopic: 'dlq-source-topic',
  sourcePartition: 'dlq-source-partition',
  sourceOffset: 'dlq-source-offset',
  /** The source record's timestamp (ms), as the dead letter has its own. */
  sourceTimestamp: 'dlq-source-timestamp',
  /** The consumer group that dead-lettered it. */
  consumerGroup: 'dlq-consumer-group',
} as const;

export interface DeadLetterSource {
  topic: string;
  partition: number;
  message: KafkaMessage;
  consumerGroup: string;
}

export function deadLetterMessage({ topic, partition, message, consumerGroup }: DeadLetterSource, problem: RecordProblem): Message {
  const h = DEAD_LETTER_HEADERS;
  const headers: IHeaders = {
    ...message.headers,
    [h.reason]: problem.reason,
    [h.message]: problem.message,
    [h.sourceTopic]: topic,
    [h.sourcePartition]: String(partition),
    [h.sourceOffset]: message.offset,
    [h.sourceTimestamp]: message.timestamp,
    [h.consumerGroup]: consumerGroup,
  };
  return { key: message.key, value: message.value, headers };
}
