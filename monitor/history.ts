import { Partitioners } from 'kafkajs';
import { UserError } from '../common/errors.js';
import { getLogger } from '../common/logger.js';
import { createKafka } from '../kafka/config.js';
import { readRanges } from '../kafka/range-reader.js';
import { POSITIONS_TOPIC_DEFAULTS } from '../kafka/topics.js';
import { checkPositionRecord, type SkippedRecords } from '../protocol/position-record-check.js';
import type { PositionRecord } from '../protocol/position-record.js';

const log = getLogger('monitor.history');

export const HISTORY_DEFAULTS = {
  topic: POSITIONS_TOPIC_DEFAULTS.name,
  /** Start reading this long before --from (record timestamps are the gateway's clock, fix times the GPS's). */
  clockSkewMs: 5 * 60_000,
  /** A fix can reach Kafka this long after it was taken (a vehicle draining its backlog): keep reading that far past --to. */
  maxDelayMs: 24 * 3_600_000,
  timeoutMs: 120_000,
};

export interface HistoryQuery {
  vehicleId: string;
  fromMs: number;
  toMs: number;
  topic?: string;
  brokers?: string[];
  clockSkewMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
}

export interface History {
  /** The track, sorted by fix time, duplicates dropped. */
  records: PositionRecord[];
  /** Records with the vehicle's key (or none) that are not position records, skipped (they cannot be placed on the track). */
  skipped: SkippedRecords;
}

/**
 * A vehicle's track between two fix times, read back from the positions topic (its
 * retention is the history): only the partition the vehicle's key hashes to (the
 * producers' default murmur2 partitioner), from the offset of the record timestamp
 * `from − clockSkewMs`, until a record timestamp passes `to + maxDelayMs` or the end
 * of the partition. Sorted by fix time, duplicates (`epoch`+`seq`) dropped; a record that is
 * not a position record is skipped and counted, never a reason to fail the whole read.
 */
export async function readHistory(q: HistoryQuery): Promise<History> {
  const topic = q.topic ?? HISTORY_DEFAULTS.topic;
  const clockSkewMs = q.clockSkewMs ?? HISTORY_DEFAULTS.clockSkewMs;
  const maxDelayMs = q.maxDelayMs ?? HISTORY_DEFAULTS.maxDelayMs;
  const timeoutMs = q.timeoutMs ?? HISTORY_DEFAULTS.timeoutMs;
  const kafka = createKafka('telematics-history', q.brokers);
  const admin = kafka.admin();
  await admin.connect();
  let partition: number;
  let start: bigint;
  let end: bigint;
  try {
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] }).catch((err: Error) => {
      throw new UserError(`history: topic ${topic} cannot be read: ${err.message}`, 'Check --topic and KAFKA_BROKERS.', 1);
    });
    const partitionMetadata = metadata.topics[0].partitions;
    partition = Partitioners.DefaultPartitioner()({ topic, partitionMetadata, message: { key: q.vehicleId, value: null } });
    const byTime = await admin.fetchTopicOffsetsByTimestamp(topic, Math.max(0, q.fromMs - clockSkewMs));
    const ends = await admin.fetchTopicOffsets(topic);
    start = BigInt(byTime.find((o) => o.partition === partition)!.offset);
    end = BigInt(ends.find((o) => o.partition === partition)!.high);
  } finally {
    await admin.disconnect();
  }
  log.debug({ topic, partition, start: String(start), end: String(end) }, 'reading history');
  const found = new Map<string, PositionRecord>();
  const skipped: SkippedRecords = {};
  if (start < 0n || start >= end) return { records: [], skipped };

  const { complete } = await readRanges(kafka, {
    topic,
    ranges: [{ partition, from: start, to: end }],
    groupIdPrefix: 'telematics-history',
    timeoutMs,
    onMessage: (message) => {
      if (Number(message.timestamp) > q.toMs + maxDelayMs) return false;
      // Another vehicle's records share the partition: theirs to judge. A record without a key may be this vehicle's.
      if (message.key !== null && message.key.toString('utf8') !== q.vehicleId) return;
      const checked = checkPositionRecord(message);
      if ('problem' in checked) {
        const { reason, message: why } = checked.problem;
        skipped[reason] = (skipped[reason] ?? 0) + 1;
        log.warn({ partition, offset: message.offset, reason, err: why }, 'not a position record: skipped');
        return;
      }
      const rec = checked.record;
      const t = Date.parse(rec.time);
      if (t >= q.fromMs && t <= q.toMs) found.set(`${rec.epoch}/${rec.seq}`, rec);
    },
  });
  if (!complete) throw new UserError(`history: reading ${topic} took over ${timeoutMs} ms`, 'Narrow --from/--to.', 1);
  return { records: [...found.values()].sort((a, b) => Date.parse(a.time) - Date.parse(b.time) || a.seq - b.seq), skipped };
}

export function historyCsv(records: PositionRecord[]): string {
  const rows = records.map((r) => [r.time, r.lat, r.lon, r.speed ?? '', r.track ?? '', r.altMSL ?? '', r.epoch, r.seq, r.receivedAt].join(','));
  return ['time,lat,lon,speed_mps,track_deg,alt_msl_m,epoch,seq,received_at', ...rows].join('\n') + '\n';
}

/** A FeatureCollection: the track as one LineString (with `coordTimes`), and each position as a Point with its fields. */
export function historyGeoJson(vehicleId: string, records: PositionRecord[]): object {
  const features: object[] = [];
  if (records.length >= 2) {
    features.push({
      type: 'Feature',
      properties: { vehicleId, from: records[0].time, to: records[records.length - 1].time, positions: records.length, coordTimes: records.map((r) => r.time) },
      geometry: { type: 'LineString', coordinates: records.map((r) => [r.lon, r.lat]) },
    });
  }
  for (const r of records) {
    const { lat, lon, vehicleId: _v, ...props } = r;
    features.push({ type: 'Feature', properties: { vehicleId, ...props }, geometry: { type: 'Point', coordinates: [lon, lat] } });
  }
  return { type: 'FeatureCollection', features };
}
