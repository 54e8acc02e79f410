import { drivingEventToJson, type DrivingEventDetails, type DrivingEventJson } from './driving-event.js';
import { formatIsoTimeMs } from './iso-time.js';
import type { Position } from './position.js';
import { SCHEMA_VERSION_HEADER } from './position-record.js';
import type { RawRecord } from './position-record-check.js';

/**
 * The value of one record on the `vehicle-events` topic (JSON, UTF-8), key = vehicle id: a driving
 * event the agent detected (protocol/driving-event.ts). Like a position record, `vehicleId` + `epoch`
 * + `seq` is its idempotency key (events share the positions' seq, so a vehicle's seqs are split
 * between the two topics, each once). The schema version travels in the header `schema-version`.
 * Documented in protocol/README.md ("Driving events").
 */
export const DRIVING_EVENT_RECORD_SCHEMA_VERSION = 1;

export interface DrivingEventRecord extends DrivingEventJson {
  vehicleId: string;
  epoch: string;
  seq: number;
  /** When and where the peak was, ISO-8601 UTC with milliseconds (idling: where the vehicle stopped). */
  time: string;
  lat: number;
  lon: number;
  /** When the gateway received the batch, ISO-8601 UTC. */
  receivedAt: string;
}

export function drivingEventRecordHeaders(): Record<string, string> {
  return { [SCHEMA_VERSION_HEADER]: String(DRIVING_EVENT_RECORD_SCHEMA_VERSION), 'content-type': 'application/json' };
}

/** The record of an event that arrived as the position `p` (its `event` set). */
export function drivingEventRecord(vehicleId: string, epoch: string, p: Position & { event: DrivingEventDetails }, receivedAt: string): DrivingEventRecord {
  return { vehicleId, epoch, seq: p.seq, time: formatIsoTimeMs(p.timeMs), lat: p.lat, lon: p.lon, ...drivingEventToJson(p.event), receivedAt };
}

/** Parse a record value; throws when the header names a schema version this code does not know. */
export function parseDrivingEventRecord(value: Buffer | string, headers?: RawRecord['headers']): DrivingEventRecord {
  const version = headers?.[SCHEMA_VERSION_HEADER];
  if (version !== undefined && String(version) !== String(DRIVING_EVENT_RECORD_SCHEMA_VERSION)) {
    throw new Error(`driving event record schema version ${String(version)} is not supported (this reader knows ${DRIVING_EVENT_RECORD_SCHEMA_VERSION})`);
  }
  return JSON.parse(typeof value === 'string' ? value : value.toString('utf8')) as DrivingEventRecord;
}
