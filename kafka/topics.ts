import type { Admin, ITopicConfig } from 'kafkajs';
import { UserError } from '../common/errors.js';
import { pollForState } from '../common/poll.js';

/** Every topic the system uses, with its settings, in one place. */
export interface TopicSpec {
  name: string;
  partitions: number;
  /** -1: the wanted replication (wantedReplication); else this factor. Either is capped by the brokers there are (replicationFor). */
  replicationFactor: number;
  config: Record<string, string>;
}

/**
 * How many copies of each record a cluster keeps. With 3 replicas and min.insync.replicas=2,
 * an acks=all write is on two brokers before it is acknowledged, and one broker can be lost
 * without refusing writes. KAFKA_REPLICATION_FACTOR and KAFKA_MIN_INSYNC_REPLICAS change them.
 */
export const TOPIC_REPLICATION_DEFAULTS = {
  replicationFactor: 3,
  minInsyncReplicas: 2,
} as const;

export interface TopicReplication {
  replicationFactor: number;
  minInsyncReplicas: number;
}

/** The replication asked for in the environment, else the defaults; a bad value is a UserError. */
export function wantedReplication(env: NodeJS.ProcessEnv = process.env): TopicReplication {
  const read = (name: string, fallback: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1) throw new UserError(`${name}=${raw} is not a whole number ≥ 1.`, `e.g. ${name}=${fallback}`);
    return value;
  };
  const wanted = {
    replicationFactor: read('KAFKA_REPLICATION_FACTOR', TOPIC_REPLICATION_DEFAULTS.replicationFactor),
    minInsyncReplicas: read('KAFKA_MIN_INSYNC_REPLICAS', TOPIC_REPLICATION_DEFAULTS.minInsyncReplicas),
  };
  if (wanted.minInsyncReplicas > wanted.replicationFactor) {
    throw new UserError(
      `KAFKA_MIN_INSYNC_REPLICAS=${wanted.minInsyncReplicas} is more than the replication factor ${wanted.replicationFactor}: no acks=all write could succeed.`,
      'Keep min.insync.replicas at most the replication factor (usually one less).',
    );
  }
  return wanted;
}

/**
 * The replication a topic gets on a cluster of `brokers`, for the project's topics and
 * Kafka's internal ones (offsets, transactions) alike: the wanted factor, capped by the
 * brokers there are. min.insync.replicas as wanted, but on a cluster too small for the
 * wanted factor at most one below the factor it gets, so that losing one broker does not
 * stop acks=all writes. One broker: 1 and 1; two: 2 and 1; three or more: 3 and 2 by default.
 */
export function replicationFor(brokers: number, wanted: TopicReplication = TOPIC_REPLICATION_DEFAULTS): TopicReplication {
  const replicationFactor = Math.max(1, Math.min(wanted.replicationFactor, brokers));
  const maxMinInsync = replicationFactor < wanted.replicationFactor ? Math.max(1, replicationFactor - 1) : replicationFactor;
  return { replicationFactor, minInsyncReplicas: Math.min(wanted.minInsyncReplicas, maxMinInsync) };
}

const DAY_MS = 24 * 3600 * 1000;

/** New topics have a leader for every partition within this, or ensureTopics fails saying which have none. */
const TOPIC_CREATION_TIMEOUT_MS = 30_000;
/** As often as kafkajs's own wait for leaders asks. */
const TOPIC_CREATION_POLL_MS = 100;

export const POSITIONS_TOPIC_DEFAULTS = {
  name: 'vehicle-positions',
  /** Enough partitions for a consumer group to spread a large fleet; key = vehicle id keeps each vehicle in one. */
  partitions: 12,
  /** The topic is the positions history: keep a year by default (-1 keeps forever). */
  retentionMs: 365 * DAY_MS,
} as const;

type TopicOptions = { name?: string; partitions?: number; retentionMs?: number; replicationFactor?: number };

export function positionsTopic(options: TopicOptions = {}): TopicSpec {
  return gatewayTopic(POSITIONS_TOPIC_DEFAULTS, options);
}

/** A topic the gateway produces to (positions, driving events): a history kept for its retention. */
function gatewayTopic(defaults: { name: string; partitions: number; retentionMs: number }, options: TopicOptions): TopicSpec {
  return {
    name: options.name ?? defaults.name,
    partitions: options.partitions ?? defaults.partitions,
    replicationFactor: options.replicationFactor ?? -1, // -1: the cluster's default.replication.factor
    config: {
      'cleanup.policy': 'delete',
      'retention.ms': String(options.retentionMs ?? defaults.retentionMs),
      // Gateways produce compressed batches; keep them as produced.
      'compression.type': 'producer',
      // Use the producer's timestamp (the gateway's receive time) for retention and time lookups.
      'message.timestamp.type': 'CreateTime',
    },
  };
}

export const EVENTS_TOPIC_DEFAULTS = {
  name: 'vehicle-events',
  partitions: 12,
  /** Driving events are the drivers' record (scores are recomputed from it): kept as long as the positions. */
  retentionMs: 365 * DAY_MS,
} as const;

/** Driving events the agents detected (protocol/driving-event-record.ts), key = vehicle id, produced by the gateway beside the positions. */
export function eventsTopic(options: TopicOptions = {}): TopicSpec {
  return gatewayTopic(EVENTS_TOPIC_DEFAULTS, options);
}

export const ALERTS_TOPIC_DEFAULTS = {
  name: 'vehicle-alerts',
  partitions: 12,
  /** Alerts are events other systems react to; a month is enough to replay them. */
  retentionMs: 30 * DAY_MS,
} as const;

type RetainedTopicOptions = { name?: string; partitions?: number; retentionMs?: number; replicationFactor?: number };

/** A topic of events kept for a time, then deleted. */
function retainedTopic(defaults: { name: string; partitions: number; retentionMs: number }, options: RetainedTopicOptions): TopicSpec {
  return {
    name: options.name ?? defaults.name,
    partitions: options.partitions ?? defaults.partitions,
    replicationFactor: options.replicationFactor ?? -1,
    config: {
      'cleanup.policy': 'delete',
      'retention.ms': String(options.retentionMs ?? defaults.retentionMs),
    },
  };
}

/** The monitor's alerts (deviation start/end, delay predicted, arrival, no data), key = vehicle id. */
export function alertsTopic(options: RetainedTopicOptions = {}): TopicSpec {
  return retainedTopic(ALERTS_TOPIC_DEFAULTS, options);
}

export const STATUS_TOPIC_DEFAULTS = {
  name: 'vehicle-status',
  partitions: 12,
} as const;

/** The latest state per vehicle (key = vehicle id), compacted: readers and a restarting monitor read it to its end. */
export function statusTopic(options: { name?: string; partitions?: number; replicationFactor?: number } = {}): TopicSpec {
  return compactedTopic(STATUS_TOPIC_DEFAULTS, options);
}

/** A topic of the latest value per key. */
function compactedTopic(defaults: { name: string; partitions: number }, options: { name?: string; partitions?: number; replicationFactor?: number }): TopicSpec {
  return {
    name: options.name ?? defaults.name,
    partitions: options.partitions ?? defaults.partitions,
    replicationFactor: options.replicationFactor ?? -1,
    config: {
      'cleanup.policy': 'compact',
      // Compact often enough that a restart reads little more than one record per key.
      'min.cleanable.dirty.ratio': '0.1',
      'segment.ms': String(3600 * 1000),
    },
  };
}

export const DRIVER_SCORES_TOPIC_DEFAULTS = {
  name: 'driver-scores',
  partitions: 12,
} as const;

/**
 * Each driver's score per day and per ISO week (protocol/driver-score-record.ts), key = driver id | period |
 * period id, compacted: the latest score of every period stays, and a restarting monitor continues from it.
 */
export function driverScoresTopic(options: { name?: string; partitions?: number; replicationFactor?: number } = {}): TopicSpec {
  return compactedTopic(DRIVER_SCORES_TOPIC_DEFAULTS, options);
}

export const DEAD_LETTER_TOPIC_DEFAULTS = {
  name: 'vehicle-positions-dlq',
  /** Dead letters are rare and read by people: one partition keeps them in arrival order. */
  partitions: 1,
  /** As long as the positions themselves: a dead letter may be a position to recover after a fix. */
  retentionMs: POSITIONS_TOPIC_DEFAULTS.retentionMs,
} as const;

/**
 * Records of the positions topic a consumer could not read as position records, each as it was
 * (key, value and headers) plus why and where from in `dlq-*` headers (monitor/dead-letter.ts).
 */
export function deadLetterTopic(options: RetainedTopicOptions = {}): TopicSpec {
  return retainedTopic(DEAD_LETTER_TOPIC_DEFAULTS, options);
}

export const EVENTS_DEAD_LETTER_TOPIC_DEFAULTS = {
  name: 'vehicle-events-dlq',
  partitions: 1,
  retentionMs: EVENTS_TOPIC_DEFAULTS.retentionMs,
} as const;

/** Records of the events topic a consumer could not read as driving-event records, as deadLetterTopic keeps the positions'. */
export function eventsDeadLetterTopic(options: RetainedTopicOptions = {}): TopicSpec {
  return retainedTopic(EVENTS_DEAD_LETTER_TOPIC_DEFAULTS, options);
}

/**
 * Create the topics that are missing; existing ones are left as they are. Returns the names created.
 * Each gets replicationFor(the brokers the cluster has now) and that min.insync.replicas,
 * unless its config sets its own.
 */
export async function ensureTopics(admin: Admin, specs: TopicSpec[], wanted: TopicReplication = wantedReplication()): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !existing.has(s.name));
  if (missing.length === 0) return [];
  const brokers = (await admin.describeCluster()).brokers.length;
  const topics: ITopicConfig[] = missing.map((s) => {
    const { replicationFactor, minInsyncReplicas } = replicationFor(brokers, s.replicationFactor === -1 ? wanted : { ...wanted, replicationFactor: s.replicationFactor });
    const config = { 'min.insync.replicas': String(minInsyncReplicas), ...s.config };
    return {
      topic: s.name,
      numPartitions: s.partitions,
      replicationFactor,
      configEntries: Object.entries(config).map(([name, value]) => ({ name, value })),
    };
  });
  // kafkajs's own waitForLeaders asks the broker that took the request, which on a cluster may not
  // know the new topic yet (UNKNOWN_TOPIC_OR_PARTITION ends kafkajs's wait); poll the metadata instead.
  await admin.createTopics({ topics, waitForLeaders: false });
  const names = missing.map((s) => s.name);
  // The metadata of all topics, not of these: asked by name, a topic the broker does not know yet
  // sends kafkajs into its own retries with back-off (seconds).
  await pollForState(`a leader for every partition of ${names.join(', ')}`, TOPIC_CREATION_TIMEOUT_MS, async () => {
    const known = new Map((await admin.fetchTopicMetadata()).topics.map((t) => [t.name, t.partitions]));
    const waiting = names.filter((name) => !known.has(name) || known.get(name)!.length === 0 || known.get(name)!.some((p) => p.leader < 0));
    return { done: waiting.length === 0, value: undefined, seen: `not yet led: ${waiting.join(', ')}` };
  }, TOPIC_CREATION_POLL_MS);
  return names;
}
