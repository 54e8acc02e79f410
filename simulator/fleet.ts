import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { getLogger, type Logger } from '../common/logger.js';
import { UserError } from '../common/errors.js';
import type { AgentCoreConfig } from '../agent/agent-core.js';
import { scaledClock, type Clock, type TimerHandle } from '../agent/clock.js';
import type { BufferStats } from '../agent/position-buffer.js';
import type { TruckCredential } from './credentials.js';
import { drivingProfileOf, type DrivingChoice, type DrivingProfileName } from './driving-profiles.js';
import { faultActive, NO_FAULTS, truckFaultPlan, type FaultSchedule } from './faults.js';
import { Histogram } from './histogram.js';
import { unitHash } from './shard.js';
import { TRIP_DEFAULTS, type Trip } from './trip.js';
import { VirtualTruck } from './truck.js';
import type { FleetNetwork } from './truck-network.js';

export type BufferMode = 'sqlite' | 'memory';

export const FLEET_DEFAULTS = {
  speedup: 1,
  buffer: 'sqlite' as BufferMode,
  /** How often (wall clock) the fleet feeds due fixes to its trucks. */
  tickMs: 100,
  /** After the drive, how long (wall clock) trucks get to upload their backlog. */
  drainTimeoutMs: 60_000,
  /** Level of the agents' own logs (thousands of agents at `info` would drown the terminal). */
  agentLogLevel: 'error',
  gpsIntervalMs: TRIP_DEFAULTS.gpsIntervalMs,
  /** Trucks switch on at deterministic moments spread over this much simulated time (a fleet never starts in one millisecond). */
  startSpreadMs: 5_000,
  /** After the drive, NMEA still on its way through a PTY truck's serial line gets this long (wall) to reach its agent. */
  ptySettleMs: 500,
};

/** Stops and restarts Kafka for `kafka-stop` faults (the simulator does not own the broker otherwise). */
export interface KafkaControl {
  stop(): Promise<void>;
  start(): Promise<void>;
}

export interface FleetOptions {
  /** Truck numbers this process drives (its shard). */
  trucks: number[];
  credentials: Map<number, TruckCredential>;
  trips: Trip[];
  gateway: string;
  /** Simulated driving time; undefined = until `stop()` (only at --speedup 1). */
  durationMs?: number;
  speedup?: number;
  buffer?: BufferMode;
  /** Directory of the per-truck SQLite files (buffer 'sqlite'). */
  bufferDir?: string;
  faults?: FaultSchedule;
  kafkaControl?: KafkaControl;
  drainTimeoutMs?: number;
  tickMs?: number;
  startSpreadMs?: number;
  /** The first K trucks of this process run over real PTYs (full serial path). */
  ptyTrucks?: number;
  agentLogLevel?: string;
  core?: Pick<AgentCoreConfig, 'driving' | 'speedZones' | 'sampler' | 'uploader' | 'buffer'>;
  /** How the trucks' drivers drive (simulator/driving-profiles.ts); default: every trip as recorded. */
  driving?: DrivingChoice;
  logger?: Logger;
}

export type FleetPhase = 'starting' | 'driving' | 'draining' | 'done';

/** A cheap aggregate for the live view, computed from counters (no database reads). */
export interface FleetSnapshot {
  phase: FleetPhase;
  atMs: number;
  /** Simulated ms since the fleet started driving. */
  simElapsedMs: number;
  durationMs?: number;
  speedup: number;
  trucks: number;
  trucksActive: number;
  trucksOutOfCoverage: number;
  fixes: number;
  recorded: number;
  acked: number;
  buffered: number;
  ackedBatches: number;
  failedRequests: number;
  restarts: number;
  batchAckMs: { p50: number | null; p99: number | null };
  fixToAckMs: { p50: number | null; p99: number | null };
  errors: Record<string, number>;
  faultsActive: string[];
}

export interface TruckResult {
  number: number;
  vehicleId: string;
  tripId: string;
  tripInterpolated: boolean;
  phaseMs: number;
  epoch: string;
  counters: VirtualTruck['counters'];
  failedRequests: number;
  ackedThroughSeq: number;
  buffer: BufferStats;
  unsentSeqs: number[];
  fixToAck: Histogram;
  batchAck: Histogram;
  errors: Record<string, number>;
  /** Fixes the agent's plausibility stage rejected as glitches, by reason. */
  rejectedFixes: Record<string, number>;
  drivingProfile: DrivingProfileName;
  /** Driving events the agent recorded, by kind. */
  drivingEvents: Record<string, number>;
}

export interface FleetResult {
  startedAtMs: number;
  simStartMs: number;
  drivenMs: number;
  wallMs: number;
  drainMs: number;
  drained: boolean;
  interrupted: boolean;
  trucks: TruckResult[];
}

/** A Clock that reads a fixed start time until released onto a running clock (timers are only set once it runs). */
class HeldClock implements Clock {
  private running: Clock | undefined;
  private heldAtMs = 0;

  hold(atMs: number): void {
    this.heldAtMs = atMs;
  }

  release(clock: Clock): void {
    this.running = clock;
  }

  now(): number {
    return this.running ? this.running.now() : this.heldAtMs;
  }

  setTimeout(fn: () => void, delayMs: number): TimerHandle {
    if (!this.running) throw new Error('the fleet clock is not running yet');
    return this.running.setTimeout(fn, delayMs);
  }
}

/**
 * A fleet of virtual trucks on one sped-up clock. One wall-clock ticker feeds every truck
 * the fixes due on the simulated clock (whole GPS seconds, in order); everything else
 * (commits, upload interval, backoff) runs on the agents' own timers on that clock.
 *
 * The simulated clock starts `durationMs` in the past and reaches the present when the
 * drive ends, so fix times are never in the gateway's future, whatever the speedup.
 */
export class Fleet {
  readonly speedup: number;
  readonly clock: Clock;
  readonly simStartMs: number;
  readonly trucks: VirtualTruck[] = [];
  private readonly options: FleetOptions & typeof FLEET_DEFAULTS;
  private readonly network: FleetNetwork = { gatewayDown: false };
  private readonly log: Logger;
  private phase: FleetPhase = 'starting';
  private ticker: NodeJS.Timeout | undefined;
  private stopRequested = false;
  private wakeUp: (() => void) | undefined;
  private kafkaStopped = false;
  private kafkaBusy: Promise<void> = Promise.resolve();
  private readonly startedAtMs = Date.now();
  /** The agents' clock; stands still at the start until `run()` has opened every buffer. */
  private readonly fleetClock = new HeldClock();

  constructor(options: FleetOptions) {
    // Options given as undefined keep their defaults.
    const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as FleetOptions;
    this.options = { ...FLEET_DEFAULTS, ...given } as FleetOptions & typeof FLEET_DEFAULTS;
    const o = this.options;
    this.log = o.logger ?? getLogger('simulator');
    this.speedup = o.speedup;
    if (!(this.speedup > 0)) throw new UserError(`--speedup must be > 0, got ${this.speedup}.`, 'e.g. --speedup 60 drives an hour in a minute.');
    if (this.speedup > 1 && o.durationMs === undefined) {
      throw new UserError('A sped-up run needs --duration.', 'The simulated clock is placed in the past so that fix times never lie in the future; give the driving time, e.g. --duration 1h.');
    }
    const faults = o.faults ?? NO_FAULTS;
    if (faults.faults.some((f) => f.kind === 'kafka-stop') && !o.kafkaControl) {
      throw new UserError('The fault schedule stops Kafka, but this run does not manage the broker.', 'Pass --kafka-dir DIR of a broker started with `telematics kafka up --dir DIR` (the simulator stops and restarts it).');
    }
    if (faults.faults.some((f) => f.kind === 'restart') && o.buffer === 'memory') {
      throw new UserError('Agent restarts need the SQLite file buffer: an in-memory buffer does not survive a restart.', 'Use --buffer sqlite, or drop the "restart" faults.');
    }
    const now = Math.floor(Date.now() / 1000) * 1000;
    this.simStartMs = o.durationMs !== undefined && this.speedup > 1 ? now - o.durationMs : now;
    this.fleetClock.hold(this.simStartMs);
    this.clock = this.fleetClock;
    const agentLog = this.log.child({ component: 'agent' }, { level: o.agentLogLevel });
    if (o.buffer === 'sqlite') mkdirSync(o.bufferDir ?? '.', { recursive: true });
    for (const n of o.trucks) {
      const credential = o.credentials.get(n);
      if (!credential) throw new Error(`no credential for truck ${n}`);
      const trip = o.trips[n % o.trips.length]!;
      this.trucks.push(
        new VirtualTruck({
          number: n,
          credential,
          trip,
          // Whole seconds, from the truck number only: the same truck starts at the same place in every shard layout.
          phaseMs: Math.floor((unitHash(faults.seed, n, 0x7a5e) * trip.durationMs) / 1000) * 1000,
          plan: truckFaultPlan(faults, n),
          dbPath: o.buffer === 'memory' ? ':memory:' : join(o.bufferDir!, `${credential.vehicleId}.db`),
          gateway: o.gateway,
          clock: this.clock,
          fleetStartMs: this.simStartMs,
          startAtMs: this.simStartMs + Math.floor(unitHash(faults.seed, n, 0x57a7) * (o.startSpreadMs / 1000)) * 1000,
          fleetNetwork: this.network,
          logger: agentLog,
          core: o.core,
          gpsIntervalMs: o.gpsIntervalMs,
          pty: this.trucks.length < (o.ptyTrucks ?? 0),
          driving: drivingProfileOf(o.driving ?? 'recorded', faults.seed, n),
        }),
      );
    }
  }

  get endMs(): number | undefined {
    return this.options.durationMs === undefined ? undefined : this.simStartMs + this.options.durationMs;
  }

  /** Ends the drive early (Ctrl-C): the trucks then drain as at a normal end. */
  stop(): void {
    this.stopRequested = true;
    this.wakeUp?.();
  }

  snapshot(): FleetSnapshot {
    const s: FleetSnapshot = {
      phase: this.phase,
      atMs: Date.now(),
      simElapsedMs: Math.min(this.clock.now(), this.endMs ?? Infinity) - this.simStartMs,
      durationMs: this.options.durationMs,
      speedup: this.speedup,
      trucks: this.trucks.length,
      trucksActive: 0,
      trucksOutOfCoverage: 0,
      fixes: 0,
      recorded: 0,
      acked: 0,
      buffered: 0,
      ackedBatches: 0,
      failedRequests: 0,
      restarts: 0,
      batchAckMs: { p50: null, p99: null },
      fixToAckMs: { p50: null, p99: null },
      errors: {},
      faultsActive: this.activeFaults(),
    };
    const batchAck = new Histogram();
    const fixToAck = new Histogram();
    for (const t of this.trucks) {
      if (t.running) s.trucksActive++;
      if (!t.covered) s.trucksOutOfCoverage++;
      const c = t.counters;
      s.fixes += c.fixes;
      s.recorded += c.recorded;
      s.acked += c.acked;
      s.ackedBatches += c.ackedBatches;
      s.failedRequests += t.failedRequests;
      s.restarts += c.restarts;
      s.buffered += t.unacked;
      batchAck.merge(t.batchAck);
      fixToAck.merge(t.fixToAck);
      for (const [k, v] of t.errors) s.errors[k] = (s.errors[k] ?? 0) + v;
    }
    s.batchAckMs = { p50: batchAck.summary().p50, p99: batchAck.summary().p99 };
    s.fixToAckMs = { p50: fixToAck.summary().p50, p99: fixToAck.summary().p99 };
    return s;
  }

  /** Drives the fleet to the end (or `stop()`), drains, closes every agent and returns the raw results. */
  async run(): Promise<FleetResult> {
    for (let i = 0; i < this.trucks.length; i++) {
      await this.trucks[i]!.open();
      // Let timers and I/O breathe while thousands of buffers open.
      if (i % 200 === 199) await new Promise((r) => setImmediate(r));
    }
    this.fleetClock.release(scaledClock(this.speedup, this.simStartMs));
    this.phase = 'driving';
    this.log.info({ trucks: this.trucks.length, speedup: this.speedup, durationMs: this.options.durationMs, buffer: this.options.buffer }, 'fleet driving');
    await new Promise<void>((resolve) => {
      this.wakeUp = resolve;
      this.ticker = setInterval(() => {
        if (this.tick()) resolve();
      }, this.options.tickMs);
    });
    clearInterval(this.ticker);
    const drivenMs = Math.min(this.clock.now(), this.endMs ?? Infinity) - this.simStartMs;
    // Every fault ends with the drive, so the backlog can drain.
    this.network.gatewayDown = false;
    for (const t of this.trucks) t.restoreCoverage();
    if (this.kafkaStopped) await this.setKafka(false);
    await this.kafkaBusy;
    if (this.trucks.some((t) => t.pty)) await new Promise((r) => setTimeout(r, this.options.ptySettleMs));
    // The drive is over (the engines stop): events still open end now, and drain with the positions.
    for (const t of this.trucks) t.endDrive();
    this.phase = 'draining';
    const drainStart = Date.now();
    const drained = await this.drain();
    const drainMs = Date.now() - drainStart;
    const trucks: TruckResult[] = [];
    for (const t of this.trucks) {
      const { buffer, unsentSeqs } = await t.finish();
      trucks.push({
        number: t.number,
        vehicleId: t.vehicleId,
        tripId: t.tripId,
        tripInterpolated: t.tripInterpolated,
        phaseMs: t.phaseMs,
        epoch: t.epoch,
        counters: { ...t.counters },
        failedRequests: t.failedRequests,
        ackedThroughSeq: t.ackedThroughSeq,
        buffer,
        unsentSeqs,
        fixToAck: t.fixToAck,
        batchAck: t.batchAck,
        errors: Object.fromEntries(t.errors),
        rejectedFixes: t.rejectedFixes,
        drivingProfile: t.drivingProfile,
        drivingEvents: t.drivingEvents,
      });
    }
    this.phase = 'done';
    return { startedAtMs: this.startedAtMs, simStartMs: this.simStartMs, drivenMs, wallMs: Date.now() - this.startedAtMs, drainMs, drained, interrupted: this.stopRequested, trucks };
  }

  /** One tick: fleet faults, then every truck's due fixes. Returns true when the drive is over. */
  private tick(): boolean {
    const now = this.clock.now();
    const end = this.endMs ?? Infinity;
    const simNow = Math.min(now, end);
    const tS = (simNow - this.simStartMs) / 1000;
    const faults = this.options.faults?.faults ?? [];
    const gatewayDown = faults.some((f) => f.kind === 'gateway-down' && faultActive(f, tS));
    if (gatewayDown && !this.network.gatewayDown) for (const t of this.trucks) t.cutLink();
    this.network.gatewayDown = gatewayDown;
    const kafkaDown = faults.some((f) => f.kind === 'kafka-stop' && faultActive(f, tS));
    if (kafkaDown !== this.kafkaStopped) void this.setKafka(kafkaDown);
    for (const t of this.trucks) t.advance(simNow);
    return this.stopRequested || now >= end;
  }

  private setKafka(down: boolean): Promise<void> {
    this.kafkaStopped = down;
    const control = this.options.kafkaControl!;
    this.kafkaBusy = this.kafkaBusy
      .then(() => (down ? control.stop() : control.start()))
      .then(() => this.log.warn({ kafka: down ? 'stopped' : 'started' }, down ? 'fault: Kafka stopped' : 'fault over: Kafka started'))
      .catch((err: unknown) => this.log.error({ err }, `could not ${down ? 'stop' : 'start'} Kafka`));
    return this.kafkaBusy;
  }

  private activeFaults(): string[] {
    const tS = (Math.min(this.clock.now(), this.endMs ?? Infinity) - this.simStartMs) / 1000;
    return (this.options.faults?.faults ?? []).filter((f) => (f.kind === 'restart' ? false : faultActive(f, tS))).map((f) => (f.kind === 'coverage' || f.kind === 'gps-outage' ? `${f.kind} ${Math.round(f.share * 100)}%` : f.kind));
  }

  /** Waits until every recorded position is acknowledged (or the drain timeout). */
  private async drain(): Promise<boolean> {
    const deadline = Date.now() + this.options.drainTimeoutMs;
    for (const t of this.trucks) t.nudge();
    for (;;) {
      // Restarts in progress and group commits still waiting count as not drained; quarantined positions are never acked but no longer buffered.
      if (this.trucks.every((t) => !t.settling && (t.unacked === 0 || t.bufferedNow() === 0))) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
