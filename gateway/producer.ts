import { CompressionTypes, type Kafka, type Producer, type TopicMessages } from 'kafkajs';
import { getLogger } from '../common/logger.js';
import { createPartitioner } from '../kafka/partitions.js';

const log = getLogger('gateway.producer');

export interface ProducerOptions {
  lingerMs: number;
  batchMaxRecords: number;
  maxConcurrentSends: number;
  compression: 'gzip' | 'none';
  produceTimeoutMs: number;
}

/** Kafka did not acknowledge in time, or is unreachable: the caller answers 503. */
export class KafkaUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KafkaUnavailableError';
  }
}

interface Pending {
  /** By topic; one request's records may go to several (positions and driving events). */
  topicMessages: TopicMessages[];
  records: number;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * The one Kafka producer of a gateway process, with acks=all.
 *
 * kafkajs sends every `send()` as its own produce request and has no linger, so records
 * of concurrent HTTP requests are gathered here for up to `lingerMs` (or `batchMaxRecords`)
 * and go out as one compressed `sendBatch` to all partitions. At most `maxConcurrentSends`
 * are on the wire; records arriving meanwhile wait for the next one, so batches grow with
 * the load (fewer, larger produce requests: less CPU per record) while a lone request
 * still goes out after `lingerMs`.
 *
 * Not idempotent: kafkajs's idempotent producer loses messages when concurrent sends exceed
 * the partitions (kafkajs issue #1005), and concurrent sends are the point of this class.
 * Without it, a produce request that is retried after a lost answer can write its records
 * twice; downstream dedupes on vehicleId+epoch+seq (see README). Per-vehicle order holds
 * because the gateway sends the next batch of a vehicle only after the previous one settled.
 */
export class GatewayProducer {
  private readonly producer: Producer;
  private connecting?: Promise<void>;
  private connected = false;
  private queue: Pending[] = [];
  private queuedRecords = 0;
  private timer?: NodeJS.Timeout;
  private sending = 0;

  constructor(
    kafka: Kafka,
    private readonly options: ProducerOptions,
  ) {
    // No retries inside kafkajs: when a retry finds a partition's leadership moved to a broker that
    // already answered, kafkajs 2.2.4 skips those records and resolves the send anyway (kafkajs
    // issue #1303; measured by kafka/producer-leader-move.scenario.test.ts: ~1 in 1,800 acknowledged
    // records missing through a rolling restart with retries, 0 without). A failed send is a 503;
    // the agent resends and the dedup memory judges the resend by what landed.
    this.producer = kafka.producer({ createPartitioner, idempotent: false, allowAutoTopicCreation: false, retry: { retries: 0 } });
    this.producer.on(this.producer.events.DISCONNECT, () => (this.connected = false));
  }

  /** Connect, sharing one attempt between concurrent callers. */
  connect(): Promise<void> {
    if (this.connected) return Promise.resolve();
    this.connecting ??= this.producer
      .connect()
      .then(() => {
        this.connected = true;
        log.info('producer connected');
      })
      .finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  /**
   * Resolves once Kafka acknowledged every message (acks=all); rejects with
   * KafkaUnavailableError after `timeoutMs` (default `produceTimeoutMs`). `settled` resolves when the underlying
   * send has really finished (success or failure), which may be later than the answer.
   */
  produce(topicMessages: TopicMessages[], timeoutMs = this.options.produceTimeoutMs): { acked: Promise<void>; settled: Promise<boolean> } {
    const records = topicMessages.reduce((sum, t) => sum + t.messages.length, 0);
    const sent = new Promise<void>((resolve, reject) => {
      this.queue.push({ topicMessages, records, resolve, reject });
      this.queuedRecords += records;
      if (this.queuedRecords >= this.options.batchMaxRecords) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.lingerMs);
    });
    const settled = sent.then(
      () => true,
      () => false,
    );
    const acked = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new KafkaUnavailableError(`Kafka did not acknowledge within ${this.options.produceTimeoutMs} ms`)), timeoutMs);
      sent.then(
        () => {
          clearTimeout(timer);
          resolve();
        },
        (err: unknown) => {
          clearTimeout(timer);
          reject(err instanceof KafkaUnavailableError ? err : new KafkaUnavailableError(`Kafka refused the records: ${(err as Error).message}`, { cause: err }));
        },
      );
    });
    return { acked, settled };
  }

  /** Sends what is queued, in produce requests of up to `batchMaxRecords`, as far as `maxConcurrentSends` allows. */
  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.queue.length > 0 && this.sending < this.options.maxConcurrentSends) {
      let count = 0;
      let records = 0;
      while (count < this.queue.length && (count === 0 || records + this.queue[count]!.records <= this.options.batchMaxRecords)) {
        records += this.queue[count]!.records;
        count++;
      }
      this.queuedRecords -= records;
      this.send(this.queue.splice(0, count));
    }
  }

  private send(batch: Pending[]): void {
    this.sending++;
    const topicMessages = batch.length === 1 ? batch[0]!.topicMessages : mergeByTopic(batch.flatMap((p) => p.topicMessages));
    const records = batch.reduce((sum, p) => sum + p.records, 0);
    this.connect()
      .then(() =>
        this.producer.sendBatch({
          acks: -1,
          timeout: this.options.produceTimeoutMs,
          compression: this.options.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
          topicMessages,
        }),
      )
      .then(
        () => batch.forEach((p) => p.resolve()),
        (err: unknown) => {
          log.warn({ err: (err as Error).message, records }, 'produce failed');
          batch.forEach((p) => p.reject(err));
        },
      )
      .finally(() => {
        this.sending--;
        this.flush();
      });
  }

  async disconnect(): Promise<void> {
    this.flush();
    await this.producer.disconnect();
  }
}

/** One entry per topic, messages in the order given (each vehicle's records stay in order). */
function mergeByTopic(list: TopicMessages[]): TopicMessages[] {
  const byTopic = new Map<string, TopicMessages>();
  for (const t of list) {
    const merged = byTopic.get(t.topic);
    if (merged) merged.messages.push(...t.messages);
    else byTopic.set(t.topic, { topic: t.topic, messages: [...t.messages] });
  }
  return [...byTopic.values()];
}
