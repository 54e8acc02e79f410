/**
 * The unit the agent records, buffers and uploads, and the gateway turns into
 * one Kafka record. Field names and units follow gpsd's TPV (see hw/fix.ts).
 */
export interface Position {
  /** Per-vehicle sequence number within a buffer epoch: strictly increasing, never reused. */
  seq: number;
  /** Fix time, ISO-8601 UTC with milliseconds. */
  time: string;
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
}

/** What one upload carries: positions of one vehicle from one buffer epoch, seq ascending. */
export interface PositionBatch {
  /** Id of the agent's buffer (created with its database), so a wiped buffer restarting seq at 1 is not a duplicate. */
  epoch: string;
  positions: Position[];
}
