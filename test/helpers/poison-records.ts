import type { Kafka } from 'kafkajs';
import type { RecordProblemReason } from '../../protocol/position-record-check.js';
import { positionRecordHeaders, type PositionRecord } from '../../protocol/position-record.js';

/** Shared by the tests of every consumer of the positions topic (monitor, history, sim --verify). */

/** A record that is not a position record, as issue 13 found them stopping the monitor, with the reason the check gives it. */
export interface PoisonRecord {
  name: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
  reason: RecordProblemReason;
}

/**
 * The bad records, each built around `good` (a position record of the vehicle). The keyless one
 * carries a valid position with seq `unusedSeq`: were it taken, the vehicle would count one position too many.
 */
export function poisonRecords(good: PositionRecord, unusedSeq: number): PoisonRecord[] {
  const key = good.vehicleId;
  const headers = positionRecordHeaders();
  return [
    { name: 'null', key, value: 'null', headers, reason: 'schema' },
    { name: '[]', key, value: '[]', headers, reason: 'schema' },
    { name: '{}', key, value: '{}', headers, reason: 'schema' },
    { name: '"hello"', key, value: '"hello"', headers, reason: 'schema' },
    { name: 'vehicleId: 9', key, value: JSON.stringify({ ...good, vehicleId: 9 }), headers, reason: 'schema' },
    { name: 'a record with no key', key: null, value: JSON.stringify({ ...good, seq: unusedSeq }), headers, reason: 'key' },
    { name: 'text that is not JSON', key, value: 'hello', headers, reason: 'not-json' },
    { name: 'no value (a tombstone)', key, value: null, headers, reason: 'no-value' },
    { name: 'another schema version', key, value: JSON.stringify(good), headers: { ...headers, 'schema-version': '7' }, reason: 'schema-version' },
  ];
}

/** Produces each record on its own, acks=all, and returns where each landed (to its `partition` when given, else by key). */
export async function producePoison(kafka: Kafka, topic: string, records: PoisonRecord[], partition?: number): Promise<{ partition: number; offset: string }[]> {
  const producer = kafka.producer({ idempotent: false, allowAutoTopicCreation: false });
  await producer.connect();
  try {
    const landed: { partition: number; offset: string }[] = [];
    for (const r of records) {
      const [meta] = await producer.send({ topic, acks: -1, messages: [{ key: r.key, value: r.value, headers: r.headers, ...(partition !== undefined && { partition }) }] });
      landed.push({ partition: meta!.partition, offset: meta!.baseOffset! });
    }
    return landed;
  } finally {
    await producer.disconnect();
  }
}
