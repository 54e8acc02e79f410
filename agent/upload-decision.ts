import type { Position } from '../protocol/position.js';
import { readBatchAck, type RefusalBody } from '../protocol/upload-contract.js';

/**
 * What the uploader does with the gateway's answer to one batch, as data: `decide` is pure
 * (no I/O, no clock, no randomness) and the uploader applies its action in one place. The
 * table is documented in agent/README.md ("Uploader").
 */

/** What came back for one request: an HTTP answer, or none (network error, timeout). */
export type GatewayResponse =
  | {
      status: number;
      /** The Retry-After header, as sent. */
      retryAfter?: string;
      body: string;
      /** Wall clock when the answer arrived: an HTTP-date Retry-After counts from it. */
      receivedAtMs: number;
    }
  | { status?: undefined; error: string; /** Node's error code (ECONNREFUSED, ENOTFOUND, …), when there is one. */ errorCode?: string };

/** The request the response answers. */
export interface SentBatch {
  /** The buffer's epoch the positions belong to. */
  epoch: string;
  positions: Position[];
  encoding: 'binary' | 'json';
}

/** Where the uploader parks while a person must act (credentials, gateway URL); positions are kept. */
export type HoldState = 'auth-failed' | 'rejected';

export type UploadAction =
  /** In Kafka through `throughSeq`: delete from the buffer. */
  | { kind: 'delete'; throughSeq: number; accepted: number; duplicates: number }
  /** The gateway will never take these: move them out of the queue (kept for inspection), go on at once. */
  | { kind: 'quarantine'; positions: Position[] }
  /** Too large: send smaller batches from now on, at once. */
  | { kind: 'halve'; batchMaxPositions: number }
  /** The gateway does not read the binary encoding: send JSON from now on, at once. */
  | { kind: 'switch-to-json' }
  /** Not the data's fault and not transient: keep everything, wait long, log once. */
  | { kind: 'hold'; state: HoldState }
  /** Transient: back off (Retry-After, when given, is the floor) and send the same batch again. */
  | { kind: 'retry'; retryAfterMs?: number }
  /**
   * A 200 that does not prove a telematics gateway took this batch (a captive portal, a proxy, another
   * service): keep everything, back off as for a retry, count it; `reason` says what was wrong with it.
   */
  | { kind: 'not-acknowledged'; reason: string };

type Answer = Extract<GatewayResponse, { status: number }>;

/** One row: the action for the answers it covers, undefined for the rest (the next row decides). */
interface DecisionRow {
  /** What the row covers, in words. */
  covers: string;
  decide(response: GatewayResponse, batch: SentBatch): UploadAction | undefined;
}

/** A row for HTTP answers only. */
function answer(covers: string, decide: (response: Answer, batch: SentBatch) => UploadAction | undefined): DecisionRow {
  return { covers, decide: (response, batch) => (response.status === undefined ? undefined : decide(response, batch)) };
}

/** First match wins; the last row matches everything. */
export const UPLOAD_DECISIONS: readonly DecisionRow[] = [
  { covers: 'no answer (network error, timeout)', decide: (response) => (response.status === undefined ? { kind: 'retry' } : undefined) },
  answer('200 acknowledging this batch (a BatchAck echoing its epoch, ackedSeq within its seqs)', (response, batch) => {
    if (response.status !== 200) return undefined;
    const read = acknowledgement(response.body, batch);
    return 'problem' in read ? undefined : { kind: 'delete', ...read };
  }),
  // Only the gateway's own acknowledgement of this batch may delete positions: any other 200 is a failed attempt.
  answer('200 that does not acknowledge this batch (not a BatchAck, another epoch, ackedSeq outside the batch)', (response, batch) => {
    if (response.status !== 200) return undefined;
    const read = acknowledgement(response.body, batch);
    return 'problem' in read ? { kind: 'not-acknowledged', reason: read.problem } : undefined;
  }),
  answer('400: invalid positions', (response, batch) => (response.status === 400 ? { kind: 'quarantine', positions: rejectedPositions(response.body, batch) } : undefined)),
  answer('401 / 403: credentials refused', (response) => (response.status === 401 || response.status === 403 ? { kind: 'hold', state: 'auth-failed' } : undefined)),
  answer('413 on several positions', (response, batch) =>
    response.status === 413 && batch.positions.length > 1 ? { kind: 'halve', batchMaxPositions: Math.floor(batch.positions.length / 2) } : undefined,
  ),
  answer('413 on one position', (response, batch) => (response.status === 413 ? { kind: 'quarantine', positions: batch.positions } : undefined)),
  answer('415 to a binary body', (response, batch) => (response.status === 415 && batch.encoding === 'binary' ? { kind: 'switch-to-json' } : undefined)),
  // Wrong URL or an incompatible gateway: not the data's fault, and resending soon will not help.
  answer('404 / 405 / 415 to a JSON body', (response) => ([404, 405, 415].includes(response.status) ? { kind: 'hold', state: 'rejected' } : undefined)),
  answer('anything else (429, 5xx, other statuses)', (response) => ({
    kind: 'retry',
    retryAfterMs: parseRetryAfterMs(response.retryAfter, response.receivedAtMs),
  })),
];

export function decide(response: GatewayResponse, batch: SentBatch): UploadAction {
  return decidingRow(response, batch).action;
}

/** The row that decides, by its words, with its action (the tests check every row decides some case). */
export function decidingRow(response: GatewayResponse, batch: SentBatch): { covers: string; action: UploadAction } {
  for (const row of UPLOAD_DECISIONS) {
    const action = row.decide(response, batch);
    if (action) return { covers: row.covers, action };
  }
  throw new Error('unreachable: the last decision row covers every answer');
}

/**
 * What a 200 acknowledges of the batch, or why it proves nothing: the body must be a BatchAck
 * (protocol/upload-contract.ts) with the batch's epoch and an `ackedSeq` within the batch's seqs
 * (below its last when the gateway took only part of it: the rest is resent).
 */
function acknowledgement(body: string, batch: SentBatch): { throughSeq: number; accepted: number; duplicates: number } | { problem: string } {
  const read = readBatchAck(body);
  if ('problem' in read) return read;
  const { ack } = read;
  if (ack.epoch !== batch.epoch) return { problem: `it acknowledges epoch ${JSON.stringify(ack.epoch.slice(0, 64))}, not this batch's ${batch.epoch}` };
  const first = batch.positions[0]!.seq;
  const last = batch.positions[batch.positions.length - 1]!.seq;
  if (ack.ackedSeq < first || ack.ackedSeq > last) return { problem: `ackedSeq ${ack.ackedSeq} is outside this batch's seqs ${first}…${last}` };
  return { throughSeq: ack.ackedSeq, accepted: ack.accepted, duplicates: ack.duplicates };
}

/**
 * The positions a 400 lists (by index), so the valid ones go out with the next request;
 * the whole batch when it lists none, names the batch itself (index −1) or is not JSON.
 */
function rejectedPositions(body: string, batch: SentBatch): Position[] {
  let listed: unknown;
  try {
    listed = (JSON.parse(body) as RefusalBody | null)?.positions;
  } catch {
    return batch.positions;
  }
  if (!Array.isArray(listed)) return batch.positions;
  const indexes = listed.map((e) => (e as { index?: unknown } | null)?.index);
  if (indexes.includes(-1)) return batch.positions;
  const named = new Set(indexes.filter((i): i is number => typeof i === 'number' && Number.isInteger(i) && i >= 0 && i < batch.positions.length));
  return named.size === 0 ? batch.positions : batch.positions.filter((_, i) => named.has(i));
}

/** Retry-After in ms: delta-seconds or an HTTP date (relative to `nowMs`). */
export function parseRetryAfterMs(value: string | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

export interface RetryPolicy {
  backoffInitialMs: number;
  backoffMaxMs: number;
  maxRetryAfterMs: number;
}

/**
 * The wait before the next try after `consecutiveFailures` failures (≥ 1): initial × 2^(n−1),
 * capped, with 50–100 % jitter; or Retry-After (capped) plus up to 20 % jitter, so a fleet
 * told the same Retry-After does not come back in one burst. `random` in [0, 1).
 */
export function retryDelayMs(consecutiveFailures: number, retryAfterMs: number | undefined, policy: RetryPolicy, random: number): number {
  if (retryAfterMs !== undefined) return Math.min(policy.maxRetryAfterMs, retryAfterMs) * (1 + random * 0.2);
  const nominal = Math.min(policy.backoffMaxMs, policy.backoffInitialMs * 2 ** Math.min(30, consecutiveFailures - 1));
  return nominal * (0.5 + random * 0.5);
}

/** The gateway's words for a refusal: `error: message` of its JSON body, else the body's start. */
export function refusalMessage(body: string): string {
  try {
    const j = JSON.parse(body) as Partial<RefusalBody> | null;
    return [j?.error, j?.message].filter(Boolean).join(': ') || body.slice(0, 200);
  } catch {
    return body.slice(0, 200);
  }
}
