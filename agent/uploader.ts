import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { getLogger, type Logger } from '../common/logger.js';
import { encodeBinaryBatch } from '../protocol/binary-batch.js';
import { BINARY_CONTENT_TYPE, JSON_CONTENT_TYPE } from '../protocol/content-types.js';
import { encodeJsonBatch } from '../protocol/json-batch.js';
import { AGENT_REQUEST_TIMEOUT_MS, POSITIONS_PATH } from '../protocol/upload-contract.js';
import type { Position } from '../protocol/position.js';
import { systemClock, type Clock, type TimerHandle } from './clock.js';
import type { PositionBuffer } from './position-buffer.js';

/** Upload timing and sizes (documented in agent/README.md). */
export const UPLOADER_DEFAULTS = {
  /** Positions per request (the gateway accepts up to MAX_BATCH_POSITIONS, 1,000). */
  batchMaxPositions: 500,
  /** How often to look for new positions when the queue was emptied. */
  intervalMs: 5_000,
  /** The contract's: longer than the gateway's answer bound, so a slow but definite answer is read, not cut off and resent. */
  requestTimeoutMs: AGENT_REQUEST_TIMEOUT_MS,
  /** Exponential backoff after failures: initial × 2^n, capped, with ±50 % jitter. */
  backoffInitialMs: 1_000,
  backoffMaxMs: 5 * 60_000,
  /** Wait after 401/403 (credentials): long, the data is kept, an operator must act. */
  authBackoffMs: 10 * 60_000,
  /** A Retry-After beyond this is capped (a misconfigured proxy must not park the truck for a day). */
  maxRetryAfterMs: 15 * 60_000,
  /** Body encoding; on 415 the uploader falls back from binary to JSON. */
  encoding: 'binary' as 'binary' | 'json',
};

export type UploaderOptions = typeof UPLOADER_DEFAULTS;

export type UplinkState = 'idle' | 'sending' | 'backoff' | 'auth-failed' | 'rejected' | 'stopped';

export interface UploadResult {
  atMs: number;
  /** HTTP status, absent for a network error or timeout. */
  status?: number;
  positions: number;
  ok: boolean;
  /** What went wrong, in words (gateway message, network error). */
  error?: string;
}

export interface UplinkStatus {
  gateway: string;
  state: UplinkState;
  encoding: 'binary' | 'json';
  batchMaxPositions: number;
  lastAttempt?: UploadResult;
  lastSuccessAtMs?: number;
  nextAttemptAtMs?: number;
  /** The wait chosen after the last failure (backoff with jitter, or Retry-After). */
  lastBackoffMs?: number;
  consecutiveFailures: number;
  sentBatches: number;
  sentPositions: number;
  duplicatePositions: number;
  quarantinedBatches: number;
  failedRequests: number;
}

/** A batch the gateway answered 200 for, after the buffer acknowledged it. */
export interface BatchAcknowledgement {
  /** The batch as sent (the uploader's own array, not a copy: read it, do not keep or change it). */
  positions: readonly Position[];
  /** Highest seq acknowledged; below the batch's last seq when the gateway took only part of it (the rest is resent). */
  throughSeq: number;
  /** Real time from building the request to the buffer's acknowledgement of the 200, ms. */
  roundTripMs: number;
}

/**
 * Observes the upload loop without changing it (a fleet simulator measures latency and
 * counts failures by kind with it). Called synchronously on the upload path: keep it cheap.
 * An observer that throws is logged and ignored.
 */
export interface UploadObserver {
  /** After a 200, once the buffer acknowledged the batch. */
  onBatchAcknowledged?(ack: BatchAcknowledgement): void;
  /**
   * After every request that did not get a 200: any other status (503, 400, 401, 413, …,
   * whatever the uploader does next), a network error or the request timeout (`status` absent).
   */
  onAttemptFailed?(attempt: Readonly<UploadResult>): void;
}

export interface UploaderConfig {
  /** Gateway base URL, e.g. https://gw.example.com (POST {gateway}/v1/positions). */
  gateway: string;
  token: string;
  buffer: PositionBuffer;
  clock?: Clock;
  logger?: Logger;
  /** Connection pool; a fleet simulator shares one across many agents. Default: a keep-alive agent of its own. */
  agent?: http.Agent;
  /** Hooks on acknowledged batches and failed requests (see UploadObserver). */
  observer?: UploadObserver;
}

interface HttpReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Retry-After in ms: delta-seconds or an HTTP date. */
export function parseRetryAfterMs(value: string | string[] | undefined, nowMs: number): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

function gatewayMessage(body: string): string {
  try {
    const j = JSON.parse(body) as { error?: string; message?: string };
    return [j.error, j.message].filter(Boolean).join(': ') || body.slice(0, 200);
  } catch {
    return body.slice(0, 200);
  }
}

/**
 * Sends the oldest unsent positions, in seq order, and deletes them only after the
 * gateway's 200 (which it gives only once Kafka acknowledged them). One request at a time.
 */
export class Uploader {
  readonly options: UploaderOptions;
  private readonly config: Required<Omit<UploaderConfig, 'agent' | 'observer'>> & { agent: http.Agent; observer?: UploadObserver };
  private readonly url: URL;
  private readonly log: Logger;
  private timer: TimerHandle | undefined;
  private inFlight: { req: http.ClientRequest; done: Promise<void>; sinceRealMs: number } | undefined;
  private stopped = true;
  private batchMax: number;
  private encoding: 'binary' | 'json';
  private s: Omit<UplinkStatus, 'gateway' | 'encoding' | 'batchMaxPositions'> = {
    state: 'stopped',
    consecutiveFailures: 0,
    sentBatches: 0,
    sentPositions: 0,
    duplicatePositions: 0,
    quarantinedBatches: 0,
    failedRequests: 0,
  };

  constructor(config: UploaderConfig, options: Partial<UploaderOptions> = {}) {
    this.options = { ...UPLOADER_DEFAULTS, ...options };
    this.url = new URL(POSITIONS_PATH, config.gateway.endsWith('/') ? config.gateway : config.gateway + '/');
    const ownAgent = this.url.protocol === 'https:' ? new https.Agent({ keepAlive: true, maxSockets: 1 }) : new http.Agent({ keepAlive: true, maxSockets: 1 });
    this.config = { clock: systemClock, logger: getLogger('agent.uploader'), ...config, agent: config.agent ?? ownAgent };
    this.log = this.config.logger;
    this.batchMax = this.options.batchMaxPositions;
    this.encoding = this.options.encoding;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.s.state = 'idle';
    this.schedule(0);
  }

  /** Stops after the request in flight (bounded by the request timeout); unsent positions stay in the buffer. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
    await this.inFlight?.done;
    this.s.state = 'stopped';
  }

  /** Looks for positions now instead of at the next interval (e.g. right after a commit). */
  nudge(): void {
    if (this.stopped || this.inFlight || this.s.state !== 'idle') return;
    this.schedule(0);
  }

  /** A request outlived its timeout by far: the loop is wedged (a restart would help). */
  stuck(): boolean {
    return this.inFlight !== undefined && Date.now() - this.inFlight.sinceRealMs > this.options.requestTimeoutMs + 10_000;
  }

  status(): UplinkStatus {
    return { gateway: this.url.origin, encoding: this.encoding, batchMaxPositions: this.batchMax, ...this.s };
  }

  /** One upload attempt; resolves when its outcome is handled. Exposed for tests and the simulator's own pacing. */
  async runOnce(): Promise<void> {
    const buffer = this.config.buffer;
    const batch = buffer.oldest(this.batchMax);
    if (batch.length === 0) {
      this.s.state = 'idle';
      this.schedule(this.options.intervalMs);
      return;
    }
    const previous = this.s.state;
    this.s.state = 'sending';
    const clock = this.config.clock;
    const attemptAt = clock.now();
    const sentAtRealMs = performance.now();
    let reply: HttpReply;
    try {
      reply = await this.post(batch);
    } catch (err) {
      const result: UploadResult = { atMs: attemptAt, positions: batch.length, ok: false, error: (err as Error).message };
      this.notify((o) => o.onAttemptFailed?.(result));
      this.fail(result, undefined);
      return;
    }
    const result: UploadResult = { atMs: attemptAt, status: reply.status, positions: batch.length, ok: reply.status === 200 };
    const status = reply.status;
    if (status === 200) {
      const ack = JSON.parse(reply.body) as { accepted?: number; duplicates?: number; ackedSeq?: number };
      const last = batch[batch.length - 1]!.seq;
      // A gateway that acknowledged less than we sent gets the rest again.
      const through = typeof ack.ackedSeq === 'number' ? Math.min(ack.ackedSeq, last) : last;
      buffer.acknowledge(through);
      const roundTripMs = performance.now() - sentAtRealMs;
      this.notify((o) => o.onBatchAcknowledged?.({ positions: batch, throughSeq: through, roundTripMs }));
      this.s.lastAttempt = result;
      this.s.lastSuccessAtMs = clock.now();
      this.s.sentBatches++;
      this.s.sentPositions += ack.accepted ?? batch.length;
      this.s.duplicatePositions += ack.duplicates ?? 0;
      if (this.s.consecutiveFailures > 0) this.log.info({ after: this.s.consecutiveFailures }, 'upload recovered');
      this.s.consecutiveFailures = 0;
      this.s.state = 'idle';
      this.schedule(batch.length >= this.batchMax ? 0 : this.options.intervalMs);
      return;
    }
    result.error = gatewayMessage(reply.body);
    this.notify((o) => o.onAttemptFailed?.(result));
    if (status === 400) {
      this.quarantine(batch, reply);
      this.s.lastAttempt = result;
      this.s.state = 'idle';
      this.schedule(0);
    } else if (status === 401 || status === 403) {
      this.s.lastAttempt = result;
      this.s.failedRequests++;
      this.s.consecutiveFailures++;
      if (previous !== 'auth-failed') {
        this.log.error({ status, error: result.error }, 'the gateway refuses this vehicle\'s credentials: positions are kept; check --vehicle-id and --token (telematics gateway add-device)');
      }
      this.s.state = 'auth-failed';
      this.schedule(this.options.authBackoffMs);
    } else if (status === 413 && batch.length > 1) {
      this.batchMax = Math.max(1, Math.floor(batch.length / 2));
      this.log.warn({ batchMaxPositions: this.batchMax }, 'gateway says the batch is too large: halving the batch size');
      this.s.lastAttempt = result;
      this.s.state = 'idle';
      this.schedule(0);
    } else if (status === 413) {
      this.quarantine(batch, reply);
      this.s.lastAttempt = result;
      this.schedule(0);
    } else if (status === 415 && this.encoding === 'binary') {
      this.log.warn({ error: result.error }, 'gateway does not take the binary encoding: falling back to JSON');
      this.encoding = 'json';
      this.s.lastAttempt = result;
      this.schedule(0);
    } else if (status === 404 || status === 405 || status === 415) {
      // Wrong URL or an incompatible gateway: not the data's fault, keep it and wait long.
      this.s.lastAttempt = result;
      this.s.failedRequests++;
      this.s.consecutiveFailures++;
      if (previous !== 'rejected') this.log.error({ status, error: result.error, url: this.url.href }, 'the gateway refuses the request: check --gateway; positions are kept');
      this.s.state = 'rejected';
      this.schedule(this.options.authBackoffMs);
    } else {
      this.fail(result, parseRetryAfterMs(reply.headers['retry-after'], Date.now()));
    }
  }

  /** Calls the observer, if any; its failure must not break the upload loop. */
  private notify(call: (observer: UploadObserver) => void): void {
    const observer = this.config.observer;
    if (!observer) return;
    try {
      call(observer);
    } catch (err) {
      this.log.error({ err }, 'upload observer failed (ignored)');
    }
  }

  private quarantine(batch: Position[], reply: HttpReply): void {
    // The gateway lists the positions it rejects (by index); quarantine only those when it does,
    // so the valid ones go out with the next request. Otherwise the whole batch.
    let bad = batch;
    try {
      const listed = (JSON.parse(reply.body) as { positions?: { index?: number }[] }).positions ?? [];
      const indexes = new Set(listed.map((e) => e.index).filter((i): i is number => typeof i === 'number' && i >= 0 && i < batch.length));
      const batchLevel = listed.some((e) => e.index === -1);
      if (indexes.size > 0 && !batchLevel) bad = batch.filter((_, i) => indexes.has(i));
    } catch {
      // Not JSON: the whole batch.
    }
    const error = gatewayMessage(reply.body);
    if (this.config.buffer.quarantine(bad, reply.status, reply.body.slice(0, 4000))) {
      this.s.quarantinedBatches++;
      this.log.error({ status: reply.status, error, quarantined: bad.length, firstSeq: bad[0]!.seq, lastSeq: bad[bad.length - 1]!.seq }, 'gateway rejected positions: quarantined, the queue goes on');
    }
  }

  private fail(result: UploadResult, retryAfterMs: number | undefined): void {
    this.s.lastAttempt = result;
    this.s.failedRequests++;
    this.s.consecutiveFailures++;
    const o = this.options;
    const exp = Math.min(o.backoffMaxMs, o.backoffInitialMs * 2 ** Math.min(30, this.s.consecutiveFailures - 1));
    let delay = exp * (0.5 + Math.random() * 0.5);
    // Retry-After is a floor; the jitter on top keeps a fleet from coming back in one burst.
    if (retryAfterMs !== undefined) delay = Math.min(o.maxRetryAfterMs, retryAfterMs) * (1 + Math.random() * 0.2);
    this.log.warn({ status: result.status, error: result.error, failures: this.s.consecutiveFailures, retryInMs: Math.round(delay) }, 'upload failed, will retry');
    this.s.state = 'backoff';
    this.s.lastBackoffMs = Math.round(delay);
    this.schedule(delay);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer?.cancel();
    this.s.nextAttemptAtMs = this.config.clock.now() + delayMs;
    this.timer = this.config.clock.setTimeout(() => {
      this.timer = undefined;
      void (async () => {
        // The socket of the previous request may still be closing.
        await this.inFlight?.done;
        if (this.stopped) return;
        await this.runOnce();
      })().catch((err: unknown) => {
        this.log.error({ err }, 'upload loop error');
        this.fail({ atMs: this.config.clock.now(), positions: 0, ok: false, error: (err as Error).message }, undefined);
      });
    }, delayMs);
  }

  private post(batch: Position[]): Promise<HttpReply> {
    const epoch = this.config.buffer.epoch;
    const body = this.encoding === 'binary' ? encodeBinaryBatch({ epoch, positions: batch }) : Buffer.from(encodeJsonBatch({ epoch, positions: batch }));
    const contentType = this.encoding === 'binary' ? BINARY_CONTENT_TYPE : JSON_CONTENT_TYPE;
    const transport = this.url.protocol === 'https:' ? https : http;
    let settle!: () => void;
    const done = new Promise<void>((r) => (settle = r));
    return new Promise<HttpReply>((resolve, reject) => {
      const req = transport.request(
        this.url,
        {
          method: 'POST',
          agent: this.config.agent,
          headers: { Authorization: `Bearer ${this.config.token}`, 'Content-Type': contentType, 'Content-Length': body.length },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      // Network time is real time, whatever the agent's clock: a real timer bounds the request.
      const timeout = setTimeout(() => req.destroy(new Error(`no answer within ${this.options.requestTimeoutMs} ms`)), this.options.requestTimeoutMs);
      req.on('error', reject);
      req.on('close', () => {
        clearTimeout(timeout);
        this.inFlight = undefined;
        settle();
      });
      this.inFlight = { req, done, sinceRealMs: Date.now() };
      req.end(body);
    });
  }
}
