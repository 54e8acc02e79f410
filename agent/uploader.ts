import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { lazyBuiltin } from '../common/lazy-builtin.js';
import { getLogger, type Logger } from '../common/logger.js';
import { encodeBinaryBatch } from '../protocol/binary-batch.js';
import { BINARY_CONTENT_TYPE, JSON_CONTENT_TYPE } from '../protocol/content-types.js';
import { encodeJsonBatch } from '../protocol/json-batch.js';
import { AGENT_REQUEST_TIMEOUT_MS, POSITIONS_PATH } from '../protocol/upload-contract.js';
import type { Position } from '../protocol/position.js';
import { systemClock, type Clock, type TimerHandle } from './clock.js';
import type { PositionBuffer } from './position-buffer.js';
import { decide, refusalMessage, retryDelayMs, type GatewayResponse, type HoldState, type SentBatch, type UploadAction } from './upload-decision.js';

/** Loaded only for an https gateway (node:https brings TLS with it). */
const https = lazyBuiltin<typeof import('node:https')>('node:https');

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
  /** Wait while held (401/403: credentials; 404/405, 415 to JSON: wrong gateway): long, the data is kept, an operator must act. */
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
  /** A network error's code (ECONNREFUSED, ENOTFOUND, ETIMEDOUT, a TLS code), for diag's advice. */
  errorCode?: string;
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
  /**
   * Answers 200 that were not a telematics gateway's acknowledgement of the batch (a captive portal,
   * a proxy, a wrong URL answering 200): counted in `failedRequests` too; nothing was deleted.
   */
  notGatewayAnswers: number;
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
  /** PEM of the CA(s) an https gateway's certificate must chain to, instead of the system's; absent: the system's (and NODE_EXTRA_CA_CERTS). */
  ca?: string;
  buffer: PositionBuffer;
  clock?: Clock;
  logger?: Logger;
  /** Connection pool; a fleet simulator shares one across many agents. Default: a keep-alive agent of its own. */
  agent?: http.Agent;
  /** Hooks on acknowledged batches and failed requests (see UploadObserver). */
  observer?: UploadObserver;
}

/**
 * Sends the oldest unsent positions, in seq order, and deletes them only after the
 * gateway's 200 (which it gives only once Kafka acknowledged them). One request at a time.
 */
export class Uploader {
  readonly options: UploaderOptions;
  private readonly config: Required<Omit<UploaderConfig, 'agent' | 'observer' | 'ca'>> & { agent: http.Agent; observer?: UploadObserver; ca?: string };
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
    notGatewayAnswers: 0,
  };

  constructor(config: UploaderConfig, options: Partial<UploaderOptions> = {}) {
    this.options = { ...UPLOADER_DEFAULTS, ...options };
    this.url = new URL(POSITIONS_PATH, config.gateway.endsWith('/') ? config.gateway : config.gateway + '/');
    const ownAgent = this.url.protocol === 'https:' ? new (https().Agent)({ keepAlive: true, maxSockets: 1 }) : new http.Agent({ keepAlive: true, maxSockets: 1 });
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
    const positions = buffer.oldest(this.batchMax);
    if (positions.length === 0) {
      this.settle('idle', this.options.intervalMs);
      return;
    }
    const previousState = this.s.state;
    this.s.state = 'sending';
    // Binary version 1 carries no driving events: a batch holding one goes as JSON.
    const encoding = positions.some((p) => p.event) ? 'json' : this.encoding;
    const batch: SentBatch = { epoch: buffer.epoch, positions, encoding };
    const attempt = { batch, atMs: this.config.clock.now(), sentAtRealMs: performance.now(), previousState };
    let response: GatewayResponse;
    try {
      response = await this.post(requestFor(batch));
    } catch (err) {
      const errorCode = (err as NodeJS.ErrnoException).code;
      response = { error: (err as Error).message, ...(errorCode && { errorCode }) };
    }
    this.apply(decide(response, batch), { ...attempt, response });
  }

  /** The one place an action changes the uploader: buffer, counters, state and the next attempt, for every kind alike. */
  private apply(action: UploadAction, attempt: Attempt): void {
    const { batch, response } = attempt;
    const result: UploadResult = { atMs: attempt.atMs, positions: batch.positions.length, ok: action.kind === 'delete' };
    if (response.status !== undefined) result.status = response.status;
    this.s.lastAttempt = result;
    if (action.kind !== 'delete') {
      result.error =
        response.status === undefined ? response.error : action.kind === 'not-acknowledged' ? `${NOT_GATEWAY_MESSAGE}: ${action.reason}` : refusalMessage(response.body);
      if (response.status === undefined && response.errorCode) result.errorCode = response.errorCode;
      this.s.failedRequests++;
      this.notify((o) => o.onAttemptFailed?.(result));
    }
    switch (action.kind) {
      case 'delete': {
        this.config.buffer.acknowledge(batch.positions, action.throughSeq);
        const roundTripMs = performance.now() - attempt.sentAtRealMs;
        this.notify((o) => o.onBatchAcknowledged?.({ positions: batch.positions, throughSeq: action.throughSeq, roundTripMs }));
        this.s.lastSuccessAtMs = this.config.clock.now();
        this.s.sentBatches++;
        this.s.sentPositions += action.accepted;
        this.s.duplicatePositions += action.duplicates;
        if (this.s.consecutiveFailures > 0) this.log.info({ after: this.s.consecutiveFailures }, 'upload recovered');
        this.s.consecutiveFailures = 0;
        this.settle('idle', batch.positions.length >= this.batchMax ? 0 : this.options.intervalMs);
        return;
      }
      case 'quarantine': {
        const status = response.status;
        const body = response.status === undefined ? '' : response.body;
        const bad = action.positions;
        if (!this.config.buffer.quarantine(bad, status, body.slice(0, 4000))) {
          // The buffer could not move them (disk full or failing): resending the same batch at once would spin.
          this.retryLater(undefined, result);
          return;
        }
        this.s.quarantinedBatches++;
        this.log.error({ status, error: result.error, quarantined: bad.length, firstSeq: bad[0]!.seq, lastSeq: bad[bad.length - 1]!.seq }, 'gateway rejected positions: quarantined, the queue goes on');
        this.settle('idle', 0);
        return;
      }
      case 'halve':
        this.batchMax = action.batchMaxPositions;
        this.log.warn({ batchMaxPositions: this.batchMax }, 'gateway says the batch is too large: halving the batch size');
        this.settle('idle', 0);
        return;
      case 'switch-to-json':
        this.encoding = 'json';
        this.log.warn({ error: result.error }, 'gateway does not take the binary encoding: falling back to JSON');
        this.settle('idle', 0);
        return;
      case 'hold':
        this.s.consecutiveFailures++;
        if (attempt.previousState !== action.state) this.log.error({ status: result.status, error: result.error, url: this.url.href }, HOLD_MESSAGES[action.state]);
        this.settle(action.state, this.options.authBackoffMs);
        return;
      case 'retry':
        this.retryLater(action.retryAfterMs, result);
        return;
      case 'not-acknowledged':
        this.s.notGatewayAnswers++;
        this.retryLater(undefined, result);
        return;
    }
  }

  private retryLater(retryAfterMs: number | undefined, result: UploadResult): void {
    this.s.consecutiveFailures++;
    const delay = retryDelayMs(this.s.consecutiveFailures, retryAfterMs, this.options, Math.random());
    this.log.warn({ status: result.status, error: result.error, failures: this.s.consecutiveFailures, retryInMs: Math.round(delay) }, 'upload failed, will retry');
    this.s.lastBackoffMs = Math.round(delay);
    this.settle('backoff', delay);
  }

  private settle(state: UplinkState, nextAttemptInMs: number): void {
    this.s.state = state;
    this.schedule(nextAttemptInMs);
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
        const attempt = { batch: { epoch: this.config.buffer.epoch, positions: [], encoding: this.encoding }, atMs: this.config.clock.now(), sentAtRealMs: performance.now(), previousState: this.s.state };
        this.apply({ kind: 'retry' }, { ...attempt, response: { error: (err as Error).message } });
      });
    }, delayMs);
  }

  /** Transport only: one POST of a ready body, bounded by the request timeout (real time). Rejects when there is no answer. */
  private post(request: UploadRequest): Promise<GatewayResponse> {
    const transport = this.url.protocol === 'https:' ? https() : http;
    let closed!: () => void;
    const done = new Promise<void>((r) => (closed = r));
    return new Promise<GatewayResponse>((resolve, reject) => {
      const req = transport.request(
        this.url,
        {
          method: 'POST',
          agent: this.config.agent,
          // Per request, so a shared pool works too (https.Agent keys its sockets by the CA).
          ...(this.config.ca !== undefined && { ca: this.config.ca }),
          headers: { Authorization: `Bearer ${this.config.token}`, 'Content-Type': request.contentType, 'Content-Length': request.body.length },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body: Buffer.concat(chunks).toString('utf8'), receivedAtMs: Date.now() }),
          );
          res.on('error', reject);
        },
      );
      // Network time is real time, whatever the agent's clock: a real timer bounds the request.
      const timeout = setTimeout(() => req.destroy(new Error(`no answer within ${this.options.requestTimeoutMs} ms`)), this.options.requestTimeoutMs);
      req.on('error', reject);
      req.on('close', () => {
        clearTimeout(timeout);
        this.inFlight = undefined;
        closed();
      });
      this.inFlight = { req, done, sinceRealMs: Date.now() };
      req.end(request.body);
    });
  }
}

interface UploadRequest {
  body: Buffer;
  contentType: string;
}

/** The request for a batch in its encoding (the request builder: the transport only sends it). */
function requestFor(batch: SentBatch): UploadRequest {
  const positionBatch = { epoch: batch.epoch, positions: batch.positions };
  return batch.encoding === 'binary'
    ? { body: encodeBinaryBatch(positionBatch), contentType: BINARY_CONTENT_TYPE }
    : { body: Buffer.from(encodeJsonBatch(positionBatch)), contentType: JSON_CONTENT_TYPE };
}

/** One attempt as the applier needs it: what was sent, when, and what came back. */
interface Attempt {
  batch: SentBatch;
  atMs: number;
  sentAtRealMs: number;
  /** The state before the attempt: a hold logs only when it starts. */
  previousState: UplinkState;
  response: GatewayResponse;
}

/** What a 200 that is no acknowledgement means (`diag` shows it with the gateway's URL). */
export const NOT_GATEWAY_MESSAGE = 'answered 200 but is not a telematics gateway (positions kept)';

const HOLD_MESSAGES: Record<HoldState, string> = {
  'auth-failed': "the gateway refuses this vehicle's credentials: positions are kept; check --vehicle-id and --token (telematics gateway add-device)",
  rejected: 'the gateway refuses the request: check --gateway; positions are kept',
};
