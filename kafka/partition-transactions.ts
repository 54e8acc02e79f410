import type { Kafka, Message, Producer, TopicMessages } from 'kafkajs';
import { getLogger } from '../common/logger.js';
import { partitionOfKey } from './partitions.js';

const log = getLogger('kafka.transactions');

export const PARTITION_TRANSACTIONS_DEFAULTS = {
  /**
   * How long a transaction may stay open before its coordinator aborts it. Only an owner that died or hangs
   * mid-transaction leaves one open; read_committed readers of the partitions it wrote wait until then, or until
   * the partition's next owner fences it (`own`). Below a consumer's session timeout (kafkajs: 30 s), so that a
   * member waiting for it in a batch is not itself dropped from its group; above a send's retries through a
   * leadership move (kafkajs: ~10 s).
   */
  transactionTimeoutMs: 20_000,
  /** How stale the producers' view of the partition leaders may get (kafkajs's default: 5 min). */
  metadataMaxAgeMs: 10_000,
  /**
   * First wait before a send is retried, doubling each time. A partition's next transaction often starts while the
   * coordinator still writes the previous one's markers, and its first send is then refused (CONCURRENT_TRANSACTIONS)
   * for a few ms: kafkajs's default 300 ms first wait made about half of back-to-back transactions take 270–370 ms
   * here instead of 6–10 (Kafka's Java producer waits 20 ms for this case).
   */
  initialRetryMs: 10,
  /** With `initialRetryMs`, ~10 s of retries in all: as long as kafkajs's default (5 from 300 ms) rides through a leadership move. */
  sendRetries: 10,
};

export type PartitionTransactionsOptions = typeof PARTITION_TRANSACTIONS_DEFAULTS & {
  /** The consumer group whose offsets the transactions commit. */
  groupId: string;
  /** The input topic whose partitions the group shares. */
  topic: string;
  /** Partitions of each output topic: where each output record goes is decided here, so that a send can be checked whole. */
  outputPartitions: ReadonlyMap<string, number>;
};

/** Another instance has taken this input partition's transactional id over: this one no longer owns the partition. */
export class TransactionFencedError extends Error {
  constructor(readonly partition: number, options?: { cause?: unknown }) {
    super(`partition ${partition}'s transactions were fenced by a newer owner: it belongs to another instance now`, options);
    this.name = 'TransactionFencedError';
  }
}

/**
 * The commit of a transaction failed in flight: the coordinator may or may not have committed it. The partition's
 * producer is dropped; the next `own` ends that transaction one way or the other, and the caller must then take
 * its state from what Kafka holds, not from what it believes it wrote.
 */
export class TransactionOutcomeUnknownError extends Error {
  constructor(readonly partition: number, options?: { cause?: unknown }) {
    super(`partition ${partition}'s transaction commit failed in flight: whether it committed is unknown`, options);
    this.name = 'TransactionOutcomeUnknownError';
  }
}

/**
 * Consume–transform–produce, exactly once: one transactional producer per input partition this instance owns, its
 * transactional id the group's, the topic's and the partition's. A partition's outputs and its consumed offset are
 * committed as one transaction, and a new owner's `own` fences the previous owner's producer for that partition
 * and ends its open transaction before the new owner reads any state. kafkajs's offset commits in a transaction
 * carry no group generation (KIP-447), so a producer per partition, not per instance, is what fences a former owner.
 */
export class PartitionTransactions {
  private readonly options: PartitionTransactionsOptions;
  private readonly producers = new Map<number, Producer>();
  /** Partitions this instance was told it owns (the last `own`). */
  private owned = new Set<number>();
  /** Owned partitions whose producer another owner fenced: nothing is written for them until the next `own`. */
  private readonly fenced = new Set<number>();

  constructor(private readonly kafka: Kafka, options: Partial<PartitionTransactionsOptions> & Pick<PartitionTransactionsOptions, 'groupId' | 'topic' | 'outputPartitions'>) {
    this.options = { ...PARTITION_TRANSACTIONS_DEFAULTS, ...options };
  }

  transactionalId(partition: number): string {
    return `${this.options.groupId}:${this.options.topic}:${partition}`;
  }

  /**
   * Become the only writer for these partitions (after a group join, before reading any of their state): a fresh
   * producer each, whose initialisation fences the previous owner's and ends its open transaction (completing a
   * commit in progress, aborting the rest). The producers of partitions no longer owned are closed.
   */
  async own(partitions: Iterable<number>): Promise<void> {
    this.owned = new Set(partitions);
    this.fenced.clear();
    await Promise.all([...this.producers.keys()].map((partition) => this.drop(partition)));
    await Promise.all([...this.owned].map((partition) => this.producerFor(partition)));
  }

  /** Produce `topicMessages` and commit the partition's consumed `offset` (the next to read; none: outputs alone) as one transaction. */
  async commit(partition: number, topicMessages: TopicMessages[], offset?: string): Promise<void> {
    if (this.fenced.has(partition)) throw new TransactionFencedError(partition);
    if (!this.owned.has(partition)) throw new Error(`partition ${partition} of ${this.options.topic} is not owned by this instance: nothing written`);
    const producer = await this.producerFor(partition);
    const transaction = await producer.transaction();
    try {
      const placed = topicMessages.filter((t) => t.messages.length > 0).map((t) => ({ topic: t.topic, messages: t.messages.map((m) => this.placed(t.topic, m, partition)) }));
      if (placed.length > 0) {
        const unwritten = new Set(placed.flatMap((t) => t.messages.map((m) => `${t.topic}[${m.partition}]`)));
        for (const written of await transaction.sendBatch({ topicMessages: placed, acks: -1 })) unwritten.delete(`${written.topicName}[${written.partition}]`);
        // kafkajs 2.2.4 resolves a retried send without the partitions whose leadership moved to a broker that had
        // already answered (kafkajs issue #1303; see gateway/producer.ts): such a transaction must not commit.
        if (unwritten.size > 0) throw new Error(`kafkajs acknowledged a send without writing to ${[...unwritten].join(', ')} (kafkajs issue #1303)`);
      }
      if (offset !== undefined) await transaction.sendOffsets({ consumerGroupId: this.options.groupId, topics: [{ topic: this.options.topic, partitions: [{ partition, offset }] }] });
    } catch (err) {
      // Nothing was committed. The producer is replaced (a failed send can leave its sequence numbers behind the
      // broker's); aborting first frees read_committed readers now, and otherwise its replacement's initialisation aborts.
      await transaction.abort().catch(() => undefined);
      await this.drop(partition);
      throw this.fencedOr(partition, err, err);
    }
    try {
      await transaction.commit();
    } catch (err) {
      await this.drop(partition);
      throw this.fencedOr(partition, err, new TransactionOutcomeUnknownError(partition, { cause: err }));
    }
  }

  async close(): Promise<void> {
    this.owned = new Set();
    await Promise.all([...this.producers.keys()].map((partition) => this.drop(partition)));
  }

  /** The record with its partition: by its key as every producer of the project places it, a keyless one (a dead letter) by the input partition. */
  private placed(topic: string, message: Message, inputPartition: number): Message {
    if (message.partition !== undefined) return message;
    const count = this.options.outputPartitions.get(topic);
    if (!count) throw new Error(`no partition count for the output topic ${topic}`);
    const key = message.key?.toString();
    return { ...message, partition: key ? partitionOfKey(key, count) : inputPartition % count };
  }

  private fencedOr(partition: number, err: unknown, otherwise: unknown): unknown {
    if (!isFencedError(err)) return otherwise;
    this.fenced.add(partition);
    log.warn({ partition, transactionalId: this.transactionalId(partition) }, 'fenced by a newer owner of the partition: writing nothing for it until the next group join');
    return new TransactionFencedError(partition, { cause: err });
  }

  private async producerFor(partition: number): Promise<Producer> {
    const existing = this.producers.get(partition);
    if (existing) return existing;
    const o = this.options;
    // kafkajs's own retries of a send (an idempotent producer must have some) ride through a leadership move;
    // the records they would skip are caught in `commit`.
    const producer = this.kafka.producer({
      transactionalId: this.transactionalId(partition),
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: o.transactionTimeoutMs,
      retry: { initialRetryTime: o.initialRetryMs, retries: o.sendRetries },
      allowAutoTopicCreation: false,
      metadataMaxAge: o.metadataMaxAgeMs,
    });
    this.producers.set(partition, producer);
    try {
      await producer.connect();
      // kafkajs initialises the transactional id (InitProducerId: the fence) when the first transaction begins.
      await (await producer.transaction()).abort();
      return producer;
    } catch (err) {
      if (this.producers.get(partition) === producer) this.producers.delete(partition);
      await producer.disconnect().catch(() => undefined);
      throw err;
    }
  }

  private async drop(partition: number): Promise<void> {
    const producer = this.producers.get(partition);
    if (!producer) return;
    this.producers.delete(partition);
    await producer.disconnect().catch(() => undefined);
  }
}

/** A newer producer of the same transactional id exists (kafkajs knows PRODUCER_FENCED only by its code). */
export function isFencedError(err: unknown): boolean {
  const seen = new Set<unknown>();
  const visit = (e: unknown): boolean => {
    if (!e || typeof e !== 'object' || seen.has(e)) return false;
    seen.add(e);
    const { type, code, cause, originalError, errors } = e as { type?: string; code?: number; cause?: unknown; originalError?: unknown; errors?: unknown[] };
    if (type === 'INVALID_PRODUCER_EPOCH' || type === 'PRODUCER_FENCED' || code === 47 || code === 90) return true;
    return visit(cause) || visit(originalError) || (Array.isArray(errors) && errors.some(visit));
  };
  return visit(err);
}
