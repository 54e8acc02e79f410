import { describe, expect, it } from 'vitest';
import type { Position } from '../protocol/position.js';
import { decide, decidingRow, parseRetryAfterMs, refusalMessage, retryDelayMs, UPLOAD_DECISIONS, type GatewayResponse, type SentBatch, type UploadAction } from './upload-decision.js';

const AT_MS = Date.UTC(2026, 10, 24, 10, 0, 0);

function positions(firstSeq: number, count: number): Position[] {
  return Array.from({ length: count }, (_, i) => ({ seq: firstSeq + i, timeMs: AT_MS - 60_000 + i * 1000, lat: -25.4, lon: -49.2 }));
}

const FIVE: SentBatch = { epoch: 'e1', positions: positions(11, 5), encoding: 'binary' };
const ONE: SentBatch = { epoch: 'e1', positions: positions(7, 1), encoding: 'binary' };
const FIVE_JSON: SentBatch = { ...FIVE, encoding: 'json' };

function answer(status: number, body: unknown = { error: 'scripted', message: 'scripted' }, retryAfter?: string): GatewayResponse {
  return { status, body: typeof body === 'string' ? body : JSON.stringify(body), receivedAtMs: AT_MS, ...(retryAfter !== undefined && { retryAfter }) };
}

const invalid = (...indexes: number[]) => ({ error: 'invalid_batch', message: `${indexes.length} problem(s)`, positions: indexes.map((index) => ({ index, field: 'time', message: 'in the future' })) });

describe('decide: what the uploader does with an answer, one row per case', () => {
  const decidedBy = new Set<string>();
  it.each<[string, GatewayResponse, SentBatch, UploadAction]>([
    ['no answer (network error, timeout) → retry with backoff', { error: 'connect ECONNREFUSED' }, FIVE, { kind: 'retry' }],
    ['200 with the ack → delete through ackedSeq', answer(200, { accepted: 3, duplicates: 2, ackedSeq: 15, epoch: 'e1' }), FIVE, { kind: 'delete', throughSeq: 15, accepted: 3, duplicates: 2 }],
    ['200 acknowledging part of the batch → delete through ackedSeq only (the rest is resent)', answer(200, { accepted: 2, duplicates: 0, ackedSeq: 12, epoch: 'e1' }), FIVE, { kind: 'delete', throughSeq: 12, accepted: 2, duplicates: 0 }],
    ['200 with the ack and fields a later gateway may add → delete', answer(200, { accepted: 1, duplicates: 0, ackedSeq: 7, epoch: 'e1', replica: 'gw-2' }), ONE, { kind: 'delete', throughSeq: 7, accepted: 1, duplicates: 0 }],
    ...(
      [
        ['an empty JSON object (a proxy, another service)', {}, 'the body has no accepted, duplicates, ackedSeq, epoch'],
        ['an HTML page (a captive portal)', '<html><body>Sign in to the hotspot</body></html>', 'the body is not JSON: "<html><body>Sign in to the hotspot</body…"'],
        ['a body that is not JSON', 'OK', 'the body is not JSON: "OK"'],
        ['a JSON null', 'null', 'the body is null, not an acknowledgement'],
        ['an ack without the epoch (a gateway that does not echo it)', { accepted: 5, duplicates: 0, ackedSeq: 15 }, 'the body has no epoch'],
        ['an ack of another epoch', { accepted: 5, duplicates: 0, ackedSeq: 15, epoch: 'e0' }, 'it acknowledges epoch "e0", not this batch\'s e1'],
        ['an ackedSeq beyond the batch', { accepted: 5, duplicates: 0, ackedSeq: 99, epoch: 'e1' }, "ackedSeq 99 is outside this batch's seqs 11…15"],
        ['an ackedSeq before the batch', { accepted: 5, duplicates: 0, ackedSeq: 10, epoch: 'e1' }, "ackedSeq 10 is outside this batch's seqs 11…15"],
      ] as const
    ).map(([what, body, reason]): [string, GatewayResponse, SentBatch, UploadAction] => [`200 with ${what} → not acknowledged: keep, back off`, answer(200, body), FIVE, { kind: 'not-acknowledged', reason }]),
    ['400 naming positions → quarantine only those', answer(400, invalid(1, 3)), FIVE, { kind: 'quarantine', positions: [FIVE.positions[1]!, FIVE.positions[3]!] }],
    ['400 naming the batch itself (index −1) → quarantine the whole batch', answer(400, invalid(-1, 2)), FIVE, { kind: 'quarantine', positions: FIVE.positions }],
    ['400 naming no position of the batch → quarantine the whole batch', answer(400, invalid(5, 17)), FIVE, { kind: 'quarantine', positions: FIVE.positions }],
    ['400 without a list → quarantine the whole batch', answer(400, { error: 'malformed_batch', message: 'cannot decode' }), FIVE, { kind: 'quarantine', positions: FIVE.positions }],
    ['400 that is not JSON → quarantine the whole batch', answer(400, '<html>Bad Request</html>'), FIVE, { kind: 'quarantine', positions: FIVE.positions }],
    ['401 → hold for credentials', answer(401), FIVE, { kind: 'hold', state: 'auth-failed' }],
    ['403 → hold for credentials', answer(403), FIVE, { kind: 'hold', state: 'auth-failed' }],
    ['413 on five positions → halve the batch size to two', answer(413), FIVE, { kind: 'halve', batchMaxPositions: 2 }],
    ['413 on one position → quarantine it', answer(413), ONE, { kind: 'quarantine', positions: ONE.positions }],
    ['415 to a binary body → switch to JSON', answer(415), FIVE, { kind: 'switch-to-json' }],
    ['415 to a JSON body → hold (incompatible gateway)', answer(415), FIVE_JSON, { kind: 'hold', state: 'rejected' }],
    ['404 → hold (wrong URL)', answer(404), FIVE, { kind: 'hold', state: 'rejected' }],
    ['405 → hold (wrong URL)', answer(405), FIVE, { kind: 'hold', state: 'rejected' }],
    ['429 with Retry-After in seconds → retry no sooner', answer(429, undefined, '7'), FIVE, { kind: 'retry', retryAfterMs: 7_000 }],
    ['503 with Retry-After as an HTTP date → retry no sooner', answer(503, undefined, new Date(AT_MS + 90_000).toUTCString()), FIVE, { kind: 'retry', retryAfterMs: 90_000 }],
    ['500 → retry with backoff', answer(500), FIVE, { kind: 'retry', retryAfterMs: undefined }],
    ['408 (body too slow) → retry with backoff', answer(408), FIVE, { kind: 'retry', retryAfterMs: undefined }],
    ['another 2xx (204) → retry with backoff', answer(204, ''), FIVE, { kind: 'retry', retryAfterMs: undefined }],
  ])('%s', (_name, response, batch, action) => {
    expect(decide(response, batch)).toEqual(action);
    decidedBy.add(decidingRow(response, batch).covers);
  });

  it('has a case above for every row of the table', () => {
    expect([...decidedBy].sort()).toEqual(UPLOAD_DECISIONS.map((row) => row.covers).sort());
  });
});

describe('parseRetryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfterMs('5', 0)).toBe(5000);
    expect(parseRetryAfterMs(new Date(60_000).toUTCString(), 0)).toBe(60_000);
    expect(parseRetryAfterMs('soon', 0)).toBeUndefined();
    expect(parseRetryAfterMs(undefined, 0)).toBeUndefined();
  });
});

describe('retryDelayMs', () => {
  const policy = { backoffInitialMs: 1_000, backoffMaxMs: 60_000, maxRetryAfterMs: 900_000 };
  it.each<[string, number, number | undefined, number, number]>([
    ['first failure, lowest jitter: half the initial wait', 1, undefined, 0, 500],
    ['first failure, highest jitter: the initial wait', 1, undefined, 0.999_999, 1_000],
    ['fourth failure: 2³ × the initial wait, halved at the lowest jitter', 4, undefined, 0, 4_000],
    ['many failures: capped at the maximum', 40, undefined, 0.999_999, 60_000],
    ['Retry-After is the floor', 3, 2_000, 0, 2_000],
    ['Retry-After plus at most 20 % jitter', 3, 2_000, 0.999_999, 2_400],
    ['Retry-After beyond the cap is capped', 1, 86_400_000, 0, 900_000],
  ])('%s', (_name, failures, retryAfterMs, random, expected) => {
    expect(retryDelayMs(failures, retryAfterMs, policy, random)).toBeCloseTo(expected, 0);
  });
});

describe('refusalMessage', () => {
  it('says the gateway\'s error and message, or the start of a body that is not JSON', () => {
    expect(refusalMessage(JSON.stringify({ error: 'unauthorized', message: 'unknown token' }))).toBe('unauthorized: unknown token');
    expect(refusalMessage('<html>' + 'x'.repeat(300))).toHaveLength(200);
  });
});
