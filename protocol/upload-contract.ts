import type { PositionError } from './validate.js';

/**
 * What the agent and the gateway agree on for one upload, besides the body formats
 * (content-types.ts, json-batch.ts, binary-batch.ts). Documented in protocol/README.md.
 */

/** Batches are POSTed here, relative to the gateway's base URL. */
export const POSITIONS_PATH = '/v1/positions';

/** Most positions one batch may hold: the gateway refuses more (400), the agent never sends more. */
export const MAX_BATCH_POSITIONS = 1000;

/**
 * The agent gives up on a request after this long (real time) and resends it later.
 * It must stay above GATEWAY_ANSWER_BOUND_MS so that a slow but definite answer of a
 * saturated gateway is read instead of being cut off and resent.
 */
export const AGENT_REQUEST_TIMEOUT_MS = 15_000;

/**
 * Once a batch's body has arrived, the gateway answers within this, 429 and 503 included:
 * its per-vehicle lock wait plus its Kafka produce bound (gateway/config.ts) stay within it.
 */
export const GATEWAY_ANSWER_BOUND_MS = 11_000;

/** The body of a 200: every position through `ackedSeq` is in Kafka (`duplicates` of them were already). */
export interface BatchAck {
  accepted: number;
  duplicates: number;
  ackedSeq: number;
}

/** The body of every other answer: `error` is a stable code, `message` says what to do. */
export interface RefusalBody {
  error: string;
  message: string;
  /** 400 `invalid_batch`: each problem, `index` being the position's index in the batch (−1: the batch itself). */
  positions?: PositionError[];
}
