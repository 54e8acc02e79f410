import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import { getLogger } from '../common/logger.js';
import { HighWatermarkLister, topicOffsets, type OffsetRetry } from '../kafka/range-reader.js';
import type { DedupMemory } from './dedup.js';
import { partitionOfKey } from '../kafka/partitions.js';
import { KafkaUnavailableError } from './producer.js';

const log = getLogger('gateway.dedup');

export interface FollowerOptions {
  /** Every topic the gateway produces a vehicle's seqs to (positions, driving events: one seq space). */
  topics: string[];
  /** At start, records read back per partition from its end: what was produced before this replica started. */
  tailRecordsPerPartition: number;
  /** The start waits at most this for that tail (then goes on with what it has read). */
  tailTimeoutMs: number;
  /** A follower that could not start, or whose consumer failed, tries again after this, doubling up to `restartMaxDelayMs` until its consumer reads again. */
  restartDelayMs: number;
  restartMaxDelayMs: number;
  /** End-offset requests on the wire at once (each answers the batches that arrived before it was sent). */
  maxEndOffsetRequests: number;
  /** How a batch's end-offsets read is tried again on a stale answer (the start's read waits longer, for a new topic's leaders). */
  endOffsetRetry: OffsetRetry;
}

/**
 * The follower's consumer: about 0.3 s of retries in all (kafkajs adds ±20 % to each wait), and
 * fetches that wait at most 0.5 s for records. A fetcher that fails makes kafkajs wait for every
 * other fetcher's fetch to end before it retries or gives up: with kafkajs's default 5 s wait,
 * a dead broker kept the follower from reading for 5 s per try.
 */
const FOLLOWER_CONSUMER = { maxWaitTimeInMs: 500, retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 400 } };

/** A partition of one of the followed topics. */
type PartitionKey = `${string}:${number}`;

/** Offsets per partition. */
type Offsets = Map<PartitionKey, bigint>;

function partitionKey(topic: string, partition: number): PartitionKey {
  return `${topic}:${partition}`;
}

interface Waiter {
  target: Offsets;
  resolve: () => void;
}

/**
 * Keeps the dedup memory in step with the topics themselves (positions and driving events share
 * a vehicle's seqs, so both are followed), so every replica knows what
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
  /** The end offsets a batch waits for: one request per broker for every followed topic, on a connection kept open. */
  private readonly highWatermarks: HighWatermarkLister;
  private consumer?: Consumer;
  /** The next offset to read, per partition. */
  private readonly next: Offsets = new Map();
  /** Partitions per topic, as last fetched (where a key's records go). */
  private readonly partitionCounts = new Map<string, number>();
  private readonly waiters = new Set<Waiter>();
  private endsNext?: Promise<Offsets>;
  private readonly endsOnWire = new Set<Promise<Offsets>>();
  private restartTimer?: NodeJS.Timeout;
  /** Restarts since the consumer last read a batch. */
  private failedStarts = 0;
  private stopped = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly memory: DedupMemory,
    private readonly options: FollowerOptions,
  ) {
    this.admin = kafka.admin({ retry: { retries: 0 } });
    this.highWatermarks = new HighWatermarkLister(kafka);
  }

  /**
   * Reads the tail of each partition into the memory (at most `tailTimeoutMs`), then follows
   * the topic. Kafka unreachable: resolves at once and keeps trying in the background
   * (requests get 503 meanwhile, as `catchUp` cannot finish).
   */
  async start(): Promise<void> {
    try {
      const { records, complete } = await this.follow();
      log.info({ topics: this.options.topics, records, vehicles: this.memory.vehicleCount, complete }, 'dedup memory read from the tail of the topic');
    } catch (err) {
      this.dropConsumer();
      const retryInMs = this.restartLater();
      log.warn({ err: (err as Error).message, retryInMs }, 'could not read the topic for the dedup memory; trying again in the background');
    }
  }

  /**
   * Resolves once every record of `key` (a vehicle id) Kafka acknowledged before this call, in any followed topic, is in the memory.
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
    await this.highWatermarks.close();
  }

  /** Positions a consumer at `next` (at start: the tail), runs it, and waits for the end offsets of now, bounded. */
  private async follow(): Promise<{ records: number; complete: boolean }> {
    const { topics } = this.options;
    const ends = await this.fetchRanges();
    for (const [at, { low, high }] of ends) {
      if (this.next.has(at)) continue;
      const from = high - BigInt(this.options.tailRecordsPerPartition);
      this.next.set(at, from > low ? from : low);
    }
    // Few, quick retries inside kafkajs: its consumer retries a broker that died with the metadata it
    // had (a connection error does not refresh it), so with its default retries it kept fetching from
    // a crashed node for ~10 s after the node was fenced, and every batch waiting on it got a 503.
    // The retries left absorb a moment's coordinator error (a fresh group, a moving coordinator);
    // past them a failure gives a new consumer (restartLater), with fresh metadata, positioned by
    // the seeks below. kafkajs's own restart after a crash is off: it rejoins without our seeks
    // having a fetch to act on (seen after a broker restart: the consumer waited at the end of the
    // partitions for records that only a catch-up would let the gateway produce).
    const consumer = this.kafka.consumer({
      groupId: `telematics-gateway-dedup-${randomUUID()}`,
      maxWaitTimeInMs: FOLLOWER_CONSUMER.maxWaitTimeInMs,
      retry: { ...FOLLOWER_CONSUMER.retry, restartOnFailure: async () => false },
    });
    this.consumer = consumer;
    let records = 0;
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: false });
    // kafkajs has no assign(): position every partition on each join (a consumer restarted by kafkajs forgets earlier seeks).
    consumer.on(consumer.events.GROUP_JOIN, () => {
      for (const [at, offset] of this.next) {
        // Topic names have no ':' (Kafka allows letters, digits, '.', '_', '-').
        const colon = at.lastIndexOf(':');
        consumer.seek({ topic: at.slice(0, colon), partition: Number(at.slice(colon + 1)), offset: offset.toString() });
      }
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (this.stopped) return;
      if (this.consumer !== consumer) return;
      this.dropConsumer();
      const retryInMs = this.restartLater();
      log.warn({ err: payload.error.message, retryInMs }, 'the dedup consumer stopped; starting a new one');
    });
    if (this.stopped) throw new Error('stopped');
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const at = partitionKey(batch.topic, batch.partition);
        this.failedStarts = 0;
        const from = this.next.get(at);
        if (from === undefined) return;
        for (const message of batch.messages) {
          const offset = BigInt(message.offset);
          if (offset < from) continue;
          if (this.remember(message.value)) records++;
          this.next.set(at, offset + 1n);
        }
        this.wake();
      },
    });
    const target: Offsets = new Map([...ends].map(([at, { high }]) => [at, high]));
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

  /** Starts a new consumer after the current restart delay (which doubles until one reads); returns that delay. */
  private restartLater(): number {
    if (this.stopped) return 0;
    clearTimeout(this.restartTimer);
    const { restartDelayMs, restartMaxDelayMs } = this.options;
    const delayMs = Math.min(restartMaxDelayMs, restartDelayMs * 2 ** Math.min(this.failedStarts, 20));
    this.failedStarts++;
    this.restartTimer = setTimeout(() => {
      void this.follow().then(
        () => log.info({ topics: this.options.topics }, 'following the topics for the dedup memory again'),
        (err: unknown) => {
          this.dropConsumer();
          const retryInMs = this.restartLater();
          log.warn({ err: (err as Error).message, retryInMs }, 'could not follow the topic for the dedup memory; trying again');
        },
      );
    }, delayMs);
    return delayMs;
  }

  private dropConsumer(): void {
    void this.consumer?.disconnect().catch(() => undefined);
    this.consumer = undefined;
  }

  /** Marks a position or driving-event record as produced; anything else in the topics is skipped. */
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

  /** The end offsets of the partitions the producer sends `key` to, one per topic. */
  private endOfKey(ends: Offsets, key: string): Offsets {
    const target: Offsets = new Map();
    for (const topic of this.options.topics) {
      const at = partitionKey(topic, partitionOfKey(key, this.partitionCounts.get(topic) ?? 0));
      const end = ends.get(at);
      if (end === undefined) return ends;
      target.set(at, end);
    }
    return target;
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
      const request = this.listHighWatermarks();
      this.endsOnWire.add(request);
      void request.catch(() => undefined).finally(() => this.endsOnWire.delete(request));
      return request;
    });
    return this.endsNext;
  }

  /** The followed topics' high-water marks (the low offsets a batch does not need: kafkajs's admin would ask for them first). */
  private async listHighWatermarks(): Promise<Offsets> {
    const listed = await this.highWatermarks.list(this.options.topics, this.options.endOffsetRetry);
    const ends: Offsets = new Map();
    for (const [topic, partitions] of listed) {
      this.partitionCounts.set(topic, partitions.size);
      for (const [partition, high] of partitions) ends.set(partitionKey(topic, partition), BigInt(high));
    }
    return ends;
  }

  /** Where each partition starts and ends, at start: right after the topic was created its leaders may not be elected yet (tried longer than a batch's read). */
  private async fetchRanges(): Promise<Map<PartitionKey, { low: bigint; high: bigint }>> {
    try {
      if (!this.adminConnected) {
        await this.admin.connect();
        this.adminConnected = true;
      }
      const ends = new Map<PartitionKey, { low: bigint; high: bigint }>();
      const byTopic = await Promise.all(this.options.topics.map((topic) => topicOffsets(this.admin, topic)));
      this.options.topics.forEach((topic, i) => {
        this.partitionCounts.set(topic, byTopic[i]!.length);
        for (const p of byTopic[i]!) ends.set(partitionKey(topic, p.partition), { low: BigInt(p.low), high: BigInt(p.high) });
      });
      return ends;
    } catch (err) {
      this.adminConnected = false;
      await this.admin.disconnect().catch(() => undefined);
      throw err;
    }
  }
}
