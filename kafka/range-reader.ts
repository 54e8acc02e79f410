import { randomUUID } from 'node:crypto';
import type { Admin, Kafka, KafkaMessage } from 'kafkajs';

/** Offsets [from, to) of one partition. */
export interface PartitionRange {
  partition: number;
  from: bigint;
  to: bigint;
}

export interface RangeReadOptions {
  topic: string;
  ranges: PartitionRange[];
  /** Prefix of the throw-away consumer group (nothing is committed; the empty group expires). */
  groupIdPrefix: string;
  timeoutMs: number;
  maxBytesPerPartition?: number;
  /** Called once per record in range, in offset order per partition; return false to stop reading that partition. */
  onMessage: (message: KafkaMessage, partition: number) => boolean | void;
}

export interface RangeReadResult {
  /** Every range was read to its end (or stopped by onMessage) before the timeout. */
  complete: boolean;
  /** Partitions not read to their end. */
  unread: number[];
}

/** Tries of an offsets read in all, and the wait before each next one. */
export interface OffsetRetry {
  attempts: number;
  retryMs: number;
}

export const RANGE_READER_DEFAULTS = {
  /** Tries to read a topic's offsets while a fresh topic's partition leaders are being elected. */
  offsetRetry: { attempts: 30, retryMs: 250 } satisfies OffsetRetry,
};

export interface PartitionOffsetRange {
  partition: number;
  low: string;
  high: string;
}

/**
 * A topic's low and high offsets per partition. Right after a topic is created (or a leader
 * moved) the broker can answer NOT_LEADER or UNKNOWN_TOPIC_OR_PARTITION for a moment, and
 * kafkajs's admin neither retries that nor refreshes its metadata: we do both, `retry.attempts`
 * tries in all.
 */
export async function topicOffsets(admin: Admin, topic: string, retry: OffsetRetry = RANGE_READER_DEFAULTS.offsetRetry): Promise<PartitionOffsetRange[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await admin.fetchTopicOffsets(topic);
    } catch (err) {
      if (attempt >= retry.attempts) throw err;
      await new Promise((r) => setTimeout(r, retry.retryMs));
      await admin.fetchTopicMetadata({ topics: [topic] }).catch(() => undefined);
    }
  }
}

/** Records in a topic now: what a consumer from its beginning has to read. */
export async function recordsIn(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await topicOffsets(admin, topic)).reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}

/** Offsets per partition (strings, as kafkajs gives them). */
export type PartitionOffsets = Map<number, string>;

/** The topic's current end offsets (high-water marks) per partition. */
export async function endOffsets(kafka: Kafka, topic: string): Promise<PartitionOffsets> {
  return new Map((await withAdmin(kafka, (admin) => topicOffsets(admin, topic))).map((p) => [p.partition, p.high]));
}

/** kafkajs's isolation level that lists offsets up to the high-water mark (its protocol/isolationLevel.js). */
const READ_UNCOMMITTED = 0;

/**
 * A topic's high-water marks: the end of what it holds, open transactions included. kafkajs's admin lists
 * only the last stable offset (ListOffsets at READ_COMMITTED), which stops before the oldest transaction
 * still open, and so before whatever other producers committed after it; a reader that must see everything
 * committed up to now (a partition's new owner restoring its state) reads up to here instead, its
 * read_committed fetches waiting for the open transactions to end.
 */
export async function highWatermarks(kafka: Kafka, topic: string, retry: OffsetRetry = RANGE_READER_DEFAULTS.offsetRetry): Promise<PartitionOffsets> {
  const lister = new HighWatermarkLister(kafka);
  try {
    return (await lister.list([topic], retry)).get(topic)!;
  } finally {
    await lister.close();
  }
}

/**
 * High-water marks of several topics, on a connection kept between calls, in one ListOffsets request per
 * broker (kafkajs's admin sends two per topic, one after the other: the low offsets, then the high ones).
 * For a caller that asks often: the gateway's dedup follower asks before every new batch. kafkajs exposes no
 * other way to ask: its client builds a cluster connection with an isolation level through a private factory.
 */
export class HighWatermarkLister {
  private cluster: Promise<KafkajsCluster> | null = null;
  private closed = false;

  constructor(private readonly kafka: Kafka) {}

  /** Each topic's high-water marks by partition (so also its partition count); `retry` rides through a leader election. */
  async list(topics: string[], retry: OffsetRetry): Promise<Map<string, PartitionOffsets>> {
    for (let attempt = 1; ; attempt++) {
      try {
        const cluster = await this.connected();
        try {
          for (const topic of topics) await cluster.addTargetTopic(topic);
          await cluster.refreshMetadataIfNecessary();
          const listed = await cluster.fetchTopicsOffset(topics.map((topic) => ({ topic, partitions: cluster.findTopicPartitionMetadata(topic).map((p) => ({ partition: p.partitionId })) })));
          return new Map(listed.map(({ topic, partitions }) => [topic, new Map(partitions.map((p) => [p.partition, p.offset]))]));
        } finally {
          // kafkajs reconnects a broker on demand: a connection a call in progress reopened after `close` is closed again.
          if (this.closed) await cluster.disconnect().catch(() => undefined);
        }
      } catch (err) {
        if (this.closed) throw err;
        if (attempt >= retry.attempts) {
          // The next call starts on a fresh connection (a broker that died can leave this one stuck).
          await this.disconnect();
          throw err;
        }
        await new Promise((r) => setTimeout(r, retry.retryMs));
        await this.cluster?.then((c) => c.refreshMetadata()).catch(() => undefined);
      }
    }
  }

  /** For good: a list in progress fails, a later one throws, and no connection is left open. */
  async close(): Promise<void> {
    this.closed = true;
    await this.disconnect();
  }

  private connected(): Promise<KafkajsCluster> {
    if (this.closed) return Promise.reject(new Error('the high-water mark lister is closed'));
    if (this.cluster) return this.cluster;
    const connecting = this.connect();
    this.cluster = connecting;
    connecting.catch(() => {
      if (this.cluster === connecting) this.cluster = null;
    });
    return connecting;
  }

  private async connect(): Promise<KafkajsCluster> {
    const factory = Object.getOwnPropertySymbols(this.kafka).find((s) => s.description === 'private:Kafka:createCluster');
    if (!factory) throw new Error('this kafkajs has no private cluster factory: high-water marks cannot be listed (kafkajs 2.x expected)');
    const cluster = (this.kafka as unknown as Record<symbol, (o: object) => KafkajsCluster>)[factory]({ allowAutoTopicCreation: false, isolationLevel: READ_UNCOMMITTED });
    try {
      await cluster.connect();
    } catch (err) {
      await cluster.disconnect().catch(() => undefined);
      throw err;
    }
    return cluster;
  }

  private async disconnect(): Promise<void> {
    const cluster = this.cluster;
    this.cluster = null;
    await cluster?.then((c) => c.disconnect()).catch(() => undefined);
  }
}

/** The part of kafkajs's (untyped) cluster that `HighWatermarkLister` uses. */
interface KafkajsCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  refreshMetadata(): Promise<void>;
  refreshMetadataIfNecessary(): Promise<void>;
  addTargetTopic(topic: string): Promise<void>;
  findTopicPartitionMetadata(topic: string): { partitionId: number }[];
  fetchTopicsOffset(topics: { topic: string; partitions: { partition: number }[] }[]): Promise<{ topic: string; partitions: { partition: number; offset: string }[] }[]>;
}

/**
 * Every record the topic holds now: [low, high) of each non-empty partition, high being the last stable offset
 * (what a read_committed reader can read now), or with `toHighWatermark` the high-water mark.
 */
export async function wholeTopic(kafka: Kafka, topic: string, options: { toHighWatermark?: boolean } = {}): Promise<PartitionRange[]> {
  const offsets = await withAdmin(kafka, (admin) => topicOffsets(admin, topic));
  const highs = options.toHighWatermark ? await highWatermarks(kafka, topic) : null;
  return offsets.map((p) => ({ partition: p.partition, from: BigInt(p.low), to: BigInt(highs?.get(p.partition) ?? p.high) })).filter((r) => r.to > r.from);
}

async function withAdmin<T>(kafka: Kafka, use: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.disconnect();
  }
}

/** The ranges from `from` (missing partitions: 0) to `to`, leaving out the empty ones, by partition. */
export function rangesBetween(from: PartitionOffsets, to: PartitionOffsets): PartitionRange[] {
  return [...to]
    .map(([partition, high]) => ({ partition, from: BigInt(from.get(partition) ?? '0'), to: BigInt(high) }))
    .filter((r) => r.to > r.from)
    .sort((a, b) => a.partition - b.partition);
}

/**
 * Reads offset ranges of a topic once, each record exactly once. kafkajs has no `assign()`,
 * so a throw-away group subscribes and every partition is positioned on each group join:
 * kafkajs restarts a consumer whose join failed (a busy or restarting broker) with a new group
 * state and forgets earlier seeks, and a seek made after `run()` resolved races that restart.
 * Positioning on join, at the offset after the last record handled, survives both.
 */
export async function readRanges(kafka: Kafka, options: RangeReadOptions): Promise<RangeReadResult> {
  const { topic } = options;
  const ranges = new Map(options.ranges.filter((r) => r.to > r.from).map((r) => [r.partition, r]));
  const next = new Map([...ranges].map(([p, r]) => [p, r.from]));
  if (ranges.size === 0) return { complete: true, unread: [] };

  const consumer = kafka.consumer({
    groupId: `${options.groupIdPrefix}-${randomUUID()}`,
    ...(options.maxBytesPerPartition ? { maxBytesPerPartition: options.maxBytesPerPartition } : {}),
  });
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const done = (partition: number): void => {
    next.delete(partition);
    if (next.size === 0) finish();
  };
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: false });
    consumer.on(consumer.events.GROUP_JOIN, () => {
      for (const [partition, offset] of next) consumer.seek({ topic, partition, offset: offset.toString() });
    });
    // A fetch that brought only transaction markers or aborted records never reaches eachBatch; kafkajs reports
    // it as a batch processed, and a range that ends with such records ends there.
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      const range = ranges.get(payload.partition);
      if (range && next.has(payload.partition) && BigInt(payload.lastOffset) >= range.to - 1n) done(payload.partition);
    });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const range = ranges.get(batch.partition);
        const from = next.get(batch.partition);
        if (!range || from === undefined) return;
        for (const message of batch.messages) {
          const offset = BigInt(message.offset);
          if (offset < from || offset < range.from) continue;
          if (offset >= range.to) break;
          next.set(batch.partition, offset + 1n);
          if (options.onMessage(message, batch.partition) === false) return done(batch.partition);
        }
        if (BigInt(batch.lastOffset()) >= range.to - 1n) done(batch.partition);
      },
    });
    const timedOut = new Promise<void>((resolve) => (timer = setTimeout(resolve, options.timeoutMs)));
    await Promise.race([finished, timedOut]);
  } finally {
    clearTimeout(timer);
    await consumer.disconnect().catch(() => undefined);
  }
  return { complete: next.size === 0, unread: [...next.keys()] };
}
