import { EventEmitter } from 'node:events';
import type { Consumer, EachBatchPayload, Kafka, Message } from 'kafkajs';
import { getLogger } from '../common/logger.js';
import { statusMetricsRegistry } from '../common/metrics.js';
import { createKafka } from '../kafka/config.js';
import { PARTITION_TRANSACTIONS_DEFAULTS, PartitionTransactions, TransactionOutcomeUnknownError } from '../kafka/partition-transactions.js';
import { partitionOfKey } from '../kafka/partitions.js';
import { topicOffsets } from '../kafka/range-reader.js';
import {
  ALERTS_TOPIC_DEFAULTS,
  DEAD_LETTER_TOPIC_DEFAULTS,
  POSITIONS_TOPIC_DEFAULTS,
  STATUS_TOPIC_DEFAULTS,
  alertsTopic,
  deadLetterTopic,
  ensureTopics,
  positionsTopic,
  statusTopic,
} from '../kafka/topics.js';
import { checkPositionRecord, preparePositionRecordCheck } from '../protocol/position-record-check.js';
import { SCHEMA_VERSION_HEADER } from '../protocol/position-record.js';
import { CONSUMER_HEALTH_DEFAULTS, ConsumerHealth, type Readiness } from './consumer-health.js';
import { deadLetterMessage } from './dead-letter.js';
import { MONITOR_METRICS, type MonitorMetricsStatus, monitorTransactionHistogram } from './metrics.js';
import { EMPTY_PLAN, type Plan } from './plan.js';
import { type StatusReadOptions, type StatusSource, type StoredStatus, readAllStatuses } from './status-store.js';
import { ALERT_SCHEMA_VERSION, type Alert, STATUS_SCHEMA_VERSION, type StatusPosition, TRACKER_DEFAULTS, type TrackerOptions, VehicleTracker } from './vehicle-tracker.js';

const log = getLogger('monitor');

/** What processing a batch left to produce and commit. */
interface ProcessedBatch {
  lastOffset: string;
  positions: number;
  alerts: Alert[];
  /** The vehicles it touched. */
  touched: Set<string>;
  /** Their state before it, to roll back to if its outputs cannot be produced. */
  before: Map<string, StoredStatus | null>;
  deadLetters: Message[];
}

export const MONITOR_DEFAULTS = {
  groupId: 'telematics-monitor',
  positionsTopic: POSITIONS_TOPIC_DEFAULTS.name as string,
  alertsTopic: ALERTS_TOPIC_DEFAULTS.name as string,
  statusTopic: STATUS_TOPIC_DEFAULTS.name as string,
  /** Where records that are not position records go, as they were, with why and where from (monitor/dead-letter.ts). */
  deadLetterTopic: DEAD_LETTER_TOPIC_DEFAULTS.name as string,
  /** A group with no committed offsets starts at the end of the positions topic (true: at its beginning). */
  fromBeginning: false,
  /**
   * Bytes a fetch takes from one partition at most (kafkajs's default is 1 MiB; the whole fetch stays within
   * kafkajs's 10 MiB). A backlog then comes in fewer, larger batches, and each batch costs one status record per
   * vehicle it touched and a produce and a commit round trip: 4 MiB cut bench/monitor's batches from 40 to ~16.
   */
  maxBytesPerPartition: 4 * 1024 * 1024,
  /**
   * Batches (of different partitions) kafkajs hands over at once. Their records go through the trackers
   * one batch at a time; what overlaps is each batch's produce and commit round trips with the next
   * batch's processing (1: every batch waits for the previous one's round trips, a fifth of the time).
   */
  partitionsConsumedConcurrently: 3,
  /** Housekeeping period: idle flushes, silence checks, live-page updates. */
  tickMs: 1_000,
  /** A vehicle silent this long (wall clock) has nothing earlier in flight: its reorder buffer is processed. */
  flushIdleMs: 5_000,
  /** Nothing received from a vehicle for this long raises `no-data`. */
  noDataMs: 10 * 60_000,
  /** Alerts kept in memory for the live page and /api/alerts. */
  recentAlerts: 200,
  /**
   * kafkajs's own retries of the score keeper's sends (monitor/score-keeper.ts): none, so a failed send rolls its
   * batch back and it is re-delivered. A kafkajs retry after a leadership move can resolve a send whose records
   * it skipped (kafkajs issue #1303: see gateway/producer.ts). The monitor's own sends are transactional, with
   * kafkajs's retries on and such a send caught (kafka/partition-transactions.ts).
   */
  produceRetries: 0,
  /** How long one of the monitor's transactions may stay open before Kafka aborts it (kafka/partition-transactions.ts). */
  transactionTimeoutMs: PARTITION_TRANSACTIONS_DEFAULTS.transactionTimeoutMs,
  /**
   * How long the group waits for a silent member (kafkajs's default) before handing its partitions to the others.
   * A member stuck in a batch for longer loses its partitions, and its transactions are fenced.
   */
  sessionTimeoutMs: 30_000,
  /**
   * kafkajs's retries of a failed batch (re-delivered from its first offset) before it restarts the consumer,
   * which rejoins the group and can hand the batch's partition to another instance: that one raises again the
   * alerts whose status never landed. kafkajs's 5 (about 9 s) end while a cluster still fences a dead broker
   * (8–11 s here); 6 back off for about 19 s. Not more: kafkajs also finds a dead group coordinator's
   * successor only by restarting the consumer, and the retries delay that.
   */
  batchRetries: 6,
  /**
   * How stale kafkajs's view of the partition leaders may get (its default: 5 min). A consumer whose fetches
   * meet a dead broker's refused connection does not look again by itself, so it kept fetching from the
   * dead leader until its retries ran out and it restarted.
   */
  metadataMaxAgeMs: 10_000,
  ...CONSUMER_HEALTH_DEFAULTS,
};

export type MonitorOptions = typeof MONITOR_DEFAULTS & { brokers?: string[]; plan: Plan; tracker: TrackerOptions };

export interface MonitorStats {
  positions: number;
  /** Positions whose offsets are committed (their state is in the status topic). */
  committed: number;
  /** Records that were not position records (protocol/position-record-check.ts), counted once in the dead-letter topic. */
  invalid: number;
  batches: number;
  alerts: number;
  statusWrites: number;
  /** Batches or ticks whose outputs could not be produced (state rolled back, retried). */
  rollbacks: number;
}

/**
 * The fleet monitor: one member of a consumer group over the positions topic.
 * Per batch it updates the vehicles' trackers, then writes their alerts, their new
 * status and the batch's offset as one Kafka transaction of the batch's partition
 * (kafka/partition-transactions.ts): read committed, vehicle-status and the committed
 * offset never disagree, and no alert is there twice, also across a rebalance.
 *
 * Emits, once they are in Kafka: 'update' (vehicle ids changed), 'statuses' (their new
 * StoredStatus[]), 'positions' (Map of vehicle id → the positions processed, in fix-time
 * order) and 'alert' (Alert).
 */
export class FleetMonitor extends EventEmitter {
  readonly options: MonitorOptions;
  private readonly kafka: Kafka;
  private consumer: Consumer | null = null;
  /** Each owned partition's alerts, status, dead letters and offset go out in one transaction. */
  private transactions: PartitionTransactions | null = null;
  /** Partitions of the positions topic at start: whose member keeps a vehicle restored without a source. */
  private positionsPartitions = 0;
  private readonly trackers = new Map<string, VehicleTracker>();
  private readonly sources = new Map<string, StatusSource>();
  private readonly lastArrivalMs = new Map<string, number>();
  private readonly recent: Alert[] = [];
  private assigned = new Set<number>();
  private reloadNeeded = false;
  private queue: Promise<unknown> = Promise.resolve();
  /** Someone listens to 'positions'. */
  private positionsListened = false;
  /** Batches processed whose outputs are being produced and offsets committed; never rejects. */
  private readonly inFlight = new Set<Promise<void>>();
  /** The batch in flight that holds each vehicle's latest state: another batch touching the vehicle waits for it. */
  private readonly inFlightByVehicle = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  readonly stats: MonitorStats = { positions: 0, committed: 0, invalid: 0, batches: 0, alerts: 0, statusWrites: 0, rollbacks: 0 };
  /** Is the consumer making progress (`/readyz`, the lag metric)? */
  private readonly health: ConsumerHealth;
  /** This instance's metrics (a registry of its own: several monitors can share a process). */
  readonly metrics = statusMetricsRegistry<MonitorMetricsStatus>(
    () => ({
      ...this.stats,
      vehicles: this.trackers.size,
      vehiclesNoData: [...this.trackers.values()].filter((t) => t.noData).length,
      lag: this.health.lag,
      ready: this.health.readiness().ready,
    }),
    MONITOR_METRICS,
  );
  private readonly transactionSeconds = monitorTransactionHistogram(this.metrics);

  constructor(options: Partial<MonitorOptions> = {}) {
    super();
    this.options = { ...MONITOR_DEFAULTS, plan: EMPTY_PLAN, tracker: TRACKER_DEFAULTS, ...options };
    this.kafka = createKafka(`telematics-monitor-${this.options.groupId}`, this.options.brokers);
    const o = this.options;
    // The positions each batch processed are kept for the 'positions' event only while someone listens (the live page).
    this.on('newListener', (event: string | symbol) => event === 'positions' && this.keepProcessed(true));
    this.on('removeListener', (event: string | symbol) => event === 'positions' && this.keepProcessed(this.listenerCount('positions') > 0));
    this.health = new ConsumerHealth(this.kafka, { name: 'monitor', groupId: o.groupId, topic: o.positionsTopic, fromBeginning: o.fromBeginning, lagCheckMs: o.lagCheckMs, stallMs: o.stallMs }, () => this.assigned);
  }

  /** Ready while the consumer runs and keeps up: not crashed, and no records waiting for `stallMs` without a commit. */
  readiness(): Readiness {
    return this.health.readiness();
  }

  async start(): Promise<void> {
    const o = this.options;
    const admin = this.kafka.admin();
    const outputPartitions = new Map<string, number>();
    await admin.connect();
    try {
      await ensureTopics(admin, [
        positionsTopic({ name: o.positionsTopic }),
        alertsTopic({ name: o.alertsTopic }),
        statusTopic({ name: o.statusTopic }),
        deadLetterTopic({ name: o.deadLetterTopic }),
      ]);
      // Topics just created can answer "unknown partition" for a moment; the first produce must not meet that.
      for (const topic of [o.alertsTopic, o.statusTopic, o.deadLetterTopic]) outputPartitions.set(topic, (await topicOffsets(admin, topic)).length);
      this.positionsPartitions = (await topicOffsets(admin, o.positionsTopic)).length;
    } finally {
      await admin.disconnect();
    }
    preparePositionRecordCheck();
    this.transactions = new PartitionTransactions(this.kafka, {
      groupId: o.groupId,
      topic: o.positionsTopic,
      outputPartitions,
      transactionTimeoutMs: o.transactionTimeoutMs,
      metadataMaxAgeMs: o.metadataMaxAgeMs,
    });
    // What the other members have committed, at once, for the live page and the API until the first join: a
    // transaction left open by a member stuck mid-batch must not hold the start up (the join's reload waits for it).
    await this.reload({ toHighWatermark: false });
    const consumer = (this.consumer = this.kafka.consumer({
      groupId: o.groupId,
      maxWaitTimeInMs: 500,
      maxBytesPerPartition: o.maxBytesPerPartition,
      sessionTimeout: o.sessionTimeoutMs,
      retry: { retries: o.batchRetries },
      metadataMaxAge: o.metadataMaxAgeMs,
    }));
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.assigned = new Set(payload.memberAssignment[o.positionsTopic] ?? []);
      log.info({ partitions: [...this.assigned], leader: payload.isLeader }, 'joined the monitor group');
      // Any join may bring partitions whose owner wrote status after our last read (even the first:
      // another member kept going between our start-up restore and this join). Reload before the next batch.
      this.reloadNeeded = true;
    });
    // Between leaving the group's last generation and joining the next, this instance owns nothing: its ticks
    // must not flush or write the status of vehicles another member may be taking over.
    const disowned = (): void => {
      this.assigned = new Set();
    };
    consumer.on(consumer.events.REBALANCING, disowned);
    consumer.on(consumer.events.CRASH, disowned);
    this.health.watch(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic: o.positionsTopic, fromBeginning: o.fromBeginning });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: o.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.onBatch(payload),
    });
    this.health.start();
    this.timer = setInterval(
      () =>
        void this.serially(async () => {
          await this.inFlightSettled();
          await this.tick(Date.now());
        }).catch((err) => log.error({ err }, 'monitor tick failed')),
      o.tickMs,
    );
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.health.stop();
    await this.consumer?.disconnect();
    await this.settled();
    await this.transactions?.close();
    this.consumer = this.transactions = null;
  }

  vehicles(): StoredStatus[] {
    return [...this.trackers.values()].map((t) => ({ ...t.status(), ...(this.sources.has(t.vehicleId) ? { source: this.sources.get(t.vehicleId) } : {}) }));
  }

  alerts(): Alert[] {
    return [...this.recent];
  }

  /** An alert now in Kafka: logged, kept for the live page and /api/alerts, emitted. Also for alerts raised beside the monitor (monitor/score-keeper.ts). */
  noteAlert(alert: Alert): void {
    log.info({ vehicleId: alert.vehicleId, type: alert.type, time: alert.time }, 'alert');
    this.recent.push(alert);
    this.recent.splice(0, Math.max(0, this.recent.length - this.options.recentAlerts));
    this.emit('alert', alert);
  }

  /** Resolves once the batches and tick in progress have published their alerts and status (state is updated before that). */
  async settled(): Promise<void> {
    await this.queue;
    await this.inFlightSettled();
  }

  private async inFlightSettled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  /** Batches and ticks touch the same state: one at a time. */
  private serially<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private tracker(vehicleId: string, status?: StoredStatus): VehicleTracker {
    let t = this.trackers.get(vehicleId);
    if (!t || status) {
      const o = this.options;
      t = new VehicleTracker(vehicleId, o.plan.vehicles.get(vehicleId), o.plan.thresholds, o.tracker, status);
      t.keepProcessed = this.positionsListened;
      this.trackers.set(vehicleId, t);
    }
    return t;
  }

  private keepProcessed(keep: boolean): void {
    this.positionsListened = keep;
    for (const t of this.trackers.values()) t.keepProcessed = keep;
  }

  /**
   * After a join (or a transaction whose outcome is unknown), before a batch or a tick uses or writes any vehicle:
   * a join may bring partitions another member moved on (even back to this instance). Once the batches in flight
   * have published, this instance fences the partitions' previous writers, which ends their open transactions,
   * and only then reads what vehicle-status holds.
   */
  private async reloadIfRejoined(): Promise<void> {
    if (!this.reloadNeeded) return;
    await this.inFlightSettled();
    await this.transactions!.own(this.assigned);
    await this.reload();
  }

  /** Rebuild every vehicle from vehicle-status (start-up, and after a rebalance). */
  private async reload(read: StatusReadOptions = {}): Promise<void> {
    const statuses = await readAllStatuses(this.kafka, this.options.statusTopic, read);
    for (const [vehicleId, status] of statuses) {
      this.tracker(vehicleId, status);
      // A restored reorder buffer waits flushIdleMs for its stragglers like a live one.
      this.lastArrivalMs.set(vehicleId, Date.now());
      if (status.source) this.sources.set(vehicleId, status.source);
    }
    this.reloadNeeded = false;
    log.info({ vehicles: statuses.size }, 'state restored from the status topic');
    this.emit('update', [...statuses.keys()]);
    this.emit('statuses', [...statuses.values()]);
  }

  /**
   * A batch's records go through the trackers one batch at a time (with the ticks); its outputs
   * are then produced and its offsets committed while the next batch is processed. A vehicle's
   * next batch (another partition's, if the topic's partitions changed) waits for that first.
   */
  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const processed = await this.serially(() => this.process(payload));
    if (!processed) return;
    const done = this.publishAndCommit(payload, processed);
    const tracked = done.catch(() => undefined);
    this.inFlight.add(tracked);
    for (const vehicleId of processed.touched) this.inFlightByVehicle.set(vehicleId, tracked);
    void tracked.then(() => {
      this.inFlight.delete(tracked);
      for (const vehicleId of processed.touched) if (this.inFlightByVehicle.get(vehicleId) === tracked) this.inFlightByVehicle.delete(vehicleId);
    });
    await done;
  }

  private async process({ batch, isRunning, isStale }: EachBatchPayload): Promise<ProcessedBatch | null> {
    await this.reloadIfRejoined();
    const alerts: Alert[] = [];
    /** The vehicles this batch touched (in first-seen order), each with the offset of its last position in it. */
    const lastOffsets = new Map<string, string>();
    const deadLetters: Message[] = [];
    let lastOffset: string | null = null;
    let positions = 0;
    const before = new Map<string, StoredStatus | null>();
    const now = Date.now();
    // Only a seek makes a batch stale, and nothing seeks this consumer: checked once, not per record (it builds a key each time).
    if (isStale()) return null;
    let vehicleId: string | null = null;
    let tracker: VehicleTracker | undefined;
    for (const message of batch.messages) {
      if (!isRunning()) break;
      lastOffset = message.offset;
      const checked = checkPositionRecord(message);
      if ('problem' in checked) {
        // One bad record must not stop the fleet's monitoring: it goes to the dead-letter topic (with the batch's
        // outputs, before the commit, so it is never lost) and the batch goes on.
        deadLetters.push(deadLetterMessage({ topic: batch.topic, partition: batch.partition, message, consumerGroup: this.options.groupId }, checked.problem));
        log.warn({ partition: batch.partition, offset: message.offset, reason: checked.problem.reason, err: checked.problem.message }, 'not a position record: sent to the dead-letter topic');
        continue;
      }
      const rec = checked.record;
      // A vehicle's records mostly come in runs (an upload is one produce): looked up once per run.
      if (rec.vehicleId !== vehicleId) {
        vehicleId = rec.vehicleId;
        if (!before.has(vehicleId)) {
          const earlier = this.inFlightByVehicle.get(vehicleId);
          if (earlier) await earlier;
          this.remember(before, vehicleId);
        }
        tracker = this.tracker(vehicleId);
      }
      this.stats.positions++;
      positions++;
      tracker!.ingest(rec, alerts, checked.timeMs);
      lastOffsets.set(vehicleId, message.offset);
    }
    for (const [vehicleId, offset] of lastOffsets) {
      this.sources.set(vehicleId, { partition: batch.partition, offset });
      this.lastArrivalMs.set(vehicleId, now);
    }
    if (lastOffset === null) return null;
    return { lastOffset, positions, alerts, touched: new Set(lastOffsets.keys()), before, deadLetters };
  }

  private async publishAndCommit({ batch, resolveOffset, heartbeat }: EachBatchPayload, processed: ProcessedBatch): Promise<void> {
    const { lastOffset, positions, alerts, touched, before, deadLetters } = processed;
    // The batch's offset is committed in the transaction of its outputs, also while the consumer is stopping:
    // a graceful stop leaves offsets exactly at the state it saved.
    await this.publishOrRollBack(batch.partition, alerts, touched, before, deadLetters, (BigInt(lastOffset) + 1n).toString());
    resolveOffset(lastOffset);
    this.health.committed();
    this.stats.batches++;
    this.stats.committed += positions;
    await heartbeat();
  }

  private async tick(nowMs: number): Promise<void> {
    await this.reloadIfRejoined();
    const o = this.options;
    /** What the tick changed, by the partition whose owner writes it. */
    const writes = new Map<number, { alerts: Alert[]; changed: Set<string>; before: Map<string, StoredStatus | null> }>();
    for (const [vehicleId, t] of this.trackers) {
      // A vehicle restored from a status that names no source (monitor 0.1 wrote none) belongs where its key goes.
      const partition = this.sources.get(vehicleId)?.partition ?? partitionOfKey(vehicleId, this.positionsPartitions);
      // Another member owns this vehicle's partition: it does the housekeeping.
      if (!this.assigned.has(partition)) continue;
      const flush = t.pendingCount > 0 && nowMs - (this.lastArrivalMs.get(vehicleId) ?? 0) >= o.flushIdleMs;
      const silent = !t.noData && t.lastReceivedAtMs !== null && nowMs - t.lastReceivedAtMs >= o.noDataMs;
      if (!flush && !silent) continue;
      let write = writes.get(partition);
      if (!write) writes.set(partition, (write = { alerts: [], changed: new Set(), before: new Map() }));
      this.remember(write.before, vehicleId);
      const count = write.alerts.length;
      if (flush) write.alerts.push(...t.flush());
      if (silent) write.alerts.push(...t.checkSilence(nowMs, o.noDataMs));
      if (flush || write.alerts.length > count) write.changed.add(vehicleId);
    }
    const results = await Promise.allSettled(
      [...writes].filter(([, w]) => w.changed.size > 0).map(([partition, w]) => this.publishOrRollBack(partition, w.alerts, w.changed, w.before)),
    );
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** The vehicle's state before this batch or tick touches it, once per batch. */
  private remember(before: Map<string, StoredStatus | null>, vehicleId: string): void {
    if (before.has(vehicleId)) return;
    const t = this.trackers.get(vehicleId);
    const source = this.sources.get(vehicleId);
    before.set(vehicleId, t ? { ...t.status(), ...(source ? { source } : {}) } : null);
  }

  /**
   * If the transaction of alerts and status fails, the in-memory state goes back to what it was (what
   * vehicle-status holds) and the error propagates: kafkajs re-delivers the batch, and its alerts are raised
   * again instead of being lost behind a state that already has them; readers never saw the aborted ones.
   * When the commit's outcome is unknown, the state is also restored from Kafka before the next batch: if
   * the transaction did commit, the re-delivered records are then duplicates the trackers drop.
   */
  private async publishOrRollBack(
    partition: number,
    alerts: Alert[],
    changed: Set<string>,
    before: Map<string, StoredStatus | null>,
    deadLetters: Message[] = [],
    offset?: string,
  ): Promise<void> {
    try {
      await this.publish(partition, alerts, changed, deadLetters, offset);
    } catch (err) {
      if (err instanceof TransactionOutcomeUnknownError) this.reloadNeeded = true;
      for (const [vehicleId, status] of before) {
        if (status) this.tracker(vehicleId, status);
        else this.trackers.delete(vehicleId);
        if (status?.source) this.sources.set(vehicleId, status.source);
        else this.sources.delete(vehicleId);
      }
      this.stats.rollbacks++;
      log.warn({ vehicles: before.size, err: (err as Error).message }, 'alerts/status not produced: state rolled back, the batch will be retried');
      throw err;
    }
  }

  private async publish(partition: number, alerts: Alert[], changed: Set<string>, deadLetters: Message[], offset?: string): Promise<void> {
    const headers = (version: number) => ({ [SCHEMA_VERSION_HEADER]: String(version), 'content-type': 'application/json' });
    const statuses: StoredStatus[] = [];
    const positions = new Map<string, StatusPosition[]>();
    const statusMessages: Message[] = [...changed].map((vehicleId) => {
      const source = this.sources.get(vehicleId);
      const tracker = this.trackers.get(vehicleId)!;
      const value = { ...tracker.status(), ...(source ? { source } : {}) };
      statuses.push(value);
      positions.set(vehicleId, tracker.takeProcessed());
      return { key: vehicleId, value: JSON.stringify(value), headers: headers(STATUS_SCHEMA_VERSION) };
    });
    const alertMessages: Message[] = alerts.map((a) => ({ key: a.vehicleId, value: JSON.stringify(a), headers: headers(ALERT_SCHEMA_VERSION) }));
    // One transaction: the alerts, the status that records them as raised, the dead letters and the batch's offset
    // are all read_committed readers see, or none of them is. A former owner of the partition cannot commit
    // after this instance fenced it, so no alert is raised by two members.
    const timer = this.transactionSeconds.startTimer();
    try {
      await this.transactions!.commit(
        partition,
        [
          { topic: this.options.deadLetterTopic, messages: deadLetters },
          { topic: this.options.alertsTopic, messages: alertMessages },
          { topic: this.options.statusTopic, messages: statusMessages },
        ],
        offset,
      );
    } catch (err) {
      timer({ outcome: 'failed' });
      throw err;
    }
    timer({ outcome: 'committed' });
    this.stats.invalid += deadLetters.length;
    this.stats.alerts += alerts.length;
    this.stats.statusWrites += statusMessages.length;
    for (const alert of alerts) this.noteAlert(alert);
    if (changed.size > 0) {
      this.emit('update', [...changed]);
      this.emit('statuses', statuses);
      this.emit('positions', positions);
    }
  }
}
