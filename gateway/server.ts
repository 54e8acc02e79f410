import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Admin, Kafka, Message } from 'kafkajs';
import type { Registry } from 'prom-client';
import { getLogger } from '../common/logger.js';
import { sendMetrics, withProcessMetrics } from '../common/metrics.js';
import { pollUntil } from '../common/poll.js';
import { createKafka } from '../kafka/config.js';
import { ensureTopics, eventsTopic, positionsTopic } from '../kafka/topics.js';
import { BatchFormatError } from '../protocol/content-types.js';
import { TooManyPositionsError } from '../protocol/errors.js';
import { GATEWAY_HEALTH, HEALTH_PATH, POSITIONS_PATH, type BatchAck } from '../protocol/upload-contract.js';
import { suspectReasons, type PlausibilityOptions } from '../protocol/position-rules.js';
import { validateBatch, VALIDATION_DEFAULTS, type ValidationOptions } from '../protocol/validate.js';
import { addressKey, KeyedConcurrencyLimit, KeyedRateLimit } from './admission.js';
import { authenticate } from './auth.js';
import { BodyError, parseContentEncoding, readBody } from './body.js';
import { GATEWAY_DEFAULTS, lockWaitMs, type GatewayConfig } from './config.js';
import { ACCEPTED_CONTENT_TYPES, batchEncodingOf, decodeBatch } from './decode.js';
import type { JsonBatchBounds } from './json-bounds.js';
import { DedupMemory } from './dedup.js';
import { DedupFollower } from './dedup-follower.js';
import { GatewayMetrics } from './metrics.js';
import { GatewayProducer, KafkaUnavailableError } from './producer.js';
import { drivingEventMessage, positionMessage } from './records.js';
import { DeviceRegistry } from './registry.js';
import { KeyedLock, LockTimeoutError } from './vehicle-lock.js';

const log = getLogger('gateway');

export interface GatewayOptions extends Partial<GatewayConfig> {
  /** Bootstrap servers; default from KAFKA_BROKERS or the local broker (kafka/config.ts). */
  brokers?: string[];
  tls?: { cert: Buffer; key: Buffer };
  validation?: Partial<ValidationOptions>;
  /** Limits beyond which a position is recorded with `suspect` flags (never refused): protocol/position-rules.ts. */
  plausibility?: Partial<PlausibilityOptions>;
  /** The process's metrics (common/metrics.ts), served on /metrics too: given only by the entry point that owns the process. */
  processMetrics?: Registry;
}

/** An HTTP answer other than 200 to a batch: `error` is a stable code, `message` says what to do. */
class Refusal {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {}
}

/**
 * The gateway: authenticated batch ingest over HTTP(S) into Kafka. One shared producer,
 * per-vehicle serialisation and dedup, bounded in bytes, time and concurrency.
 */
export class GatewayServer {
  readonly config: GatewayConfig;
  readonly metrics = new GatewayMetrics();
  private readonly metricsServed: Registry;
  readonly registry: DeviceRegistry;
  private readonly kafka: Kafka;
  private readonly producer: GatewayProducer;
  private readonly admin: Admin;
  private readonly dedup: DedupMemory;
  private readonly follower: DedupFollower;
  /** Vehicles whose last produce timed out or failed (it may have landed): the topic is read before their next one. */
  private readonly unknownOutcome = new Set<string>();
  private readonly lock = new KeyedLock();
  private readonly server: Server;
  private readonly validation: Partial<ValidationOptions>;
  private readonly plausibility: Partial<PlausibilityOptions>;
  private readonly batchBounds: JsonBatchBounds;
  private readonly vehicleRequests: KeyedConcurrencyLimit;
  private readonly vehicleRate: KeyedRateLimit;
  private readonly failedAuthRate: KeyedRateLimit;
  private ready?: { ok: boolean; atMs: number; reason?: string };
  private readyCheck?: Promise<void>;
  private adminConnected = false;

  constructor(options: GatewayOptions = {}) {
    const { brokers, tls, validation, plausibility, processMetrics, ...config } = options;
    this.metricsServed = withProcessMetrics(this.metrics.registry, processMetrics);
    this.config = { ...GATEWAY_DEFAULTS, ...config };
    this.validation = validation ?? {};
    this.plausibility = plausibility ?? {};
    const maxPositions = this.validation.maxPositions ?? VALIDATION_DEFAULTS.maxPositions;
    this.batchBounds = { maxDepth: this.config.maxJsonDepth, maxPositions, maxValues: maxPositions * this.config.maxJsonValuesPerPosition };
    this.vehicleRequests = new KeyedConcurrencyLimit(this.config.maxConcurrentRequestsPerVehicle);
    this.vehicleRate = new KeyedRateLimit(this.config.vehicleRequestsPerSecond, this.config.vehicleRequestBurst, this.config.rateLimitedKeys);
    this.failedAuthRate = new KeyedRateLimit(this.config.failedAuthPerSecondPerAddress, this.config.failedAuthBurstPerAddress, this.config.rateLimitedKeys);
    this.registry = new DeviceRegistry(this.config.registryFile, this.config.registryRecheckMs);
    this.kafka = createKafka('telematics-gateway', brokers);
    this.producer = new GatewayProducer(this.kafka, this.config);
    this.admin = this.kafka.admin({ retry: { retries: 0 } });
    this.dedup = new DedupMemory(this.config.dedupEpochsPerVehicle);
    this.follower = new DedupFollower(this.kafka, this.dedup, {
      // Driving events share the positions' seqs: what either topic holds was produced.
      topics: [this.config.topic, this.config.eventsTopic],
      tailRecordsPerPartition: this.config.dedupRebuildRecordsPerPartition,
      tailTimeoutMs: this.config.dedupRebuildTimeoutMs,
      restartDelayMs: this.config.dedupFollowerRestartMs,
      restartMaxDelayMs: this.config.dedupFollowerRestartMaxMs,
      maxEndOffsetRequests: this.config.dedupMaxEndOffsetRequests,
      endOffsetRetry: { attempts: this.config.dedupEndOffsetAttempts, retryMs: this.config.dedupEndOffsetRetryMs },
    });
    const handler = (req: IncomingMessage, res: ServerResponse) => void this.handle(req, res);
    const serverOptions = {
      headersTimeout: this.config.headersTimeoutMs,
      // Backstop behind readBody's own timer: Node answers 408 itself past this.
      requestTimeout: this.config.headersTimeoutMs + this.config.bodyTimeoutMs + 2_000,
      connectionsCheckingInterval: 500,
      keepAliveTimeout: this.config.keepAliveTimeoutMs,
    };
    this.server = tls ? createHttpsServer({ ...serverOptions, cert: tls.cert, key: tls.key }, handler) : createHttpServer(serverOptions, handler);
  }

  /** Listens and prepares Kafka; a Kafka that is down does not stop the start (requests get 503 until it is back). */
  async start(): Promise<string> {
    this.registry.watch();
    // The dedup memory learns what the topic already holds (what others produced), then follows it.
    const kafka = await this.prepareKafka();
    const following = this.follower.start();
    if (kafka !== 'unreachable') await following;
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.config.port, this.config.host, () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    const url = `${'cert' in this.server ? 'https' : 'http'}://${this.config.host}:${port}`;
    log.info({ url, topic: this.config.topic, devices: this.registry.size }, 'gateway listening');
    return url;
  }

  async stop(): Promise<void> {
    this.registry.close();
    await this.follower.stop();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
    });
    await this.producer.disconnect().catch((err: unknown) => log.warn({ err }, 'producer disconnect failed'));
    await this.admin.disconnect().catch(() => undefined);
  }

  private async prepareKafka(): Promise<'existing topic' | 'created topic' | 'unreachable'> {
    let created: string[];
    try {
      created = await withTimeout(
        (async () => {
          await this.producer.connect();
          await this.connectAdmin();
          const made = await ensureTopics(this.admin, [positionsTopic({ name: this.config.topic }), eventsTopic({ name: this.config.eventsTopic })]);
          if (made.length > 0) log.info({ topics: made }, 'created topics');
          return made;
        })(),
        this.config.produceTimeoutMs,
        'Kafka did not answer',
      );
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'Kafka is not reachable at start; batches get 503 until it is');
      return 'unreachable';
    }
    // A loaded broker can answer "not the leader" for a while after creating a topic: the first batches would get 503.
    for (const topic of created) {
      await pollUntil(`the partitions of the new topic ${topic} to be served`, () => this.admin.fetchTopicOffsets(topic).then(() => true, () => false), {
        timeoutMs: this.config.newTopicReadyTimeoutMs,
      }).catch((err: unknown) => log.warn({ err: (err as Error).message }, 'starting anyway; batches get 503 until the topic is served'));
    }
    return created.includes(this.config.topic) ? 'created topic' : 'existing topic';
  }

  private async connectAdmin(): Promise<void> {
    if (this.adminConnected) return;
    await this.admin.connect();
    this.adminConnected = true;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.metrics.inFlightRequests++;
    res.once('close', () => this.metrics.inFlightRequests--);
    res.once('finish', () => this.metrics.requests.inc({ status: res.statusCode }));
    try {
      const path = (req.url ?? '/').split('?')[0];
      if (path === POSITIONS_PATH) {
        if (req.method !== 'POST') throw new Refusal(405, 'method_not_allowed', 'Use POST to send a batch.', {}, { Allow: 'POST' });
        const ack = await this.ingest(req, res);
        sendJson(res, 200, ack);
      } else if (path === HEALTH_PATH || path === '/readyz' || path === '/metrics') {
        if (req.method !== 'GET' && req.method !== 'HEAD') throw new Refusal(405, 'method_not_allowed', `Use GET ${path}.`, {}, { Allow: 'GET, HEAD' });
        if (path === HEALTH_PATH) sendJson(res, 200, GATEWAY_HEALTH);
        else if (path === '/metrics') await sendMetrics(res, this.metricsServed);
        else {
          const ready = await this.checkReady();
          sendJson(res, ready.ok ? 200 : 503, ready.ok ? { status: 'ready' } : { status: 'not ready', reason: ready.reason });
        }
      } else {
        throw new Refusal(404, 'not_found', `No such endpoint ${path}; batches go to POST ${POSITIONS_PATH}.`);
      }
    } catch (err) {
      const refusal = toRefusal(err, this.config.retryAfter503Seconds);
      if (refusal.status >= 500) log.warn({ status: refusal.status, error: refusal.error, reason: refusal.message }, 'request refused');
      sendJson(res, refusal.status, { error: refusal.error, message: refusal.message, ...refusal.extra }, refusal.headers);
    }
  }

  private async ingest(req: IncomingMessage, res: ServerResponse): Promise<BatchAck> {
    // Cheap checks first, before a byte of the body is read; a refused body is not read at all, so the connection closes.
    const close = { Connection: 'close' };
    const auth = authenticate(req.headers, this.registry);
    if (!auth.ok) {
      const waitS = this.failedAuthRate.take(addressKey(req.socket.remoteAddress), Date.now());
      if (waitS !== undefined) {
        throw new Refusal(429, 'too_many_failed_auth', `Too many failed authentications from this address; retry after ${waitS} s, with a valid token.`, {}, { 'Retry-After': String(waitS), ...close });
      }
      throw new Refusal(auth.status, auth.error, auth.message, {}, auth.status === 401 ? { 'WWW-Authenticate': 'Bearer', ...close } : close);
    }
    const vehicleId = auth.vehicleId;
    const encoding = batchEncodingOf(req.headers['content-type']);
    if (!encoding) {
      throw new Refusal(415, 'unsupported_media_type', `Content-Type must be one of ${ACCEPTED_CONTENT_TYPES.join(', ')}.`, {}, close);
    }
    const contentEncoding = parseContentEncoding(req.headers['content-encoding']);
    if (!contentEncoding) throw new Refusal(415, 'unsupported_encoding', 'Content-Encoding must be gzip or absent.', {}, close);
    if (this.metrics.inFlightRequests > this.config.maxInFlightRequests) throw this.saturated('requests');
    this.admitVehicle(vehicleId, res);

    const body = await readBody(req, contentEncoding, this.config);
    const bodyArrivedMs = performance.now();
    const receivedAtMs = Date.now();
    this.vehicleRate.charge(vehicleId, Math.floor(body.length / this.config.vehicleBodyBytesPerToken), receivedAtMs);
    const batch = decodeBatch(encoding, body, this.batchBounds);
    // Only a malformed batch is refused; an implausible position is recorded with its suspect reasons.
    const errors = validateBatch(batch, this.validation);
    if (errors.length > 0) {
      throw new Refusal(400, 'invalid_batch', `${errors.length} problem(s) in the batch; nothing was stored. Fix the positions listed and resend.`, {
        positions: errors.slice(0, 100),
      });
    }
    const n = batch.positions.length;
    if (this.metrics.inFlightPositions + n > this.config.maxInFlightPositions) throw this.saturated('positions');
    this.metrics.positionsReceived.inc(n);

    const ackedSeq = batch.positions[n - 1]!.seq;
    const epoch = batch.epoch;
    const receivedAt = new Date(receivedAtMs).toISOString();
    return new Promise<BatchAck>((resolve, reject) => {
      // The lock is held until the send has settled, even when the client got its 503 earlier:
      // a resend then sees the outcome (duplicates if it landed) instead of racing it.
      this.lock
        .run(vehicleId, lockWaitMs(this.config, performance.now() - bodyArrivedMs), async () => {
          const seqs = batch.positions.map((p) => p.seq);
          const startedMs = performance.now();
          // What this replica produced is known; anything else may have been produced by another
          // replica, or by a send of this one whose outcome was unknown: read the topic up to now first.
          const mayBeElsewhere = this.config.replicas === 'many' || this.unknownOutcome.has(vehicleId);
          if (mayBeElsewhere && this.dedup.alreadyProduced(vehicleId, batch.epoch, seqs).includes(false)) {
            await this.follower.catchUp(vehicleId, this.config.produceTimeoutMs);
            this.unknownOutcome.delete(vehicleId);
          }
          const produced = this.dedup.alreadyProduced(vehicleId, batch.epoch, seqs);
          const fresh = batch.positions.filter((_, i) => !produced[i]);
          const duplicates = n - fresh.length;
          this.metrics.positionsDuplicate.inc(duplicates);
          if (fresh.length === 0) return resolve({ accepted: 0, duplicates, ackedSeq, epoch });
          const positions: Message[] = [];
          const events: Message[] = [];
          for (const p of fresh) {
            if (p.event) {
              events.push(drivingEventMessage(vehicleId, batch.epoch, { ...p, event: p.event }, receivedAtMs, receivedAt));
              this.metrics.drivingEventsReceived.inc({ kind: p.event.kind });
              continue;
            }
            const suspect = suspectReasons(p, { ...this.plausibility, nowMs: receivedAtMs });
            for (const reason of suspect) this.metrics.positionsSuspect.inc({ reason });
            positions.push(positionMessage(vehicleId, batch.epoch, p, receivedAtMs, receivedAt, suspect));
          }
          this.metrics.inFlightPositions += fresh.length;
          // The catch-up and the produce share the produce timeout, so the answer bound holds.
          const { acked, settled } = this.producer.produce(
            [
              { topic: this.config.topic, messages: positions },
              { topic: this.config.eventsTopic, messages: events },
            ].filter((t) => t.messages.length > 0),
            this.config.produceTimeoutMs - (performance.now() - startedMs),
          );
          acked.then(() => resolve({ accepted: fresh.length, duplicates, ackedSeq, epoch }), reject);
          const ok = await settled;
          this.metrics.inFlightPositions -= fresh.length;
          if (!ok) this.unknownOutcome.add(vehicleId);
          if (ok) {
            this.dedup.markProduced(vehicleId, batch.epoch, fresh.map((p) => p.seq));
            this.metrics.positionsProduced.inc(fresh.length);
            this.metrics.produceLatency.observe((performance.now() - startedMs) / 1000);
          }
        })
        .catch(reject);
    });
  }

  /**
   * The vehicle's own limits, checked before its body is read: requests in progress (its place
   * is freed when the answer is done) and its request rate. Either refusal is 429 at once.
   */
  private admitVehicle(vehicleId: string, res: ServerResponse): void {
    const close = { Connection: 'close' };
    const release = this.vehicleRequests.tryAcquire(vehicleId);
    if (!release) {
      throw new Refusal(
        429,
        'too_many_in_progress',
        `Vehicle ${vehicleId} already has ${this.config.maxConcurrentRequestsPerVehicle} requests in progress; send one batch at a time, and this one again after the Retry-After delay.`,
        {},
        { 'Retry-After': String(this.config.retryAfter429Seconds), ...close },
      );
    }
    res.once('close', release);
    const waitS = this.vehicleRate.take(vehicleId, Date.now());
    if (waitS !== undefined) {
      throw new Refusal(
        429,
        'rate_limited',
        `Vehicle ${vehicleId} sent more than ${this.config.vehicleRequestsPerSecond} requests per second; retry after the Retry-After delay.`,
        {},
        { 'Retry-After': String(waitS), ...close },
      );
    }
  }

  private saturated(what: string): Refusal {
    return new Refusal(
      429,
      'saturated',
      `The gateway is at its limit of in-flight ${what}; retry after the Retry-After delay.`,
      {},
      { 'Retry-After': String(this.config.retryAfter429Seconds) },
    );
  }

  /** Kafka reachable? One cached cluster description, bounded in time, shared by concurrent probes. */
  private async checkReady(): Promise<{ ok: boolean; reason?: string }> {
    const now = Date.now();
    if (this.ready && now - this.ready.atMs < this.config.readyCacheMs) return this.ready;
    this.readyCheck ??= withTimeout(
      (async () => {
        await this.connectAdmin();
        const cluster = await this.admin.describeCluster();
        if (cluster.brokers.length === 0) throw new Error('the cluster reports no brokers');
      })(),
      this.config.readyTimeoutMs,
      'Kafka did not answer in time',
    )
      .then(
        () => (this.ready = { ok: true, atMs: Date.now() }),
        (err: unknown) => {
          this.adminConnected = false;
          this.admin.disconnect().catch(() => undefined);
          this.ready = { ok: false, atMs: Date.now(), reason: (err as Error).message };
        },
      )
      .then(() => undefined)
      .finally(() => (this.readyCheck = undefined));
    await this.readyCheck;
    return this.ready!;
  }
}

function toRefusal(err: unknown, retryAfter503Seconds: number): Refusal {
  if (err instanceof Refusal) return err;
  if (err instanceof BodyError) return new Refusal(err.status, err.code, err.message, {}, { Connection: 'close' });
  if (err instanceof TooManyPositionsError) {
    return new Refusal(400, 'invalid_batch', `${err.message}; nothing was stored.`, { positions: [{ index: -1, field: 'positions', message: err.message }] });
  }
  if (err instanceof BatchFormatError) {
    return new Refusal(400, 'malformed_batch', `${err.message}; nothing was stored. Fix the body and resend.`, err.details === undefined ? {} : { details: err.details });
  }
  if (err instanceof KafkaUnavailableError || err instanceof LockTimeoutError) {
    return new Refusal(503, 'kafka_unavailable', `${err.message}; nothing is acknowledged. Keep the batch and retry after the Retry-After delay.`, {}, {
      'Retry-After': String(retryAfter503Seconds),
    });
  }
  log.error({ err }, 'unexpected failure handling a request');
  return new Refusal(500, 'internal_error', 'The gateway failed unexpectedly; retry later. The gateway log has the details.');
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}
