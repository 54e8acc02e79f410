import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Admin, Kafka, Message } from 'kafkajs';
import type { Registry } from 'prom-client';
import { getLogger } from '../common/logger.js';
import { sendMetrics, withProcessMetrics } from '../common/metrics.js';
import { createKafka } from '../kafka/config.js';
import { ensureTopics, eventsTopic, positionsTopic } from '../kafka/topics.js';
import { BatchFormatError } from '../protocol/content-types.js';
import { POSITIONS_PATH, type BatchAck } from '../protocol/upload-contract.js';
import { suspectReasons, type PlausibilityOptions } from '../protocol/position-rules.js';
import { validateBatch, type ValidationOptions } from '../protocol/validate.js';
import { authenticate } from './auth.js';
import { BodyError, parseContentEncoding, readBody } from './body.js';
import { GATEWAY_DEFAULTS, type GatewayConfig } from './config.js';
import { ACCEPTED_CONTENT_TYPES, batchEncodingOf, decodeBatch } from './decode.js';
import { DedupMemory } from './dedup.js';
import { rebuildDedupMemory } from './dedup-rebuild.js';
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
  private readonly lock = new KeyedLock();
  private readonly server: Server;
  private readonly validation: Partial<ValidationOptions>;
  private readonly plausibility: Partial<PlausibilityOptions>;
  private ready?: { ok: boolean; atMs: number; reason?: string };
  private readyCheck?: Promise<void>;
  private adminConnected = false;

  constructor(options: GatewayOptions = {}) {
    const { brokers, tls, validation, plausibility, processMetrics, ...config } = options;
    this.metricsServed = withProcessMetrics(this.metrics.registry, processMetrics);
    this.config = { ...GATEWAY_DEFAULTS, ...config };
    this.validation = validation ?? {};
    this.plausibility = plausibility ?? {};
    this.registry = new DeviceRegistry(this.config.registryFile, this.config.registryRecheckMs);
    this.kafka = createKafka('telematics-gateway', brokers);
    this.producer = new GatewayProducer(this.kafka, this.config);
    this.admin = this.kafka.admin({ retry: { retries: 0 } });
    this.dedup = new DedupMemory(this.config.dedupEpochsPerVehicle);
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
    // A topic created just now is empty: nothing to remember.
    if ((await this.prepareKafka()) === 'existing topic' && this.config.dedupRebuildRecordsPerPartition > 0) {
      // Events share the positions' seq: both topics hold what was produced.
      for (const topic of [this.config.topic, this.config.eventsTopic]) {
        await rebuildDedupMemory(this.kafka, this.dedup, {
          topic,
          maxRecordsPerPartition: this.config.dedupRebuildRecordsPerPartition,
          timeoutMs: this.config.dedupRebuildTimeoutMs,
        }).catch((err: unknown) => log.warn({ err: (err as Error).message, topic }, 'could not rebuild the dedup memory; starting without it'));
      }
    }
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
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
    });
    await this.producer.disconnect().catch((err: unknown) => log.warn({ err }, 'producer disconnect failed'));
    await this.admin.disconnect().catch(() => undefined);
  }

  private async prepareKafka(): Promise<'existing topic' | 'created topic' | 'unreachable'> {
    try {
      return await withTimeout(
        (async () => {
          await this.producer.connect();
          await this.connectAdmin();
          const created = await ensureTopics(this.admin, [positionsTopic({ name: this.config.topic }), eventsTopic({ name: this.config.eventsTopic })]);
          if (created.length > 0) log.info({ topics: created }, 'created topics');
          return created.includes(this.config.topic) ? ('created topic' as const) : ('existing topic' as const);
        })(),
        this.config.produceTimeoutMs,
        'Kafka did not answer',
      );
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'Kafka is not reachable at start; batches get 503 until it is');
      return 'unreachable';
    }
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
        const ack = await this.ingest(req);
        sendJson(res, 200, ack);
      } else if (path === '/healthz' || path === '/readyz' || path === '/metrics') {
        if (req.method !== 'GET' && req.method !== 'HEAD') throw new Refusal(405, 'method_not_allowed', `Use GET ${path}.`, {}, { Allow: 'GET, HEAD' });
        if (path === '/healthz') sendJson(res, 200, { status: 'ok' });
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
      if (refusal.status >= 500) log.warn({ status: refusal.status, error: refusal.error, msg: refusal.message }, 'request refused');
      sendJson(res, refusal.status, { error: refusal.error, message: refusal.message, ...refusal.extra }, refusal.headers);
    }
  }

  private async ingest(req: IncomingMessage): Promise<BatchAck> {
    // Cheap checks first, before a byte of the body is read; a refused body is not read at all, so the connection closes.
    const close = { Connection: 'close' };
    const auth = authenticate(req.headers, this.registry);
    if (!auth.ok) throw new Refusal(auth.status, auth.error, auth.message, {}, auth.status === 401 ? { 'WWW-Authenticate': 'Bearer', ...close } : close);
    const encoding = batchEncodingOf(req.headers['content-type']);
    if (!encoding) {
      throw new Refusal(415, 'unsupported_media_type', `Content-Type must be one of ${ACCEPTED_CONTENT_TYPES.join(', ')}.`, {}, close);
    }
    const contentEncoding = parseContentEncoding(req.headers['content-encoding']);
    if (!contentEncoding) throw new Refusal(415, 'unsupported_encoding', 'Content-Encoding must be gzip or absent.', {}, close);
    if (this.metrics.inFlightRequests > this.config.maxInFlightRequests) throw this.saturated('requests');

    const body = await readBody(req, contentEncoding, this.config);
    const receivedAtMs = Date.now();
    const batch = decodeBatch(encoding, body);
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

    const vehicleId = auth.vehicleId;
    const ackedSeq = batch.positions[n - 1]!.seq;
    const receivedAt = new Date(receivedAtMs).toISOString();
    return new Promise<BatchAck>((resolve, reject) => {
      // The lock is held until the send has settled, even when the client got its 503 earlier:
      // a resend then sees the outcome (duplicates if it landed) instead of racing it.
      this.lock
        .run(vehicleId, this.config.vehicleLockTimeoutMs, async () => {
          const produced = this.dedup.alreadyProduced(vehicleId, batch.epoch, batch.positions.map((p) => p.seq));
          const fresh = batch.positions.filter((_, i) => !produced[i]);
          const duplicates = n - fresh.length;
          this.metrics.positionsDuplicate.inc(duplicates);
          if (fresh.length === 0) return resolve({ accepted: 0, duplicates, ackedSeq });
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
          const startedMs = performance.now();
          const { acked, settled } = this.producer.produce(
            [
              { topic: this.config.topic, messages: positions },
              { topic: this.config.eventsTopic, messages: events },
            ].filter((t) => t.messages.length > 0),
          );
          acked.then(() => resolve({ accepted: fresh.length, duplicates, ackedSeq }), reject);
          const ok = await settled;
          this.metrics.inFlightPositions -= fresh.length;
          if (ok) {
            this.dedup.markProduced(vehicleId, batch.epoch, fresh.map((p) => p.seq));
            this.metrics.positionsProduced.inc(fresh.length);
            this.metrics.produceLatency.observe((performance.now() - startedMs) / 1000);
          }
        })
        .catch(reject);
    });
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
