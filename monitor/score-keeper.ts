import { EventEmitter } from 'node:events';
import type { Consumer, EachBatchPayload, Kafka, Message, Producer } from 'kafkajs';
import { getLogger } from '../common/logger.js';
import { statusMetricsRegistry } from '../common/metrics.js';
import { SerialQueue } from '../common/serial-queue.js';
import { createKafka } from '../kafka/config.js';
import { topicOffsets } from '../kafka/range-reader.js';
import { DRIVER_SCORES_TOPIC_DEFAULTS, EVENTS_DEAD_LETTER_TOPIC_DEFAULTS, EVENTS_TOPIC_DEFAULTS, driverScoresTopic, ensureTopics, eventsDeadLetterTopic, eventsTopic } from '../kafka/topics.js';
import { type DriverScoreRecord, driverScoreRecordHeaders, parseDriverScoreRecord } from '../protocol/driver-score-record.js';
import type { DrivingEventRecord } from '../protocol/driving-event-record.js';
import { checkDrivingEventRecord } from '../protocol/driving-event-record-check.js';
import { SCHEMA_VERSION_HEADER } from '../protocol/position-record.js';
import { CONSUMER_HEALTH_DEFAULTS, ConsumerHealth, type Readiness } from './consumer-health.js';
import { deadLetterMessage } from './dead-letter.js';
import { isSevere, severeEventAlert } from './driving-alerts.js';
import { DriverScores, SCORE_DEFAULTS } from './driver-scores.js';
import { SCORE_KEEPER_METRICS, type ScoreKeeperMetricsStatus } from './metrics.js';
import type { FleetMonitor } from './monitor.js';
import { type StoredStatus, readLatestByKey } from './status-store.js';
import { ALERT_SCHEMA_VERSION, type Alert } from './vehicle-tracker.js';

const log = getLogger('monitor.scores');

export const SCORE_KEEPER_DEFAULTS = {
  eventsTopic: EVENTS_TOPIC_DEFAULTS.name as string,
  scoresTopic: DRIVER_SCORES_TOPIC_DEFAULTS.name as string,
  /** Where records of the events topic that are not event records go (monitor/dead-letter.ts headers). */
  deadLetterTopic: EVENTS_DEAD_LETTER_TOPIC_DEFAULTS.name as string,
  /** The events consumer group is the monitor's group with this suffix. */
  groupSuffix: '-events',
  /** Scores whose distance changed are produced this often (an event's scores go with its batch, before the commit). */
  distancePublishMs: 5_000,
  /** Events kept in memory for the live page. */
  recentEvents: 200,
  score: SCORE_DEFAULTS,
  ...CONSUMER_HEALTH_DEFAULTS,
};

export type ScoreKeeperOptions = typeof SCORE_KEEPER_DEFAULTS;

/**
 * Keeps each driver's day and week scores beside a FleetMonitor, in its process. A consumer (the
 * monitor's group + `-events`) reads `vehicle-events`; per batch it counts the events
 * (DriverScores: each once by its identity), produces the severe ones' alerts, then the changed
 * score records to the compacted `driver-scores`, and only then commits: a redelivered event is
 * already in the restored record and counts nothing. Distances come from the monitor's statuses.
 * State is restored from `driver-scores` at start-up and after each rebalance of the events group.
 *
 * Emits, once in Kafka: 'scores' (DriverScoreRecord[] changed) and 'event' (DrivingEventRecord, each counted event).
 */
export class DriverScoreKeeper extends EventEmitter {
  readonly options: ScoreKeeperOptions;
  readonly scores: DriverScores;
  private readonly kafka: Kafka;
  private consumer: Consumer | null = null;
  private producer: Producer | null = null;
  /** Batches, status updates and distance publications touch the same scores: one at a time. */
  private readonly queue = new SerialQueue();
  private timer: NodeJS.Timeout | null = null;
  private reloadNeeded = false;
  /** Score keys whose distance changed since they were last produced. */
  private readonly dirty = new Set<string>();
  private readonly recent: DrivingEventRecord[] = [];
  /** `events` read (valid), `counted` (new: not counted before), `countedByKind`, `invalid` (dead-lettered), severe `alerts`. */
  readonly stats = { events: 0, counted: 0, countedByKind: {} as Record<string, number>, invalid: 0, alerts: 0, scoreWrites: 0, rollbacks: 0 };
  /** Is the events consumer making progress (the monitor's `/readyz`)? */
  private readonly health: ConsumerHealth;
  /** This keeper's metrics (a registry of its own, served beside the monitor's). */
  readonly metrics = statusMetricsRegistry<ScoreKeeperMetricsStatus>(
    () => ({ ...this.stats, lag: this.health.lag, ready: this.health.readiness().ready }),
    SCORE_KEEPER_METRICS,
  );
  private assigned = new Set<number>();
  private readonly onStatuses = (statuses: StoredStatus[]): void => {
    void this.queue.run(async () => this.takeDistances(statuses));
  };

  constructor(
    private readonly fleet: FleetMonitor,
    options: Partial<ScoreKeeperOptions> = {},
  ) {
    super();
    this.options = { ...SCORE_KEEPER_DEFAULTS, ...options };
    // The fleet's day (`--time-zone`), the same as vehicle-status's `day` whose distances are summed.
    this.scores = new DriverScores(fleet.options.plan.drivers, fleet.options.tracker.dayTimeZone, this.options.score);
    this.kafka = createKafka(`telematics-scores-${fleet.options.groupId}`, fleet.options.brokers);
    const o = this.options;
    this.health = new ConsumerHealth(
      this.kafka,
      { name: 'driver scores', groupId: this.groupId, topic: o.eventsTopic, fromBeginning: fleet.options.fromBeginning, lagCheckMs: o.lagCheckMs, stallMs: o.stallMs },
      () => this.assigned,
    );
  }

  /** Ready while the events consumer runs and keeps up (see ConsumerHealth). */
  readiness(): Readiness {
    return this.health.readiness();
  }

  get groupId(): string {
    return `${this.fleet.options.groupId}${this.options.groupSuffix}`;
  }

  /** Start after the monitor: its restored statuses give the distances. */
  async start(): Promise<void> {
    const o = this.options;
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, [eventsTopic({ name: o.eventsTopic }), driverScoresTopic({ name: o.scoresTopic }), eventsDeadLetterTopic({ name: o.deadLetterTopic })]);
      for (const topic of [o.scoresTopic, o.deadLetterTopic]) await topicOffsets(admin, topic);
    } finally {
      await admin.disconnect();
    }
    this.producer = this.kafka.producer({ idempotent: false, allowAutoTopicCreation: false, retry: { retries: this.fleet.options.produceRetries, initialRetryTime: 200, maxRetryTime: 2_000 } });
    await this.producer.connect();
    // Listening first: a status that arrives while the scores are read back is taken again after them (reload).
    this.fleet.on('statuses', this.onStatuses);
    await this.reload();
    const consumer = (this.consumer = this.kafka.consumer({ groupId: this.groupId, maxWaitTimeInMs: 500 }));
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.assigned = new Set(payload.memberAssignment[o.eventsTopic] ?? []);
      log.info({ partitions: [...this.assigned] }, 'joined the events group');
      this.reloadNeeded = true;
    });
    this.health.watch(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic: o.eventsTopic, fromBeginning: this.fleet.options.fromBeginning });
    await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (payload) => this.queue.run(() => this.onBatch(payload)) });
    this.health.start();
    this.timer = setInterval(() => void this.queue.run(() => this.publishDistances()).catch((err) => log.warn({ err }, 'scores not produced; retried')), o.distancePublishMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.fleet.off('statuses', this.onStatuses);
    await this.health.stop();
    await this.consumer?.disconnect();
    await this.queue.run(() => this.publishDistances()).catch((err) => log.warn({ err }, 'last distances not produced'));
    await this.producer?.disconnect();
    this.consumer = this.producer = null;
  }

  /** Every score in memory (day and week records of every driver). */
  all(): DriverScoreRecord[] {
    return this.scores.all();
  }

  driverOf(vehicleId: string): string {
    return this.scores.driverOf(vehicleId);
  }

  /** The events counted since start-up, newest last (the live page's map). */
  events(): DrivingEventRecord[] {
    return [...this.recent];
  }

  /** Resolves once the batch or publication in progress is done. */
  settled(): Promise<void> {
    return this.queue.settled();
  }

  private async reload(): Promise<void> {
    const records = await readLatestByKey(this.kafka, this.options.scoresTopic, parseDriverScoreRecord, { groupIdPrefix: 'telematics-scores-reader' });
    for (const record of records.values()) this.scores.restore(record);
    this.reloadNeeded = false;
    // Distances the monitor has now may be ahead of the records read.
    this.takeDistances(this.fleet.vehicles());
    log.info({ scores: records.size }, 'scores restored from the driver-scores topic');
    this.emit('scores', this.scores.all());
  }

  private takeDistances(statuses: StoredStatus[]): void {
    for (const s of statuses) if (s.day) for (const key of this.scores.setDayDistance(s.vehicleId, s.day.date, s.day.distance)) this.dirty.add(key);
  }

  private async onBatch({ batch, resolveOffset, commitOffsetsIfNecessary, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    if (this.reloadNeeded) await this.reload();
    const changed = new Set<string>();
    const counted: DrivingEventRecord[] = [];
    const alerts: Alert[] = [];
    const deadLetters: Message[] = [];
    let lastOffset: string | null = null;
    let read = 0;
    this.scores.begin();
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) break;
      lastOffset = message.offset;
      const checked = checkDrivingEventRecord(message);
      if ('problem' in checked) {
        deadLetters.push(deadLetterMessage({ topic: batch.topic, partition: batch.partition, message, consumerGroup: this.groupId }, checked.problem));
        log.warn({ partition: batch.partition, offset: message.offset, reason: checked.problem.reason, err: checked.problem.message }, 'not a driving-event record: sent to the dead-letter topic');
        continue;
      }
      const e = checked.record;
      read++;
      const keys = this.scores.addEvent(e);
      if (keys.length === 0) continue;
      for (const key of keys) changed.add(key);
      counted.push(e);
      if (isSevere(e, this.fleet.options.plan.thresholds)) alerts.push(severeEventAlert(e, this.scores.driverOf(e.vehicleId)));
    }
    if (lastOffset === null) return;
    try {
      await this.publish(changed, alerts, deadLetters);
    } catch (err) {
      this.scores.rollBack();
      this.stats.rollbacks++;
      log.warn({ err: (err as Error).message }, 'scores/alerts not produced: rolled back, the batch will be retried');
      throw err;
    }
    resolveOffset(lastOffset);
    await commitOffsetsIfNecessary({ topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: (BigInt(lastOffset) + 1n).toString() }] }] });
    this.health.committed();
    this.stats.events += read;
    this.stats.counted += counted.length;
    this.stats.invalid += deadLetters.length;
    this.stats.alerts += alerts.length;
    for (const e of counted) {
      this.stats.countedByKind[e.kind] = (this.stats.countedByKind[e.kind] ?? 0) + 1;
      this.recent.push(e);
      this.emit('event', e);
    }
    this.recent.splice(0, Math.max(0, this.recent.length - this.options.recentEvents));
    for (const alert of alerts) this.fleet.noteAlert(alert);
    await heartbeat();
  }

  private async publishDistances(): Promise<void> {
    if (this.dirty.size > 0) await this.publish(new Set(), [], []);
  }

  /** Dead letters, then alerts, then the scores that record their events as counted (a failure in between repeats alerts, same alertId). */
  private async publish(changed: Set<string>, alerts: Alert[], deadLetters: Message[]): Promise<void> {
    const keys = new Set([...changed, ...this.dirty]);
    const records = [...keys].map((key) => this.scores.get(key)!);
    if (deadLetters.length) await this.producer!.send({ topic: this.options.deadLetterTopic, acks: -1, messages: deadLetters });
    if (alerts.length) {
      const headers = { [SCHEMA_VERSION_HEADER]: String(ALERT_SCHEMA_VERSION), 'content-type': 'application/json' };
      await this.producer!.send({ topic: this.fleet.options.alertsTopic, acks: -1, messages: alerts.map((a) => ({ key: a.vehicleId, value: JSON.stringify(a), headers })) });
    }
    if (records.length) {
      const messages = [...keys].map((key, i) => ({ key, value: JSON.stringify(records[i]), headers: driverScoreRecordHeaders() }));
      await this.producer!.send({ topic: this.options.scoresTopic, acks: -1, messages });
      this.stats.scoreWrites += messages.length;
      for (const key of keys) this.dirty.delete(key);
      this.emit('scores', records);
    }
  }
}
