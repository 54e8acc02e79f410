import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BINARY_CONTENT_TYPE, JSON_CONTENT_TYPE } from '../protocol/content-types.js';
import { PositionBuffer, type UnsequencedPosition } from './position-buffer.js';
import { ScriptedGateway, until, type ReceivedRequest, type ScriptedReply } from './test-support.js';
import { Uploader, type UplinkStatus, type UploadObserver, type UploadResult, type UploaderOptions } from './uploader.js';

const T0 = Date.now() - 3_600_000;
function pos(i: number): UnsequencedPosition {
  return { timeMs: T0 + i * 1000, lat: -25.4 + i * 1e-4, lon: -49.2, speed: 12.5, track: 180, mode: 3 };
}

const FAST: Partial<UploaderOptions> = { intervalMs: 20, backoffInitialMs: 20, backoffMaxMs: 100, authBackoffMs: 100, requestTimeoutMs: 2_000 };


let dir: string;
let buffer: PositionBuffer;
let gateway: ScriptedGateway | undefined;
let uploader: Uploader | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'agent-uploader-'));
  buffer = new PositionBuffer(join(dir, 'a.db'));
});
afterEach(async () => {
  await uploader?.stop();
  await gateway?.stop();
  buffer.close();
  rmSync(dir, { recursive: true, force: true });
  uploader = gateway = undefined;
});

function fill(n: number, from = 0): void {
  for (let i = from; i < from + n; i++) buffer.append(pos(i));
  buffer.commit();
}

async function run(script: (req: ReceivedRequest, n: number) => ScriptedReply, options: Partial<UploaderOptions> = {}, observer?: UploadObserver): Promise<ScriptedGateway> {
  gateway = new ScriptedGateway(script);
  const url = await gateway.start();
  uploader = new Uploader({ gateway: url, token: 'tok-1', buffer, observer }, { ...FAST, ...options });
  uploader.start();
  return gateway;
}

/** 200 answers that do not prove a gateway took the batch: none may delete a position. */
const notAGateway: [string, (req: ReceivedRequest) => ScriptedReply][] = [
  ['200 {} (a proxy, another service)', () => ({ status: 200, body: {} })],
  ['200 with an HTML page (a captive portal)', () => ({ status: 200, headers: { 'Content-Type': 'text/html' }, body: '<!doctype html><html><body>Sign in to continue</body></html>' })],
  ['200 with an ackedSeq outside the batch', (req) => ({ status: 200, body: { accepted: 4, duplicates: 0, ackedSeq: req.batch!.positions.at(-1)!.seq + 100, epoch: req.batch!.epoch } })],
  ['200 acknowledging another epoch', (req) => ({ status: 200, body: { accepted: 4, duplicates: 0, ackedSeq: req.batch!.positions.at(-1)!.seq, epoch: 'another-epoch' } })],
];

describe('Uploader applying each kind of decision (one attempt, against a real HTTP server)', () => {
  const invalidSecond = (req: ReceivedRequest): ScriptedReply => ({
    status: 400,
    body: { error: 'invalid_batch', message: '1 problem', positions: [{ index: 1, seq: req.batch!.positions[1]!.seq, field: 'time', message: 'in the future' }] },
  });
  it.each<[string, number, (req: ReceivedRequest) => ScriptedReply, Partial<UplinkStatus> & { depth: number }]>([
    ['200: delete', 4, () => undefined, { state: 'idle', failedRequests: 0, consecutiveFailures: 0, sentBatches: 1, notGatewayAnswers: 0, depth: 0 }],
    ...notAGateway.map(([name, reply]): [string, number, (req: ReceivedRequest) => ScriptedReply, Partial<UplinkStatus> & { depth: number }] => [
      `${name}: keep everything, back off, count it`,
      4,
      reply,
      { state: 'backoff', failedRequests: 1, consecutiveFailures: 1, sentBatches: 0, notGatewayAnswers: 1, depth: 4 },
    ]),
    ['400: quarantine the listed position', 4, invalidSecond, { state: 'idle', failedRequests: 1, consecutiveFailures: 0, quarantinedBatches: 1, depth: 3 }],
    ['401: hold for credentials', 4, () => ({ status: 401 }), { state: 'auth-failed', failedRequests: 1, consecutiveFailures: 1, depth: 4 }],
    ['404: hold (wrong URL)', 4, () => ({ status: 404 }), { state: 'rejected', failedRequests: 1, consecutiveFailures: 1, depth: 4 }],
    ['413 on four: halve', 4, () => ({ status: 413 }), { state: 'idle', failedRequests: 1, consecutiveFailures: 0, batchMaxPositions: 2, depth: 4 }],
    ['413 on one: quarantine it', 1, () => ({ status: 413 }), { state: 'idle', failedRequests: 1, consecutiveFailures: 0, quarantinedBatches: 1, depth: 0 }],
    ['415 to binary: switch to JSON', 4, () => ({ status: 415 }), { state: 'idle', failedRequests: 1, consecutiveFailures: 0, encoding: 'json', depth: 4 }],
    ['503: back off', 4, () => ({ status: 503 }), { state: 'backoff', failedRequests: 1, consecutiveFailures: 1, depth: 4 }],
    ['no answer in time: back off', 4, () => 'hang', { state: 'backoff', failedRequests: 1, consecutiveFailures: 1, depth: 4 }],
  ])('%s', async (_name, positions, reply, expected) => {
    fill(positions);
    const failures: Readonly<UploadResult>[] = [];
    gateway = new ScriptedGateway(reply);
    // Not started: runOnce makes exactly one attempt and schedules nothing after it.
    uploader = new Uploader({ gateway: await gateway.start(), token: 't', buffer, observer: { onAttemptFailed: (a) => failures.push(a) } }, { ...FAST, requestTimeoutMs: 300 });
    await uploader.runOnce();
    const { depth, ...status } = expected;
    expect(uploader.status()).toMatchObject(status);
    expect(buffer.stats().depth).toBe(depth);
    // Every attempt without a 200 is one failed request and one observer call, whatever the uploader does next.
    expect(failures).toHaveLength(uploader.status().failedRequests);
    expect(uploader.status().lastAttempt).toMatchObject({ positions, ok: expected.failedRequests === 0 });
  });
});

describe('Uploader against a real HTTP server', () => {
  it('sends the oldest positions first in binary batches and deletes them only after 200', async () => {
    fill(1_234);
    const gw = await run(() => undefined, { batchMaxPositions: 500 });
    await until(() => gw.ackedSeqs.length === 1_234, 'all acked');
    expect(gw.ackedSeqs).toEqual(Array.from({ length: 1_234 }, (_, i) => i + 1));
    expect(gw.requests.map((r) => r.batch!.positions.length)).toEqual([500, 500, 234]);
    expect(gw.requests.every((r) => r.contentType === BINARY_CONTENT_TYPE && r.authorization === 'Bearer tok-1' && r.batch!.epoch === buffer.epoch)).toBe(true);
    expect(gw.requests[0]!.batch!.positions[0]).toMatchObject({ seq: 1, timeMs: pos(0).timeMs, speed: 12.5, track: 180, mode: 3 });
    await until(() => buffer.stats().depth === 0, 'buffer empty');
    expect(uploader!.status()).toMatchObject({ sentBatches: 3, sentPositions: 1_234, consecutiveFailures: 0 });
  });

  it('deletes nothing on 200 answers that are no acknowledgement, and delivers everything once a gateway answers', async () => {
    // The case of issue 13: 394 positions behind an upstream answering 200 {}.
    fill(394);
    let impostor = true;
    const gw = await run(() => (impostor ? { status: 200, body: {} } : undefined), { batchMaxPositions: 100 });
    await until(() => gw.requests.length >= 4 && uploader!.status().state === 'backoff', 'four 200 {} answers');
    impostor = false;
    expect(buffer.stats().depth).toBe(394);
    expect(gw.requests.every((r) => r.batch!.positions[0]!.seq === 1)).toBe(true);
    const s = uploader!.status();
    expect(s.notGatewayAnswers).toBeGreaterThanOrEqual(4);
    expect(s.failedRequests).toBe(s.notGatewayAnswers);
    expect(s).toMatchObject({ sentBatches: 0, sentPositions: 0 });
    expect(s.lastAttempt).toMatchObject({ status: 200, ok: false, error: 'answered 200 but is not a telematics gateway (positions kept): the body has no accepted, duplicates, ackedSeq, epoch' });
    await until(() => gw.ackedSeqs.length === 394, 'all delivered once a gateway answers');
    expect(gw.ackedSeqs).toEqual(Array.from({ length: 394 }, (_, i) => i + 1));
    await until(() => buffer.stats().depth === 0, 'buffer empty');
  });

  it('keeps everything through 503s and honours Retry-After', async () => {
    fill(10);
    let unavailable = true;
    const gw = await run(() => (unavailable ? { status: 503, headers: { 'Retry-After': '2' } } : undefined));
    await until(() => gw.requests.length === 1 && uploader!.status().state === 'backoff', 'first 503');
    const s = uploader!.status();
    // The next try is at least the Retry-After away from the failed attempt.
    expect(s.nextAttemptAtMs! - s.lastAttempt!.atMs).toBeGreaterThanOrEqual(2_000);
    expect(buffer.stats().depth).toBe(10);
    unavailable = false;
    await until(() => gw.ackedSeqs.length === 10, 'acked after retry');
    expect(gw.requests).toHaveLength(2);
    expect(gw.ackedSeqs).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
  });

  it('backs off exponentially with jitter while the gateway fails, then delivers', async () => {
    fill(5);
    const backoffs: number[] = [];
    const gw = await run((_req, n) => {
      // The uploader has chosen its wait after the previous failure by the time the next request arrives.
      if (n > 1) backoffs.push(uploader!.status().lastBackoffMs!);
      return n <= 5 ? { status: 500 } : undefined;
    });
    await until(() => gw.ackedSeqs.length === 5, 'delivered');
    expect(backoffs).toHaveLength(5);
    // initial 20 ms doubling per failure, capped at 100 ms, each with 50–100 % jitter.
    backoffs.forEach((ms, i) => {
      const nominal = Math.min(100, 20 * 2 ** i);
      expect(ms).toBeGreaterThanOrEqual(Math.floor(nominal * 0.5));
      expect(ms).toBeLessThanOrEqual(nominal);
    });
  });

  it('quarantines only the positions a 400 lists, and the rest go on', async () => {
    fill(10);
    const gw = await run((req, n) =>
      n === 1 ? { status: 400, body: { error: 'invalid_batch', message: '1 problem', positions: [{ index: 3, seq: req.batch!.positions[3]!.seq, field: 'time', message: 'in the future' }] } } : undefined,
    );
    await until(() => gw.ackedSeqs.length === 9, 'rest delivered');
    expect(gw.ackedSeqs).toEqual([1, 2, 3, 5, 6, 7, 8, 9, 10]);
    // The gateway counts the seqs before its 200 reaches the uploader: wait for the buffer's deletion itself.
    await until(() => buffer.stats().depth === 0, 'the delivered positions deleted from the buffer');
    expect(buffer.stats()).toMatchObject({ quarantinedBatches: 1, quarantinedPositions: 1, depth: 0 });
    expect(uploader!.status().quarantinedBatches).toBe(1);
  });

  it('quarantines the whole batch when a 400 names no position', async () => {
    fill(4);
    const gw = await run((_req, n) => (n === 1 ? { status: 400, body: { error: 'bad_body', message: 'cannot decode' } } : undefined), { batchMaxPositions: 2 });
    await until(() => gw.ackedSeqs.length === 2, 'next batch delivered');
    expect(gw.ackedSeqs).toEqual([3, 4]);
    expect(buffer.stats()).toMatchObject({ quarantinedBatches: 1, quarantinedPositions: 2 });
  });

  it('halves the batch on 413', async () => {
    fill(100);
    const gw = await run((req) => (req.batch!.positions.length > 30 ? { status: 413 } : undefined), { batchMaxPositions: 100 });
    await until(() => gw.ackedSeqs.length === 100, 'all delivered');
    expect(gw.requests.slice(0, 3).map((r) => r.batch!.positions.length)).toEqual([100, 50, 25]);
    expect(uploader!.status().batchMaxPositions).toBe(25);
    expect(gw.ackedSeqs).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });

  it('keeps the data on 401 and reports it', async () => {
    fill(3);
    let refuse = true;
    const gw = await run(() => (refuse ? { status: 401, body: { error: 'unauthorized', message: 'unknown token' } } : undefined));
    await until(() => uploader!.status().state === 'auth-failed', 'auth-failed');
    expect(uploader!.status().lastAttempt).toMatchObject({ status: 401, error: 'unauthorized: unknown token' });
    expect(buffer.stats().depth).toBe(3);
    refuse = false;
    await until(() => gw.ackedSeqs.length === 3, 'delivered once credentials work');
  });

  it('gives up on a hanging request after the timeout and resends', async () => {
    fill(3);
    const gw = await run((_req, n) => (n === 1 ? 'hang' : undefined), { requestTimeoutMs: 300 });
    await until(() => gw.ackedSeqs.length === 3, 'delivered after timeout');
    expect(gw.requests).toHaveLength(2);
    expect(uploader!.status().failedRequests).toBe(1);
  });

  it('falls back to JSON when the gateway does not take binary', async () => {
    fill(3);
    const gw = await run((req) => (req.contentType === BINARY_CONTENT_TYPE ? { status: 415 } : undefined));
    await until(() => gw.ackedSeqs.length === 3, 'delivered as JSON');
    expect(gw.requests[1]!.contentType).toBe(JSON_CONTENT_TYPE);
    expect(uploader!.status().encoding).toBe('json');
  });

  it('retries while the gateway is unreachable and delivers once it is back', async () => {
    fill(3);
    const probe = new ScriptedGateway();
    const url = await probe.start();
    await probe.stop(); // nothing listens on that port now
    uploader = new Uploader({ gateway: url, token: 't', buffer }, FAST);
    uploader.start();
    await until(() => uploader!.status().failedRequests >= 3, 'failures');
    expect(uploader.status().lastAttempt?.error).toMatch(/ECONNREFUSED/);
    expect(buffer.stats().depth).toBe(3);
  });

  describe('observer hooks', () => {
    /** What the hooks saw; for an ack, also what the buffer still held at that moment. */
    function recorder() {
      const acks: { seqs: number[]; throughSeq: number; roundTripMs: number; nextUnsent: number | undefined }[] = [];
      const failures: Readonly<UploadResult>[] = [];
      const observer: UploadObserver = {
        onBatchAcknowledged: ({ positions, throughSeq, roundTripMs }) =>
          acks.push({ seqs: positions.map((p) => p.seq), throughSeq, roundTripMs, nextUnsent: buffer.oldest(1)[0]?.seq }),
        onAttemptFailed: (attempt) => failures.push(attempt),
      };
      return { acks, failures, observer };
    }

    it('reports 503 and 400 as failed attempts and each 200 after the buffer acknowledged it', async () => {
      fill(6);
      const { acks, failures, observer } = recorder();
      const gw = await run(
        (req, n) =>
          n === 1
            ? { status: 503 }
            : n === 2
              ? { status: 400, body: { error: 'invalid_batch', message: '1 problem', positions: [{ index: 1, seq: req.batch!.positions[1]!.seq, field: 'time', message: 'in the future' }] } }
              : undefined,
        { batchMaxPositions: 3 },
        observer,
      );
      await until(() => gw.ackedSeqs.length === 5, 'all but the quarantined one delivered');
      // The gateway counts the seqs before its 200 reaches the uploader: wait for the hook itself.
      await until(() => acks.length === 2, 'both acknowledgements observed');
      expect(failures).toEqual([
        expect.objectContaining({ status: 503, positions: 3, ok: false, error: 'scripted: scripted 503' }),
        expect.objectContaining({ status: 400, positions: 3, ok: false, error: 'invalid_batch: 1 problem' }),
      ]);
      // seq 2 was quarantined by the 400; the hook runs once the buffer has moved past the batch.
      expect(acks.map(({ seqs, throughSeq, nextUnsent }) => ({ seqs, throughSeq, nextUnsent }))).toEqual([
        { seqs: [1, 3, 4], throughSeq: 4, nextUnsent: 5 },
        { seqs: [5, 6], throughSeq: 6, nextUnsent: undefined },
      ]);
      for (const a of acks) expect(a.roundTripMs).toBeGreaterThanOrEqual(0);
      expect(uploader!.status().sentBatches).toBe(acks.length);
    });

    it('reports network errors and timeouts without a status', async () => {
      fill(3);
      const probe = new ScriptedGateway();
      const url = await probe.start();
      await probe.stop(); // nothing listens on that port now
      const { acks, failures, observer } = recorder();
      uploader = new Uploader({ gateway: url, token: 't', buffer, observer }, FAST);
      uploader.start();
      await until(() => failures.length >= 2, 'failures');
      await uploader.stop();
      expect(failures.length).toBe(uploader.status().failedRequests);
      for (const f of failures) {
        expect(f).toMatchObject({ positions: 3, ok: false });
        expect(f.status).toBeUndefined();
        expect(f.error).toMatch(/ECONNREFUSED/);
      }
      expect(acks).toEqual([]);

      const hanging = recorder();
      const gw = await run((_req, n) => (n === 1 ? 'hang' : undefined), { requestTimeoutMs: 300 }, hanging.observer);
      await until(() => gw.ackedSeqs.length === 3, 'delivered after timeout');
      await until(() => hanging.acks.length === 1, 'the acknowledgement observed');
      // The hung request times out; on a loaded machine a retry may too (300 ms is tight), never with a status.
      expect(hanging.failures.length).toBeGreaterThanOrEqual(1);
      for (const f of hanging.failures) {
        expect(f).toMatchObject({ positions: 3, ok: false, error: 'no answer within 300 ms' });
        expect(f.status).toBeUndefined();
      }
      expect(hanging.acks.map((a) => a.seqs)).toEqual([[1, 2, 3]]);
    });

    it('keeps uploading when the observer throws', async () => {
      fill(3);
      const gw = await run(() => undefined, {}, {
        onBatchAcknowledged: () => {
          throw new Error('observer bug');
        },
      });
      await until(() => gw.ackedSeqs.length === 3, 'delivered');
      await until(() => uploader!.status().sentBatches === 1, 'counted');
      expect(uploader!.status()).toMatchObject({ failedRequests: 0, consecutiveFailures: 0 });
      expect(gw.requests).toHaveLength(1);
    });
  });
});
