import type { DrivingEventDetails } from './driving-event.js';

/**
 * The unit the agent records, buffers and uploads, and the gateway turns into
 * one Kafka record. Field names and units follow gpsd's TPV (see hw/fix.ts).
 */
export interface Position {
  /** Per-vehicle sequence number within a buffer epoch: strictly increasing, never reused. */
  seq: number;
  /**
   * Fix time, ms since 1970 (UTC). Only the edges write it as text: the JSON body and the
   * Kafka record carry it as `time`, ISO-8601 UTC with milliseconds. NaN when a JSON body's
   * `time` could not be read (validateBatch reports it).
   */
  timeMs: number;
  lat: number;
  lon: number;
  /** m/s */
  speed?: number;
  /** degrees true */
  track?: number;
  altMSL?: number;
  hdop?: number;
  uSat?: number;
  /** 2 = 2D, 3 = 3D */
  mode?: 2 | 3;
  /**
   * Present when this record is a driving event (protocol/driving-event.ts) rather than a position:
   * it shares the positions' seq and delivery; its time and place are the event's peak.
   */
  event?: DrivingEventDetails;
}

/** The optional fix fields a position carries, named as in gpsd's TPV (and hw/fix.ts). */
export type OptionalPositionFields = Pick<Position, 'speed' | 'track' | 'altMSL' | 'hdop' | 'uSat' | 'mode'>;

/** Copies the optional fields that are present from `from` onto `into` (absent ones stay absent, not `undefined`). */
export function copyOptionalFields<T extends object>(from: { [K in keyof OptionalPositionFields]?: number }, into: T): T & OptionalPositionFields {
  const out = into as T & OptionalPositionFields;
  if (from.speed !== undefined) out.speed = from.speed;
  if (from.track !== undefined) out.track = from.track;
  if (from.altMSL !== undefined) out.altMSL = from.altMSL;
  if (from.hdop !== undefined) out.hdop = from.hdop;
  if (from.uSat !== undefined) out.uSat = from.uSat;
  if (from.mode !== undefined) out.mode = from.mode as 2 | 3;
  return out;
}

/** What one upload carries: positions of one vehicle from one buffer epoch, seq ascending. */
export interface PositionBatch {
  /** Id of the agent's buffer (created with its database), so a wiped buffer restarting seq at 1 is not a duplicate. */
  epoch: string;
  positions: Position[];
}
