import type { Message } from 'kafkajs';
import { formatIsoTimeMs } from '../protocol/iso-time.js';
import { copyOptionalFields, type Position } from '../protocol/position.js';
import { positionRecordHeaders, type PositionRecord } from '../protocol/position-record.js';

const HEADERS = positionRecordHeaders();

/** One Kafka record per position: key = vehicle id (per-vehicle order within a partition), value = PositionRecord JSON. */
export function positionMessage(vehicleId: string, epoch: string, p: Position, receivedAtMs: number, receivedAt: string): Message {
  const record: PositionRecord = copyOptionalFields(p, { vehicleId, epoch, seq: p.seq, time: formatIsoTimeMs(p.timeMs), lat: p.lat, lon: p.lon } as PositionRecord);
  record.receivedAt = receivedAt;
  return { key: vehicleId, value: JSON.stringify(record), headers: HEADERS, timestamp: String(receivedAtMs) };
}
