import { stateDir } from '../common/paths.js';
import { EVENTS_TOPIC_DEFAULTS, POSITIONS_TOPIC_DEFAULTS } from '../kafka/topics.js';
import { GATEWAY_ANSWER_BOUND_MS } from '../protocol/upload-contract.js';

/**
 * Every tunable of the gateway in one place. The time bounds keep the contract's
 * GATEWAY_ANSWER_BOUND_MS (protocol/upload-contract.ts): every answer the gateway gives,
 * including 429 and 503, arrives before the agent gives up on the request.
 */
export const GATEWAY_DEFAULTS = {
  host: '127.0.0.1',
  port: 8080,
  registryFile: stateDir('gateway', 'devices.json'),
  topic: POSITIONS_TOPIC_DEFAULTS.name as string,
  /** Where records that are driving events go (same key, same delivery). */
  eventsTopic: EVENTS_TOPIC_DEFAULTS.name as string,

  /** Body as sent (compressed or not). A 60-position JSON batch is ~8 KiB; 1 MiB leaves room for large catch-up batches. */
  maxBodyBytes: 1024 * 1024,
  /** Body after gunzip; the largest valid batch (1000 positions, every field, pretty-printed JSON) is ~250 KB. */
  maxDecompressedBytes: 1024 * 1024,
  /**
   * …and at most this many times the body as sent: zlib stops there, so a gzip bomb costs this
   * much inflating, not its payload. Valid batches inflate up to ~40 times (pretty-printed JSON
   * of a vehicle standing still); issue 13's bomb inflated 1000 times.
   */
  maxInflateRatio: 100,
  /**
   * A JSON body is counted byte by byte before JSON.parse builds it, and refused at the first
   * byte past these: nesting (a driving event's trail point is 6 levels deep: batch, positions,
   * position, event, trail, point; the 7th lets a field of the wrong type be named) and values of
   * any kind per allowed position, summed over the body (a full position has 11: itself and 10
   * fields; a full event record 402: the position's 11, `event` and its 5 fields, `trail` and 64
   * points of 6). 64 per position lets a batch of 1000 records carry 135 events with full trails
   * (398 with the detector's 21-point trails), far more than a detector finds in as many records;
   * 16, enough for positions alone, would refuse a 60-record batch with one full event.
   * Positions are bounded by the contract's batch limit.
   */
  maxJsonDepth: 7,
  maxJsonValuesPerPosition: 64,
  /** Headers must arrive within this (slow-loris on headers). */
  headersTimeoutMs: 5_000,
  /** The whole body must arrive within this after the headers (slow-loris on the body): answered 408. */
  bodyTimeoutMs: 8_000,
  /** Keep-alive connections idle longer than this are closed. */
  keepAliveTimeoutMs: 65_000,

  /** Kafka must acknowledge (acks=all) within this, else 503; with the lock wait below, within GATEWAY_ANSWER_BOUND_MS. */
  produceTimeoutMs: 5_000,
  /** A request waits at most this for an earlier request of the same vehicle to finish, else 503. */
  vehicleLockTimeoutMs: 6_000,
  /**
   * Saturation bounds: beyond them a request is answered 429 at once. 60,000 positions is one
   * 60-position batch from each of 1,000 vehicles at the same instant, and about two seconds of
   * work at the measured throughput: queueing stays well inside the produce timeout.
   */
  maxInFlightRequests: 4_096,
  maxInFlightPositions: 60_000,
  retryAfter429Seconds: 1,
  /**
   * Per vehicle (its token): requests in progress at once (the agent sends one at a time; a
   * resend after a timeout may overlap its first attempt), beyond which 429 at once, before
   * the body is read.
   */
  maxConcurrentRequestsPerVehicle: 4,
  /**
   * Per vehicle: a token bucket. A request costs one token before its body is read, and one
   * more per whole `vehicleBodyBytesPerToken` of body (inflated) once read, since reading and
   * parsing cost by the byte: a leaked token makes at most ~3 MiB/s of JSON to parse, while
   * the agent, draining a backlog one request at a time (~40 requests/s here, binary batches
   * of a few KB), is not slowed.
   */
  vehicleRequestsPerSecond: 50,
  vehicleRequestBurst: 100,
  vehicleBodyBytesPerToken: 64 * 1024,
  /**
   * Per client address (IPv6: per /64): failed authentications (401, 403) allowed; beyond,
   * they are answered 429 with Retry-After. Valid tokens from the address are still served,
   * so one misconfigured truck behind a NAT does not lock out the others.
   */
  failedAuthPerSecondPerAddress: 1,
  failedAuthBurstPerAddress: 20,
  /** Vehicles and addresses whose request rate is remembered (least recently seen forgotten first). */
  rateLimitedKeys: 100_000,
  retryAfter503Seconds: 5,

  /** Records from concurrent requests are gathered for up to this long into one produce request (kafkajs has no linger of its own). */
  lingerMs: 5,
  /** …or until this many records are waiting. */
  batchMaxRecords: 2_000,
  /** Produce requests on the wire at once; records arriving meanwhile join the next one. */
  maxConcurrentSends: 4,
  /** gzip is built into kafkajs; other codecs need extra packages. */
  compression: 'gzip' as 'gzip' | 'none',

  /** /readyz asks Kafka at most this often. */
  readyCacheMs: 2_000,
  readyTimeoutMs: 2_000,
  /** On an authentication hit the registry file is re-checked (mtime) at most this often; on a miss always. */
  registryRecheckMs: 1_000,
  /** Epochs remembered per vehicle for dedup (an old epoch's resend after a buffer swap is still recognised). */
  dedupEpochsPerVehicle: 4,
  /**
   * At start, the dedup memory is refilled from the last this-many records of each partition
   * (0: not at all), then follows the topic (gateway/dedup-follower.ts). 20,000 × 12 partitions
   * covers the last 4 minutes of a 1,000-vehicle fleet at 1 Hz, and reads in a few seconds.
   */
  dedupRebuildRecordsPerPartition: 20_000,
  /** …and the gateway starts after at most this long, with whatever it has read. */
  dedupRebuildTimeoutMs: 15_000,
  /** A topic the gateway created at start is waited for until its partitions are served, at most this long. */
  newTopicReadyTimeoutMs: 15_000,
  /**
   * `many` (several replicas, or a balancer that may spread a vehicle's retries): before a batch
   * with positions this replica does not know as produced, read the topic up to now, so what any
   * replica produced is known (costs an end-offsets request and the follower's catch-up per
   * batch: see README "Duplicates, restarts and replicas"). `one` (this gateway is the only
   * producer of the topic): read it only for a vehicle whose last produce had an unknown outcome
   * (timed out or failed: it may have landed).
   */
  replicas: 'many' as 'many' | 'one',
  /**
   * The topic follower of the dedup memory, when it could not start or its consumer failed, starts a
   * new consumer (fresh metadata) after this, doubling while it keeps failing, up to the max. While
   * it is down, batches wait for it (up to the produce timeout) and then get 503: a broker crash
   * refuses batches for about its fencing plus this.
   */
  dedupFollowerRestartMs: 250,
  dedupFollowerRestartMaxMs: 2_000,
  /** End-offset requests on the wire at once before a batch is judged; the batches of one event-loop turn share one. */
  dedupMaxEndOffsetRequests: 4,
  /**
   * Tries of one end-offsets read, with a metadata refresh between them, inside the batch's
   * produce timeout. Right after a topic is created or a leader moved, a broker answers "not
   * the leader" or "does not host this topic-partition" for a moment: one stale answer must not
   * refuse the batch. Kafka down still gets its 503 within about a second.
   */
  dedupEndOffsetAttempts: 5,
  dedupEndOffsetRetryMs: 200,
};

export type GatewayConfig = typeof GATEWAY_DEFAULTS;

/**
 * How long a request may still wait for its vehicle's lock, `elapsedMs` after its body
 * arrived (reading and checking it took that long), so that the wait and the Kafka produce
 * bound together still end within the contract's GATEWAY_ANSWER_BOUND_MS.
 */
export function lockWaitMs(config: Pick<GatewayConfig, 'vehicleLockTimeoutMs' | 'produceTimeoutMs'>, elapsedMs: number): number {
  return Math.max(0, Math.min(config.vehicleLockTimeoutMs, GATEWAY_ANSWER_BOUND_MS - config.produceTimeoutMs - elapsedMs));
}
