import type { Message } from 'kafkajs';
import { formatIsoTimeMs } from '../protocol/iso-time.js';
import { copyOptionalFields, type Position } from '../protocol/position.js';
import { drivingEventRecord, drivingEventRecordHeaders } from '../protocol/driving-event-record.js';
import type { DrivingEventDetails } from '../protocol/driving-event.js';
import { positionRecordHeaders, type PositionRecord } from '../protocol/position-record.js';
import type { SuspectReason } from '../protocol/position-rules.js';

const HEADERS = positionRecordHeaders();
const EVENT_HEADERS = drivingEventRecordHeaders();

/**
 * One Kafka record per position: key = vehicle id (per-vehicle order within a partition), value =
 * PositionRecord JSON, with the position's `suspect` reasons when it has any.
 */
export function positionMessage(vehicleId: string, epoch: string, p: Position, receivedAtMs: number, receivedAt: string, suspect: readonly SuspectReason[] = []): Message {
  const record: PositionRecord = copyOptionalFields(p, { vehicleId, epoch, seq: p.seq, time: formatIsoTimeMs(p.timeMs), lat: p.lat, lon: p.lon } as PositionRecord);
  record.receivedAt = receivedAt;
  if (suspect.length > 0) record.suspect = [...suspect];
  return { key: vehicleId, value: JSON.stringify(record), headers: HEADERS, timestamp: String(receivedAtMs) };
}

/** One Kafka record per driving event (a position with its `event`), for the events topic: key = vehicle id. */
export function drivingEventMessage(vehicleId: string, epoch: string, p: Position & { event: DrivingEventDetails }, receivedAtMs: number, receivedAt: string): Message {
  return { key: vehicleId, value: JSON.stringify(drivingEventRecord(vehicleId, epoch, p, receivedAt)), headers: EVENT_HEADERS, timestamp: String(receivedAtMs) };
}
