import type { Kafka } from 'kafkajs';
import { getLogger } from '../common/logger.js';
import { parsePositionRecord } from '../protocol/position-record.js';

const log = getLogger('simulator.verify');

export const VERIFY_DEFAULTS = {
  /** Reading the run's records back must finish within this. */
  timeoutMs: 120_000,
  /** Tries to read a fresh topic's offsets (500 ms apart) while its leaders are being elected. */
  offsetAttempts: 30,
};

/** Per-partition offsets: the topic's end when the run started, so verification reads only this run's records. */
export type PartitionOffsets = Map<number, string>;

export async function topicEndOffsets(kafka: Kafka, topic: string): Promise<PartitionOffsets> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    // A topic created moments ago may not have elected its partition leaders yet: retry for a while.
    for (let attempt = 1; ; attempt++) {
      try {
        return new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, p.high]));
      } catch (err) {
        if (attempt >= VERIFY_DEFAULTS.offsetAttempts || !(err as { retriable?: boolean }).retriable) throw err;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  } finally {
    await admin.disconnect();
  }
}

/** How often each `vehicleId|epoch|seq` of the given vehicles appears between `from` and the topic's current end. */
export async function readPositionKeys(kafka: Kafka, topic: string, from: PartitionOffsets, vehicles: Set<string>, timeoutMs = VERIFY_DEFAULTS.timeoutMs): Promise<{ counts: Map<string, number>; records: number }> {
  const end = await topicEndOffsets(kafka, topic);
  const remaining = new Set([...end].filter(([p, high]) => BigInt(high) > BigInt(from.get(p) ?? '0')).map(([p]) => p));
  const counts = new Map<string, number>();
  let records = 0;
  if (remaining.size === 0) return { counts, records };
  const consumer = kafka.consumer({ groupId: `telematics-sim-verify-${process.pid}-${Date.now()}`, maxBytesPerPartition: 4 * 1024 * 1024 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let finish!: () => void;
    const finished = new Promise<void>((r) => (finish = r));
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const last = BigInt(end.get(batch.partition) ?? '0') - 1n;
        const start = BigInt(from.get(batch.partition) ?? '0');
        for (const m of batch.messages) {
          const offset = BigInt(m.offset);
          if (offset < start || offset > last) continue;
          records++;
          const vehicleId = m.key?.toString('utf8') ?? '';
          if (!vehicles.has(vehicleId) || !m.value) continue;
          const r = parsePositionRecord(m.value);
          const key = `${r.vehicleId}|${r.epoch}|${r.seq}`;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        if (BigInt(batch.lastOffset()) >= last) {
          remaining.delete(batch.partition);
          if (remaining.size === 0) finish();
        }
      },
    });
    for (const [partition, offset] of from) consumer.seek({ topic, partition, offset });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
    const outcome = await Promise.race([finished, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') log.error({ partitionsUnread: [...remaining] }, 'verification did not read every partition to its end in time');
    return { counts, records };
  } finally {
    await consumer.disconnect();
  }
}

export interface TruckVerification {
  unique: number;
  duplicates: number;
  missing: number;
  /** Missing seqs (first 20), for a look at the gateway/Kafka logs. */
  missingSeqs: number[];
}

/**
 * One truck's positions against what Kafka holds: every seq the buffer gave out
 * (1…lastSeq of its epoch) must be in Kafka exactly once, except those still buffered
 * and those the agent dropped with a counted reason (cap, quarantine).
 */
export function verifyTruck(counts: Map<string, number>, t: { vehicleId: string; epoch: string; lastSeq: number; unsentSeqs: number[]; droppedCounted: number }): TruckVerification {
  const unsent = new Set(t.unsentSeqs);
  let unique = 0;
  let duplicates = 0;
  const notFound: number[] = [];
  for (let seq = 1; seq <= t.lastSeq; seq++) {
    const n = counts.get(`${t.vehicleId}|${t.epoch}|${seq}`) ?? 0;
    if (n > 0) {
      unique++;
      duplicates += n - 1;
    } else if (!unsent.has(seq)) notFound.push(seq);
  }
  const missing = Math.max(0, notFound.length - t.droppedCounted);
  return { unique, duplicates, missing, missingSeqs: missing > 0 ? notFound.slice(0, 20) : [] };
}
