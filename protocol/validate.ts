import type { PositionBatch } from './position.js';
import { malformedEventFields } from './driving-event.js';
import { malformedFields } from './position-rules.js';
import { MAX_BATCH_POSITIONS } from './upload-contract.js';

/**
 * Limits of a batch's shape; all in one place (documented in protocol/README.md). The values a
 * position may take are judged by protocol/position-rules.ts.
 */
export const VALIDATION_DEFAULTS = {
  /** Most positions in one batch (10 minutes at 1 Hz is 600): the contract's limit. */
  maxPositions: MAX_BATCH_POSITIONS,
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

/**
 * Everything that makes the batch malformed (it cannot be positions of one buffer), empty when it
 * may be accepted. Only structure: plausibility and clock judgements never refuse a batch (the
 * gateway flags such positions, protocol/position-rules.ts). A batch is all or nothing: the caller
 * rejects the whole batch when any error is returned.
 */
export function validateBatch(batch: PositionBatch, options: Partial<ValidationOptions> = {}): PositionError[] {
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
    // A position always has a seq on the wire; undefined is a malformed one.
    for (const problem of malformedFields({ ...position, seq: position.seq ?? Number.NaN })) add(problem.field, problem.message);
    if (position.event) for (const problem of malformedEventFields(position.event)) add(problem.field, problem.message);
    if (seq === undefined || seq < 1) return;
    if (previousSeq !== undefined && seq <= previousSeq) {
      add('seq', `seq ${seq} is not greater than the previous position's seq ${previousSeq}: seq must be strictly increasing within a batch`);
    }
    previousSeq = seq;
  });
  return errors;
}
