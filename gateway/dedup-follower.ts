import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import { getLogger } from '../common/logger.js';
import { topicOffsets } from '../kafka/range-reader.js';
import type { DedupMemory } from './dedup.js';
import { KafkaUnavailableError, partitionOfKey } from './producer.js';

const log = getLogger('gateway.dedup');

export interface FollowerOptions {
  topic: string;
  /** At start, records read back per partition from its end: what was produced before this replica started. */
  tailRecordsPerPartition: number;
  /** The start waits at most this for that tail (then goes on with what it has read). */
  tailTimeoutMs: number;
  /** A follower that could not start, or whose consumer gave up, tries again after this. */
  restartDelayMs: number;
  /** End-offset requests on the wire at once (each answers the batches that arrived before it was sent). */
  maxEndOffsetRequests: number;
}

/** Offsets per partition. */
type Offsets = Map<number, bigint>;

interface Waiter {
  target: Offsets;
  resolve: () => void;
}

/**
 * Keeps the dedup memory in step with the positions topic itself, so every replica knows what
 * every other replica produced, and what a produce of unknown outcome (timeout, disconnect)
 * really left there. One consumer (a group of its own, nothing committed) reads every
 * partition from the tail at start and follows it; `catchUp()` waits until it has read up to
 * the topic's end offsets as Kafka gives them *after* the call, so every record acknowledged
 * before a request arrived is in the memory before that request is judged. Leaders that move
 * do not matter: end offsets and fetches both go to the current leader, and only records
 * below the high-water mark (acknowledged by every in-sync replica) are read.
 */
export class DedupFollower {
  private readonly admin: Admin;
  private adminConnected = false;
  private consumer?: Consumer;
  /** The next offset to read, per partition. */
  private readonly next: Offsets = new Map();
  private readonly waiters = new Set<Waiter>();
  private endsNext?: Promise<Offsets>;
  private readonly endsOnWire = new Set<Promise<Offsets>>();
  private restartTimer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly memory: DedupMemory,
    private readonly options: FollowerOptions,
  ) {
    this.admin = kafka.admin({ retry: { retries: 0 } });
  }

  /**
   * Reads the tail of each partition into the memory (at most `tailTimeoutMs`), then follows
   * the topic. Kafka unreachable: resolves at once and keeps trying in the background
   * (requests get 503 meanwhile, as `catchUp` cannot finish).
   */
  async start(): Promise<void> {
    try {
      const { records, complete } = await this.follow();
      log.info({ topic: this.options.topic, records, vehicles: this.memory.vehicleCount, complete }, 'dedup memory read from the tail of the topic');
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'could not read the topic for the dedup memory; trying again in the background');
      this.dropConsumer();
      this.restartLater();
    }
  }

  /**
   * Resolves once every record of `key` (a vehicle id) Kafka acknowledged before this call is in the memory.
   * @throws KafkaUnavailableError when that takes longer than `timeoutMs`.
   */
  catchUp(key: string, timeoutMs: number): Promise<void> {
    let waiter: Waiter | undefined;
    let timedOut = false;
    const caughtUp = this.endOffsets().then(
      (ends) =>
        new Promise<void>((resolve) => {
          // Past the timeout nobody waits for it any more.
          if (timedOut) return;
          waiter = { target: this.endOfKey(ends, key), resolve };
          this.waiters.add(waiter);
          this.wake();
        }),
    );
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        timedOut = true;
        if (waiter) this.waiters.delete(waiter);
        reject(new KafkaUnavailableError(`the gateway could not read what Kafka holds within ${timeoutMs} ms`));
      }, timeoutMs);
      caughtUp.then(
        () => {
          clearTimeout(timer);
          resolve();
        },
        (err: unknown) => {
          clearTimeout(timer);
          reject(new KafkaUnavailableError(`the gateway could not read the topic's end offsets: ${(err as Error).message}`, { cause: err }));
        },
      );
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    await this.consumer?.disconnect().catch(() => undefined);
    await this.admin.disconnect().catch(() => undefined);
  }

  /** Positions a consumer at `next` (at start: the tail), runs it, and waits for the end offsets of now, bounded. */
  private async follow(): Promise<{ records: number; complete: boolean }> {
    const { topic } = this.options;
    const ends = await this.fetchEnds(true);
    for (const [partition, { low, high }] of ends) {
      if (this.next.has(partition)) continue;
      const from = high - BigInt(this.options.tailRecordsPerPartition);
      this.next.set(partition, from > low ? from : low);
    }
    // kafkajs's own restart after a crash rejoins without our seeks having a fetch to act on: seen
    // after a broker restart, the consumer then waited at the end of the partitions for records
    // that only a catch-up would let the gateway produce. A crash therefore gets a new consumer
    // (restartLater), positioned by the seeks below like the first one.
    const consumer = this.kafka.consumer({ groupId: `telematics-gateway-dedup-${randomUUID()}`, retry: { restartOnFailure: async () => false } });
    this.consumer = consumer;
    let records = 0;
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: false });
    // kafkajs has no assign(): position every partition on each join (a consumer restarted by kafkajs forgets earlier seeks).
    consumer.on(consumer.events.GROUP_JOIN, () => {
      for (const [partition, offset] of this.next) consumer.seek({ topic, partition, offset: offset.toString() });
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (this.stopped) return;
      log.warn({ err: payload.error.message }, 'the dedup consumer stopped; starting a new one');
      if (this.consumer === consumer) this.dropConsumer();
      this.restartLater();
    });
    if (this.stopped) throw new Error('stopped');
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const from = this.next.get(batch.partition);
        if (from === undefined) return;
        for (const message of batch.messages) {
          const offset = BigInt(message.offset);
          if (offset < from) continue;
          if (this.remember(message.value)) records++;
          this.next.set(batch.partition, offset + 1n);
        }
        this.wake();
      },
    });
    const target = new Map([...ends].map(([partition, { high }]) => [partition, high]));
    const complete = await new Promise<boolean>((resolve) => {
      const waiter = { target, resolve: () => resolve(true) };
      this.waiters.add(waiter);
      this.wake();
      setTimeout(() => {
        this.waiters.delete(waiter);
        resolve(false);
      }, this.options.tailTimeoutMs).unref();
    });
    return { records, complete };
  }

  private restartLater(): void {
    if (this.stopped) return;
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      void this.follow().then(
        () => log.info({ topic: this.options.topic }, 'following the topic for the dedup memory again'),
        (err: unknown) => {
          log.warn({ err: (err as Error).message }, 'could not follow the topic for the dedup memory; trying again');
          this.dropConsumer();
          this.restartLater();
        },
      );
    }, this.options.restartDelayMs);
  }

  private dropConsumer(): void {
    void this.consumer?.disconnect().catch(() => undefined);
    this.consumer = undefined;
  }

  /** Marks a position record as produced; anything else in the topic is skipped. */
  private remember(value: Buffer | null): boolean {
    try {
      const record = JSON.parse(value?.toString() ?? '') as { vehicleId?: unknown; epoch?: unknown; seq?: unknown };
      if (typeof record.vehicleId !== 'string' || typeof record.epoch !== 'string' || typeof record.seq !== 'number') return false;
      this.memory.markProduced(record.vehicleId, record.epoch, record.seq);
      return true;
    } catch {
      return false;
    }
  }

  /** The end offset of the partition the producer sends `key` to. */
  private endOfKey(ends: Offsets, key: string): Offsets {
    const partition = partitionOfKey(key, ends.size);
    const end = ends.get(partition);
    return end === undefined ? ends : new Map([[partition, end]]);
  }

  private wake(): void {
    for (const waiter of this.waiters) {
      if ([...waiter.target].every(([partition, end]) => (this.next.get(partition) ?? 0n) >= end)) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  /**
   * The topic's end offsets from a request sent after this call (one sent earlier may have been
   * answered before records acknowledged just now). The callers of one event-loop turn share a
   * request sent at its end; at most `maxEndOffsetRequests` are on the wire, later callers join
   * the next one.
   */
  private endOffsets(): Promise<Offsets> {
    this.endsNext ??= new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      while (this.endsOnWire.size >= this.options.maxEndOffsetRequests) await Promise.race(this.endsOnWire).catch(() => undefined);
      this.endsNext = undefined;
      const request = this.fetchEnds(false).then((ends) => new Map([...ends].map(([partition, { high }]) => [partition, high])));
      this.endsOnWire.add(request);
      void request.catch(() => undefined).finally(() => this.endsOnWire.delete(request));
      return request;
    });
    return this.endsNext;
  }

  /** `retryLeaderless` at start: right after the topic was created its leaders may not be elected yet. */
  private async fetchEnds(retryLeaderless: boolean): Promise<Map<number, { low: bigint; high: bigint }>> {
    try {
      if (!this.adminConnected) {
        await this.admin.connect();
        this.adminConnected = true;
      }
      const offsets = await (retryLeaderless ? topicOffsets(this.admin, this.options.topic) : this.admin.fetchTopicOffsets(this.options.topic));
      return new Map(offsets.map((p) => [p.partition, { low: BigInt(p.low), high: BigInt(p.high) }]));
    } catch (err) {
      this.adminConnected = false;
      await this.admin.disconnect().catch(() => undefined);
      throw err;
    }
  }
}
