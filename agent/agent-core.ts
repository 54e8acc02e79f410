import type http from 'node:http';
import { getLogger, type Logger } from '../common/logger.js';
import { VERSION } from '../common/version.js';
import type { Fix } from '../hw/fix.js';
import type { DrivingEvent } from '../protocol/driving-event.js';
import type { SpeedZone } from '../protocol/speed-zones.js';
import { copyOptionalFields } from '../protocol/position.js';
import { systemClock, type Clock, type TimerHandle } from './clock.js';
import { DrivingEventDetector, type DrivingEventCounts, type DrivingEventOptions } from './driving-events.js';
import { PlausibilityFilter, type PlausibilityCounts, type PlausibilityFilterOptions } from './plausibility.js';
import { PositionBuffer, type BufferStats, type PositionBufferOptions } from './position-buffer.js';
import { Sampler, toTimedFix, type MovementState, type RecordReason, type SamplerCounts, type SamplerOptions } from './sampler.js';
import { Uploader, type UplinkStatus, type UploadObserver, type UploaderOptions } from './uploader.js';

/** Source-specific receiver health (serial device, NMEA counters); absent fields are unknown. */
export interface ReceiverStatus {
  kind: string;
  device?: string;
  baud?: number | null;
  baudSetting?: number | 'auto';
  /** e.g. open, connecting, hunting, outage. */
  state: string;
  lastError?: string | null;
  outages?: number;
  lastSentenceAtMs?: number;
  sentencesPerSec?: number;
  sentences?: number;
  checksumErrors?: number;
  droppedLines?: number;
  /** The receiver's sky view, in gpsd SKY's names (PRN, ss = C/N0 in dB-Hz, used), when it reports one (GSV). */
  satellites?: { PRN: number; ss?: number; used: boolean }[];
}

/**
 * Where fixes come from: the serial GPS in a truck, a trip replay or a simulator in
 * tests. The core calls `start` with its fix handler and `stop` on shutdown.
 */
export interface FixSource {
  start(onFix: (fix: Fix) => void): void | Promise<void>;
  stop(): void | Promise<void>;
  status?(): ReceiverStatus;
}

export const AGENT_CORE_DEFAULTS = {
  /** The core's own liveness tick; the watchdog is fed only while it keeps running. */
  tickMs: 5_000,
};

export interface AgentCoreConfig {
  vehicleId: string;
  /** Gateway base URL (POST {gateway}/v1/positions). */
  gateway: string;
  token: string;
  /** PEM of the CA certificate(s) an https gateway's certificate must chain to, trusted instead of the system's (`--ca-file`). */
  gatewayCa?: string;
  /** SQLite buffer file (one per vehicle). */
  dbPath: string;
  source?: FixSource;
  clock?: Clock;
  logger?: Logger;
  /** Shared HTTP connection pool (a simulator runs many cores over a bounded pool). */
  httpAgent?: http.Agent;
  /** The plausibility stage's limits (PLAUSIBILITY_FILTER_DEFAULTS, a truck's). */
  plausibility?: Partial<PlausibilityFilterOptions>;
  /** The driving-event detector's thresholds (DRIVING_EVENT_DEFAULTS, a loaded truck's). */
  driving?: Partial<DrivingEventOptions>;
  /** Areas with their own speed limit, judged by the detector (from the plan: protocol/speed-zones.ts). */
  speedZones?: readonly SpeedZone[];
  sampler?: Partial<SamplerOptions>;
  buffer?: Partial<Omit<PositionBufferOptions, 'clock' | 'logger' | 'vehicleId'>>;
  uploader?: Partial<UploaderOptions>;
  /** Hooks on the uploader's acknowledged batches and failed requests (a simulator's latency and error counts). */
  uploadObserver?: UploadObserver;
  tickMs?: number;
}

export interface GpsStatus {
  receiver?: ReceiverStatus;
  fixes: number;
  lastFix?: Fix;
  /** Agent clock when the last fix (any mode) arrived. */
  lastFixAtMs?: number;
  lastValidFixAtMs?: number;
  /** System clock minus GPS time at the last valid fix, ms (includes the receiver's output latency, ~0.1–0.5 s). */
  clockOffsetMs?: number;
}

export interface AgentStatus {
  version: string;
  vehicleId: string;
  startedAtMs: number;
  uptimeMs: number;
  atMs: number;
  running: boolean;
  gps: GpsStatus;
  /** Fixes the plausibility stage accepted, held (static navigation) and rejected, by reason. */
  plausibility: PlausibilityCounts;
  /** Driving events found (and recorded), by kind. */
  drivingEvents: DrivingEventCounts;
  sampler: { movement: MovementState; lastReason?: RecordReason; lastRecordedTimeMs?: number } & SamplerCounts;
  buffer: BufferStats;
  uplink: UplinkStatus;
  health: { alive: boolean; problems: string[] };
}

/**
 * The agent as a library: FixSource → PlausibilityFilter → (DrivingEventDetector, Sampler) → PositionBuffer → Uploader. No globals,
 * no signal handlers, all timing from the injected Clock, so many cores can share one
 * process (the fleet simulator) and the CLI stays a thin shell.
 */
export class AgentCore {
  readonly vehicleId: string;
  readonly plausibility: PlausibilityFilter;
  readonly driving: DrivingEventDetector;
  readonly sampler: Sampler;
  readonly buffer: PositionBuffer;
  readonly uploader: Uploader;
  private readonly config: AgentCoreConfig;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly tickMs: number;
  private tickTimer: TimerHandle | undefined;
  private lastTickAtMs: number | undefined;
  private startedAtMs: number;
  private running = false;
  private gps: GpsStatus = { fixes: 0 };

  /** Opens the buffer (throws UserError when it cannot be used); nothing runs before `start`. */
  constructor(config: AgentCoreConfig) {
    this.config = config;
    this.vehicleId = config.vehicleId;
    this.clock = config.clock ?? systemClock;
    this.log = config.logger ?? getLogger('agent');
    this.tickMs = config.tickMs ?? AGENT_CORE_DEFAULTS.tickMs;
    this.startedAtMs = this.clock.now();
    this.plausibility = new PlausibilityFilter(config.plausibility);
    this.driving = new DrivingEventDetector(config.driving, config.speedZones);
    this.sampler = new Sampler(config.sampler);
    this.buffer = new PositionBuffer(config.dbPath, {
      ...config.buffer,
      clock: this.clock,
      logger: this.log.child({ part: 'buffer' }),
      vehicleId: config.vehicleId,
    });
    this.uploader = new Uploader(
      {
        gateway: config.gateway,
        token: config.token,
        ca: config.gatewayCa,
        buffer: this.buffer,
        clock: this.clock,
        logger: this.log.child({ part: 'uploader' }),
        agent: config.httpAgent,
        observer: config.uploadObserver,
      },
      config.uploader,
    );
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.startedAtMs = this.clock.now();
    this.tick();
    this.uploader.start();
    await this.config.source?.start((fix) => this.pushFix(fix));
    this.log.info({ vehicleId: this.vehicleId, epoch: this.buffer.epoch, gateway: this.config.gateway }, 'agent started');
  }

  /**
   * Feeds one fix (from the source, or directly from a simulator). Returns why it was recorded, or
   * null. A glitch the plausibility stage rejects is counted there and never reaches the sampler:
   * it takes no seq, so downstream sees no gap.
   */
  pushFix(fix: Fix): RecordReason | null {
    const now = this.clock.now();
    this.gps.fixes++;
    this.gps.lastFix = fix;
    this.gps.lastFixAtMs = now;
    const timed = toTimedFix(fix);
    if (timed) {
      this.gps.lastValidFixAtMs = now;
      this.gps.clockOffsetMs = now - timed.timeMs;
    }
    const verdict = timed && this.plausibility.judge(timed);
    if (verdict && 'rejected' in verdict) {
      this.log.debug({ reason: verdict.rejected, time: fix.time, lat: fix.lat, lon: fix.lon, speed: fix.speed }, 'fix rejected as implausible');
      return null;
    }
    if (verdict && this.running && this.driving.options.enabled) for (const event of this.driving.offer(verdict.fix)) this.recordEvent(event);
    const decision = this.sampler.offer(verdict?.fix);
    if (!decision || !this.running) return null;
    const f = decision.fix;
    this.buffer.append(copyOptionalFields(f, { timeMs: f.timeMs, lat: f.lat, lon: f.lon }));
    return decision.reason;
  }

  /** The fixes stop (the agent stops, the engine is switched off): driving events still open end now and are recorded. */
  endDrivingEvents(): void {
    for (const event of this.driving.flush()) this.recordEvent(event);
  }

  /** An event is recorded in the buffer as a record of its own (its own seq): the same upload, gateway and dedup as positions. */
  private recordEvent(event: DrivingEvent): void {
    const { peakTimeMs, lat, lon, ...details } = event;
    this.log.info({ kind: event.kind, start: new Date(event.startMs).toISOString(), peak: event.peak, threshold: event.threshold }, 'driving event');
    this.buffer.append({ timeMs: peakTimeMs, lat, lon, event: details });
  }

  /**
   * Alive means the core's loop runs and no upload hangs past its timeout: what a
   * restart could fix. A missing receiver or a down gateway is not (they are retried
   * in place), and a full disk is not either (a restart would lose the positions held in memory).
   */
  health(): { alive: boolean; problems: string[] } {
    const now = this.clock.now();
    const problems: string[] = [];
    if (!this.running) problems.push('not running');
    if (this.lastTickAtMs === undefined || now - this.lastTickAtMs > 3 * this.tickMs) problems.push('core loop stalled');
    if (this.uploader.stuck()) problems.push('upload request hangs past its timeout');
    return { alive: problems.length === 0, problems };
  }

  status(): AgentStatus {
    const now = this.clock.now();
    return {
      version: VERSION,
      vehicleId: this.vehicleId,
      startedAtMs: this.startedAtMs,
      uptimeMs: now - this.startedAtMs,
      atMs: now,
      running: this.running,
      gps: { ...this.gps, receiver: this.config.source?.status?.() },
      plausibility: this.plausibility.status(),
      drivingEvents: this.driving.status(),
      sampler: this.sampler.status(),
      buffer: this.buffer.stats(),
      uplink: this.uploader.status(),
      health: this.health(),
    };
  }

  /** Graceful stop: the source stops, the upload in flight finishes, waiting positions are committed, the DB closes. */
  async stop(): Promise<void> {
    const wasRunning = this.running;
    this.running = false;
    this.tickTimer?.cancel();
    if (wasRunning) await this.config.source?.stop();
    if (wasRunning) this.endDrivingEvents();
    await this.uploader.stop();
    this.buffer.close();
    this.log.info({ vehicleId: this.vehicleId }, 'agent stopped');
  }

  private tick(): void {
    this.lastTickAtMs = this.clock.now();
    this.tickTimer = this.clock.setTimeout(() => this.tick(), this.tickMs);
  }
}
