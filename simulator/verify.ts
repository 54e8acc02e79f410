import type { Kafka } from 'kafkajs';
import { getLogger } from '../common/logger.js';
import { endOffsets, rangesBetween, readRanges, type PartitionOffsets } from '../kafka/range-reader.js';
import { checkPositionRecord, type SkippedRecords } from '../protocol/position-record-check.js';

const log = getLogger('simulator.verify');

export const VERIFY_DEFAULTS = {
  /** Reading the run's records back must finish within this. */
  timeoutMs: 120_000,
};

/**
 * How often each `vehicleId|epoch|seq` of the given vehicles appears between `from` and the topic's
 * current end, added to `counts` (the positions and the driving-events topics share the seqs: read
 * both into one map); records of these vehicles (or without a key) that are not position records are
 * skipped and counted in `skipped`, so one bad record does not stop the verification. A driving-event
 * record carries every field a position record requires (the schema allows more), so it is read by
 * the same check; `kinds` counts the driving events among the records by kind, each key once.
 */
export async function readRecordKeys(
  kafka: Kafka,
  topic: string,
  from: PartitionOffsets,
  vehicles: Set<string>,
  timeoutMs = VERIFY_DEFAULTS.timeoutMs,
  counts = new Map<string, number>(),
): Promise<{ counts: Map<string, number>; records: number; skipped: SkippedRecords; kinds: Record<string, number> }> {
  const skipped: SkippedRecords = {};
  const kinds: Record<string, number> = {};
  let records = 0;
  const result = await readRanges(kafka, {
    topic,
    ranges: rangesBetween(from, await endOffsets(kafka, topic)),
    groupIdPrefix: 'telematics-sim-verify',
    timeoutMs,
    maxBytesPerPartition: 4 * 1024 * 1024,
    onMessage: (m, partition) => {
      records++;
      if (m.key !== null && !vehicles.has(m.key.toString('utf8'))) return;
      const checked = checkPositionRecord(m);
      if ('problem' in checked) {
        const { reason, message } = checked.problem;
        skipped[reason] = (skipped[reason] ?? 0) + 1;
        log.warn({ partition, offset: m.offset, reason, err: message }, 'not a position record: skipped');
        return;
      }
      const r = checked.record as typeof checked.record & { kind?: string };
      const key = `${r.vehicleId}|${r.epoch}|${r.seq}`;
      const seen = counts.get(key) ?? 0;
      counts.set(key, seen + 1);
      if (seen === 0 && r.kind !== undefined) kinds[r.kind] = (kinds[r.kind] ?? 0) + 1;
    },
  });
  if (!result.complete) log.error({ topic, partitionsUnread: result.unread }, 'verification did not read every partition to its end in time');
  return { counts, records, skipped, kinds };
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
