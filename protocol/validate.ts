import { formatIsoTimeMs, isTimeMs } from './iso-time.js';
import type { Position, PositionBatch } from './position.js';
import { MAX_BATCH_POSITIONS } from './upload-contract.js';

/** Limits a batch must respect to be accepted; all in one place (documented in protocol/README.md). */
export const VALIDATION_DEFAULTS = {
  /** Most positions in one batch (10 minutes at 1 Hz is 600): the contract's limit. */
  maxPositions: MAX_BATCH_POSITIONS,
  /** How far a fix time may be ahead of the receiver's clock (clock skew allowance). */
  maxFutureMs: 5 * 60_000,
  /** Earliest plausible fix time: a GPS time before this is a receiver without a date (or a week-rollover bug). */
  minTimeMs: Date.UTC(2000, 0, 1),
  /** ~540 km/h: above any road vehicle, below GPS glitches worth rejecting. */
  maxSpeedMps: 150,
  minAltMslM: -1_000,
  maxAltMslM: 20_000,
  /** Longest buffer epoch id; a UUID (36) fits. */
  maxEpochLength: 64,
};

export type ValidationOptions = typeof VALIDATION_DEFAULTS;

/** One problem with a batch. `index` is the position's index in the batch, or -1 for the batch itself. */
export interface PositionError {
  index: number;
  seq?: number;
  field: string;
  message: string;
}

const EPOCH_CHARS = /^[A-Za-z0-9._-]+$/;

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/**
 * Everything wrong with a batch, empty when it may be accepted. A batch is all or
 * nothing: the caller rejects the whole batch when any error is returned.
 */
export function validateBatch(batch: PositionBatch, options: Partial<ValidationOptions> & { nowMs: number }): PositionError[] {
  const opts = { ...VALIDATION_DEFAULTS, ...options };
  const errors: PositionError[] = [];
  const batchError = (field: string, message: string): void => {
    errors.push({ index: -1, field, message });
  };

  if (typeof batch.epoch !== 'string' || batch.epoch.length === 0) {
    batchError('epoch', 'epoch must be a non-empty string (the id of the agent buffer)');
  } else if (batch.epoch.length > opts.maxEpochLength) {
    batchError('epoch', `epoch is ${batch.epoch.length} characters, at most ${opts.maxEpochLength} allowed`);
  } else if (!EPOCH_CHARS.test(batch.epoch)) {
    batchError('epoch', 'epoch may contain only letters, digits, ".", "_" and "-"');
  }

  if (!Array.isArray(batch.positions)) {
    batchError('positions', 'positions must be an array');
    return errors;
  }
  if (batch.positions.length === 0) batchError('positions', 'a batch needs at least one position');
  if (batch.positions.length > opts.maxPositions) {
    batchError('positions', `batch has ${batch.positions.length} positions, at most ${opts.maxPositions} allowed: split it`);
    // Not worth checking each position of an oversized batch.
    return errors;
  }

  let previousSeq: number | undefined;
  batch.positions.forEach((position, index) => {
    const seq = Number.isSafeInteger(position.seq) ? position.seq : undefined;
    const add = (field: string, message: string): void => {
      errors.push(seq === undefined ? { index, field, message } : { index, seq, field, message });
    };
    validatePosition(position, opts, add);
    if (seq === undefined || seq < 1) return;
    if (previousSeq !== undefined && seq <= previousSeq) {
      add('seq', `seq ${seq} is not greater than the previous position's seq ${previousSeq}: seq must be strictly increasing within a batch`);
    }
    previousSeq = seq;
  });
  return errors;
}

function validatePosition(p: Position, opts: ValidationOptions & { nowMs: number }, add: (field: string, message: string) => void): void {
  if (!Number.isSafeInteger(p.seq) || p.seq < 1) add('seq', `seq must be a positive integer, got ${String(p.seq)}`);

  const timeMs = p.timeMs;
  // Errors name the wire field, `time`.
  if (!isTimeMs(timeMs)) {
    add('time', 'time must be an ISO-8601 date-time of a real calendar date, such as 2026-11-24T10:00:00.000Z');
  } else if (timeMs > opts.nowMs + opts.maxFutureMs) {
    add('time', `time ${formatIsoTimeMs(timeMs)} is ${Math.round((timeMs - opts.nowMs) / 1000)} s in the future (at most ${opts.maxFutureMs / 1000} s allowed): check the device clock`);
  } else if (timeMs < opts.minTimeMs) {
    add('time', `time ${formatIsoTimeMs(timeMs)} is before ${formatIsoTimeMs(opts.minTimeMs)}: the receiver has no valid date`);
  }

  if (!isFiniteNumber(p.lat) || p.lat < -90 || p.lat > 90) add('lat', `lat must be a number in [-90, 90], got ${String(p.lat)}`);
  if (!isFiniteNumber(p.lon) || p.lon < -180 || p.lon > 180) add('lon', `lon must be a number in [-180, 180], got ${String(p.lon)}`);

  if (p.speed !== undefined && (!isFiniteNumber(p.speed) || p.speed < 0 || p.speed > opts.maxSpeedMps)) {
    add('speed', `speed must be a number of m/s in [0, ${opts.maxSpeedMps}], got ${String(p.speed)}`);
  }
  if (p.track !== undefined && (!isFiniteNumber(p.track) || p.track < 0 || p.track >= 360)) {
    add('track', `track must be a number of degrees in [0, 360), got ${String(p.track)}`);
  }
  if (p.altMSL !== undefined && (!isFiniteNumber(p.altMSL) || p.altMSL < opts.minAltMslM || p.altMSL > opts.maxAltMslM)) {
    add('altMSL', `altMSL must be a number of metres in [${opts.minAltMslM}, ${opts.maxAltMslM}], got ${String(p.altMSL)}`);
  }
  if (p.hdop !== undefined && (!isFiniteNumber(p.hdop) || p.hdop < 0)) add('hdop', `hdop must be a number >= 0, got ${String(p.hdop)}`);
  if (p.uSat !== undefined && (!Number.isInteger(p.uSat) || p.uSat < 0 || p.uSat > 255)) {
    add('uSat', `uSat must be an integer in [0, 255], got ${String(p.uSat)}`);
  }
  if (p.mode !== undefined && p.mode !== 2 && p.mode !== 3) add('mode', `mode must be 2 (2D) or 3 (3D), got ${String(p.mode)}`);
}
