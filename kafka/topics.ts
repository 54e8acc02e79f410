import type { Admin, ITopicConfig } from 'kafkajs';

/** Every topic the system uses, with its settings, in one place. */
export interface TopicSpec {
  name: string;
  partitions: number;
  replicationFactor: number;
  config: Record<string, string>;
}

const DAY_MS = 24 * 3600 * 1000;

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

/** The monitor's alerts (deviation start/end, delay predicted, arrival, no data), key = vehicle id. */
export function alertsTopic(options: { name?: string; partitions?: number; retentionMs?: number; replicationFactor?: number } = {}): TopicSpec {
  return {
    name: options.name ?? ALERTS_TOPIC_DEFAULTS.name,
    partitions: options.partitions ?? ALERTS_TOPIC_DEFAULTS.partitions,
    replicationFactor: options.replicationFactor ?? -1,
    config: {
      'cleanup.policy': 'delete',
      'retention.ms': String(options.retentionMs ?? ALERTS_TOPIC_DEFAULTS.retentionMs),
    },
  };
}

export const STATUS_TOPIC_DEFAULTS = {
  name: 'vehicle-status',
  partitions: 12,
} as const;

/** The latest state per vehicle (key = vehicle id), compacted: readers and a restarting monitor read it to its end. */
export function statusTopic(options: { name?: string; partitions?: number; replicationFactor?: number } = {}): TopicSpec {
  return {
    name: options.name ?? STATUS_TOPIC_DEFAULTS.name,
    partitions: options.partitions ?? STATUS_TOPIC_DEFAULTS.partitions,
    replicationFactor: options.replicationFactor ?? -1,
    config: {
      'cleanup.policy': 'compact',
      // Compact often enough that a restart reads little more than one record per vehicle.
      'min.cleanable.dirty.ratio': '0.1',
      'segment.ms': String(3600 * 1000),
    },
  };
}

/** Create the topics that are missing; existing ones are left as they are. Returns the names created. */
export async function ensureTopics(admin: Admin, specs: TopicSpec[]): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !existing.has(s.name));
  if (missing.length === 0) return [];
  const topics: ITopicConfig[] = missing.map((s) => ({
    topic: s.name,
    numPartitions: s.partitions,
    replicationFactor: s.replicationFactor,
    configEntries: Object.entries(s.config).map(([name, value]) => ({ name, value })),
  }));
  await admin.createTopics({ topics, waitForLeaders: true });
  return missing.map((s) => s.name);
}
