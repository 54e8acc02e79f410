import type { Admin, Consumer, Kafka } from 'kafkajs';
import { getLogger } from '../common/logger.js';

const log = getLogger('monitor.health');

export const CONSUMER_HEALTH_DEFAULTS = {
  /** How often the group's lag is read from Kafka (its committed offsets against the partitions' ends). */
  lagCheckMs: 5_000,
  /** Records waiting and nothing committed for this long: the consumer is stalled (not ready). Also how stale the lag may get. */
  stallMs: 60_000,
};

export type ConsumerHealthOptions = typeof CONSUMER_HEALTH_DEFAULTS & {
  /** Which consumer, in logs: `monitor`, `driver scores`. */
  name: string;
  groupId: string;
  topic: string;
  /** A partition without a committed offset is read from its beginning (else from its end: nothing waits). */
  fromBeginning: boolean;
};

export interface Readiness {
  ready: boolean;
  /** Why not, in words. */
  reason?: string;
}

/** Where the consumer is, from kafkajs's events. */
type ConsumerState = { kind: 'starting' } | { kind: 'running' } | { kind: 'restarting'; error: string } | { kind: 'crashed'; error: string } | { kind: 'stopped' };

/**
 * Whether a monitor's consumer is making progress, so a stall is visible (`/readyz`, the lag
 * metric) instead of a process that serves stale data while its consumer is dead or stuck.
 * Lag = records of this member's partitions past the group's committed offsets, read from
 * Kafka every `lagCheckMs`, so it keeps growing while the consumer is gone. Ready = the
 * consumer runs (joined, not crashed), the lag could be read lately, and no records have
 * waited for `stallMs` without a commit.
 */
export class ConsumerHealth {
  /** Records waiting in this member's partitions at the last check; undefined before the first. */
  lag: number | undefined;
  private state: ConsumerState = { kind: 'starting' };
  private readonly startedAtMs = Date.now();
  private progressAtMs = Date.now();
  private lagCheckedAtMs: number | undefined;
  private lagError: string | undefined;
  private admin: Admin | undefined;
  private checking = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: ConsumerHealthOptions,
    /** The partitions this member owns now. */
    private readonly assigned: () => ReadonlySet<number>,
  ) {}

  /** Follows the consumer's state; call before `consumer.run`. */
  watch(consumer: Consumer): void {
    consumer.on(consumer.events.GROUP_JOIN, () => (this.state = { kind: 'running' }));
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      const error = payload.error.message;
      this.state = payload.restart ? { kind: 'restarting', error } : { kind: 'crashed', error };
      const consumerName = this.options.name;
      if (payload.restart) log.warn({ consumer: consumerName, err: error }, 'consumer crashed; kafkajs restarts it');
      else log.error({ consumer: consumerName, err: error }, 'consumer crashed for good: not ready until the monitor is restarted');
    });
    consumer.on(consumer.events.STOP, () => {
      if (this.state.kind !== 'crashed') this.state = { kind: 'stopped' };
    });
  }

  /** Reads the lag now and then every `lagCheckMs`. */
  start(): void {
    void this.checkLag();
    this.timer = setInterval(() => void this.checkLag(), this.options.lagCheckMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.admin?.disconnect().catch(() => undefined);
    this.admin = undefined;
  }

  /** A batch's offsets were committed. */
  committed(atMs = Date.now()): void {
    this.progressAtMs = atMs;
  }

  readiness(nowMs = Date.now()): Readiness {
    const s = this.state;
    if (s.kind === 'crashed') return { ready: false, reason: `the consumer stopped after an error: ${s.error}` };
    if (s.kind === 'restarting') return { ready: false, reason: `the consumer is restarting after an error: ${s.error}` };
    if (s.kind === 'stopped') return { ready: false, reason: 'the consumer is stopped' };
    if (s.kind === 'starting') return { ready: false, reason: 'the consumer has not joined its group yet' };
    const stall = this.options.stallMs;
    const checkedAtMs = this.lagCheckedAtMs ?? this.startedAtMs;
    if (nowMs - checkedAtMs > stall) return { ready: false, reason: `the group's offsets could not be read for ${Math.round((nowMs - checkedAtMs) / 1000)} s${this.lagError ? `: ${this.lagError}` : ''}` };
    if (this.lag !== undefined && this.lag > 0 && nowMs - this.progressAtMs > stall) {
      return { ready: false, reason: `stalled: ${this.lag} records waiting and nothing committed for ${Math.round((nowMs - this.progressAtMs) / 1000)} s` };
    }
    return { ready: true };
  }

  private async checkLag(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    const { topic, groupId } = this.options;
    try {
      const admin = await this.connectedAdmin();
      const [ends, groups] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
      const committed = new Map((groups.find((g) => g.topic === topic)?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
      const assigned = this.assigned();
      let lag = 0n;
      for (const p of ends) {
        if (!assigned.has(p.partition)) continue;
        const at = committed.get(p.partition) ?? -1n;
        const from = at >= 0n ? at : this.options.fromBeginning ? BigInt(p.low) : BigInt(p.high);
        if (BigInt(p.high) > from) lag += BigInt(p.high) - from;
      }
      const now = Date.now();
      this.lag = Number(lag);
      this.lagCheckedAtMs = now;
      this.lagError = undefined;
      if (lag === 0n) this.progressAtMs = now;
    } catch (err) {
      this.lagError = (err as Error).message;
      log.warn({ consumer: this.options.name, groupId, err: this.lagError }, "cannot read the consumer group's lag");
      await this.admin?.disconnect().catch(() => undefined);
      this.admin = undefined;
    } finally {
      this.checking = false;
    }
  }

  private async connectedAdmin(): Promise<Admin> {
    if (this.stopped) throw new Error('stopped');
    if (!this.admin) {
      const admin = this.kafka.admin({ retry: { retries: 1 } });
      await admin.connect();
      if (this.stopped) {
        await admin.disconnect();
        throw new Error('stopped');
      }
      this.admin = admin;
    }
    return this.admin;
  }
}
