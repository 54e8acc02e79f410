import type { Position } from './position.js';
import type { SuspectReason } from './position-rules.js';

/**
 * The value of one record on the positions topic (JSON, UTF-8), key = vehicle id.
 * `vehicleId` + `epoch` + `seq` is the idempotency key downstream can rely on.
 * The schema version travels in the record header `schema-version`; consumers
 * check it before reading the value. Documented in protocol/README.md.
 */
export const POSITION_RECORD_SCHEMA_VERSION = 1;
export const SCHEMA_VERSION_HEADER = 'schema-version';

export interface PositionRecord extends Omit<Position, 'timeMs'> {
  vehicleId: string;
  /** Fix time, ISO-8601 UTC with milliseconds (the position's `timeMs`, written out). */
  time: string;
  /** The agent's buffer epoch the seq belongs to. */
  epoch: string;
  /** When the gateway received the batch, ISO-8601 UTC. */
  receivedAt: string;
  /**
   * Why the gateway judged this well-formed position implausible (protocol/position-rules.ts), in
   * SUSPECT_REASONS order; absent when it is plausible. A suspect position is delivered, never refused:
   * consumers decide what to make of it (the monitor ignores a suspect speed).
   */
  suspect?: SuspectReason[];
}

export function positionRecordHeaders(): Record<string, string> {
  return { [SCHEMA_VERSION_HEADER]: String(POSITION_RECORD_SCHEMA_VERSION), 'content-type': 'application/json' };
}

export type RecordHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

/** Parse a record value; throws when the header names a schema version this code does not know. */
export function parsePositionRecord(value: Buffer | string, headers?: RecordHeaders): PositionRecord {
  return parseVersionedRecord<PositionRecord>('position', POSITION_RECORD_SCHEMA_VERSION, value, headers);
}

/** A JSON record value of a topic whose schema version travels in the `schema-version` header (absent: the reader's). */
export function parseVersionedRecord<T>(what: string, knownVersion: number, value: Buffer | string, headers?: RecordHeaders): T {
  const version = headers?.[SCHEMA_VERSION_HEADER];
  if (version !== undefined && String(version) !== String(knownVersion)) {
    throw new Error(`${what} record schema version ${String(version)} is not supported (this reader knows ${knownVersion})`);
  }
  return JSON.parse(typeof value === 'string' ? value : value.toString('utf8')) as T;
}
