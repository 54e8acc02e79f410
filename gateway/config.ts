import { stateDir } from '../common/paths.js';
import { EVENTS_TOPIC_DEFAULTS, POSITIONS_TOPIC_DEFAULTS } from '../kafka/topics.js';

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
  /** Body after gunzip; a gzip bomb is cut off here instead of filling memory. */
  maxDecompressedBytes: 4 * 1024 * 1024,
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
   * (0: not at all). 20,000 × 12 partitions covers the last 4 minutes of a 1,000-vehicle fleet
   * at 1 Hz, and reads in a few seconds.
   */
  dedupRebuildRecordsPerPartition: 20_000,
  /** …and the gateway starts after at most this long, with whatever it has read. */
  dedupRebuildTimeoutMs: 15_000,
};

export type GatewayConfig = typeof GATEWAY_DEFAULTS;
