import type { PositionError } from './validate.js';

/**
 * What the agent and the gateway agree on for one upload, besides the body formats
 * (content-types.ts, json-batch.ts, binary-batch.ts). Documented in protocol/README.md.
 */

/** Batches are POSTed here, relative to the gateway's base URL. */
export const POSITIONS_PATH = '/v1/positions';

/** The gateway's liveness check, relative to its base URL (`telematics diag` asks it). */
export const HEALTH_PATH = '/healthz';

/**
 * The gateway's own answer to GET /healthz: `{"status":"ok","service":"telematics-gateway"}`.
 * The `service` names it, so a captive portal or a proxy that answers 200 to any URL is not
 * taken for the gateway (other fields are ignored).
 */
export const GATEWAY_HEALTH = { status: 'ok', service: 'telematics-gateway' } as const;

/** Whether a 200's body from /healthz is the gateway's (GATEWAY_HEALTH), or why not. */
export function readGatewayHealth(body: string): { problem?: string } {
  const parsed = parseBody(body);
  if ('problem' in parsed) return parsed;
  const value = parsed.value;
  const { status, service } = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (service !== GATEWAY_HEALTH.service) return { problem: `the body names no ${GATEWAY_HEALTH.service} (service: ${JSON.stringify(service ?? null)})` };
  if (status !== GATEWAY_HEALTH.status) return { problem: `the gateway's status is ${JSON.stringify(status ?? null)}` };
  return {};
}

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

/**
 * The body of a 200: every position of the batch's `epoch` through `ackedSeq` is in Kafka
 * (`duplicates` of them were already). The epoch is the batch's, echoed, and `ackedSeq` one of
 * the batch's seqs: with both, a 200 proves that a telematics gateway took this very batch, and
 * not that some other server (a captive portal, a proxy, another service) answered 200.
 */
export interface BatchAck {
  accepted: number;
  duplicates: number;
  ackedSeq: number;
  epoch: string;
}

/**
 * Reads a 200's body as a `BatchAck`, or says why it is not one. Fields beyond the four are
 * ignored (a later gateway may add some); whether it acknowledges a given batch is the
 * receiver's check (epoch and seq range).
 */
export function readBatchAck(body: string): { ack: BatchAck } | { problem: string } {
  const parsed = parseBody(body);
  if ('problem' in parsed) return parsed;
  const value = parsed.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: `the body is ${value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`}, not an acknowledgement` };
  const { accepted, duplicates, ackedSeq, epoch } = value as Partial<Record<keyof BatchAck, unknown>>;
  const missing = (['accepted', 'duplicates', 'ackedSeq', 'epoch'] as const).filter((k) => (value as Record<string, unknown>)[k] === undefined);
  if (missing.length > 0) return { problem: `the body has no ${missing.join(', ')}` };
  if (!isCount(accepted) || !isCount(duplicates)) return { problem: 'accepted and duplicates must be counts (integers ≥ 0)' };
  if (!isCount(ackedSeq) || ackedSeq < 1) return { problem: 'ackedSeq must be a seq (an integer ≥ 1)' };
  if (typeof epoch !== 'string' || epoch === '') return { problem: 'epoch must be a non-empty string' };
  return { ack: { accepted, duplicates, ackedSeq, epoch } };
}

/** A body's JSON, or what it is instead (quoted short: a portal's page names itself in its first words). */
function parseBody(body: string): { value: unknown } | { problem: string } {
  try {
    return { value: JSON.parse(body) as unknown };
  } catch {
    return { problem: body === '' ? 'the body is empty' : `the body is not JSON: ${JSON.stringify(body.length > 40 ? `${body.slice(0, 40)}…` : body)}` };
  }
}

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

/** The body of every other answer: `error` is a stable code, `message` says what to do. */
export interface RefusalBody {
  error: string;
  message: string;
  /** 400 `invalid_batch`: each problem, `index` being the position's index in the batch (−1: the batch itself). */
  positions?: PositionError[];
}
