import type { Position } from './position.js';
import type { SuspectReason } from './position-rules.js';

/**
 * The value of one record on the positions topic (JSON, UTF-8), key = vehicle id.
 * `vehicleId` + `epoch` + `seq` is the idempotency key downstream can rely on.
 * The schema version travels in the record header `schema-version`; consumers
 * check it before reading the value; consumers read records through checkPositionRecord
 * (position-record-check.ts, the JSON Schema position-record.schema.json). Documented in protocol/README.md.
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
