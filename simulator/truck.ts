import { EARTH_RADIUS_M } from '../common/geo.js';
import type { Logger } from '../common/logger.js';
import type { Fix } from '../hw/fix.js';
import { formatIsoTimeMs } from '../protocol/iso-time.js';
import { AgentCore, type AgentCoreConfig } from '../agent/agent-core.js';
import { SerialFixSource } from '../agent/serial-source.js';
import { renderEpoch } from '../hw/virtual/nmea-render.js';
import { VirtualSerial } from '../hw/virtual/virtual-serial.js';
import type { Clock } from '../agent/clock.js';
import type { BufferStats } from '../agent/position-buffer.js';
import type { BatchAcknowledgement, UploadObserver, UploadResult } from '../agent/uploader.js';
import type { RejectReason } from '../agent/plausibility.js';
import type { TruckCredential } from './credentials.js';
import type { DrivingEventCounts } from '../agent/driving-events.js';
import { DRIVING_PROFILES, DriveClock, type DrivingProfileName } from './driving-profiles.js';
import { GLITCH_JUMP_M, inWindows, type TruckFaultPlan } from './faults.js';
import { Histogram } from './histogram.js';
import { TripCursor, type Trip } from './trip.js';
import { TruckNetwork, errorKind, type FleetNetwork } from './truck-network.js';

/** A PTY has no line speed; the agent opens it as a 9600 Bd receiver, the common GPS default. */
const SIM_PTY_BAUD = 9600;

export interface TruckSetup {
  /** 0-based truck number in the whole fleet (across shards). */
  number: number;
  credential: TruckCredential;
  trip: Trip;
  /** Where in its trip the truck starts (ms after the trip's first point). */
  phaseMs: number;
  plan: TruckFaultPlan;
  /** SQLite file, or ':memory:' for the in-memory buffer. */
  dbPath: string;
  gateway: string;
  clock: Clock;
  /** Simulated time the fleet started driving: fault times count from here. */
  fleetStartMs: number;
  /** When this truck's agent starts (≥ fleetStartMs): trucks switch on spread out, not all in the same millisecond. */
  startAtMs: number;
  fleetNetwork: FleetNetwork;
  logger: Logger;
  core?: Pick<AgentCoreConfig, 'plausibility' | 'driving' | 'sampler' | 'uploader' | 'buffer'>;
  /** How the driver drives the trip (simulator/driving-profiles.ts). */
  driving: DrivingProfileName;
  gpsIntervalMs: number;
  /** Feed the agent through a real PTY (NMEA rendered from the trip → serial → hw/nmea → fixes) instead of `pushFix`. */
  pty?: boolean;
}

/** What the fleet reads from a truck (counters only grow). */
export interface TruckCounters {
  fixes: number;
  /** Positions the sampler recorded into the buffer. */
  recorded: number;
  /** Positions the gateway acknowledged (200: in Kafka). */
  acked: number;
  ackedBatches: number;
  restarts: number;
}

/**
 * One virtual truck: its trip replayed as 1 Hz fixes into a real AgentCore (sampler →
 * SQLite buffer → uploader → gateway), its cellular link, and its faults. The core is
 * the agent's own code; the truck only feeds it fixes, cuts its link and restarts it.
 */
export class VirtualTruck {
  readonly number: number;
  readonly vehicleId: string;
  readonly counters: TruckCounters = { fixes: 0, recorded: 0, acked: 0, ackedBatches: 0, restarts: 0 };
  /** Fix time → gateway ack, on the agent's (simulated) clock. */
  readonly fixToAck = new Histogram();
  /** Request → 200, wall-clock ms. */
  readonly batchAck = new Histogram();
  /** Failed upload requests by kind (see errorKind), counted as they happen. */
  readonly errors = new Map<string, number>();
  /** Highest seq the gateway acknowledged, for verification. */
  ackedThroughSeq = 0;
  epoch = '';
  private core: AgentCore | undefined;
  private readonly network: TruckNetwork;
  private readonly cursor: TripCursor;
  private readonly drive: DriveClock;
  /** Driving events the detectors of the cores before the current one found (a restart starts a core at 0). */
  private eventsBeforeRestart: Partial<DrivingEventCounts> = {};
  private nextFixMs: number;
  private nextRestart = 0;
  private started = false;
  private device: VirtualSerial | undefined;
  private recordedBeforeRestart = 0;
  private restarting: Promise<void> | undefined;
  private failedRequestCount = 0;
  /** The position of the last fix, and where a glitching receiver froze (fault gps-glitch). */
  private lastPosition: { lat: number; lon: number } | undefined;
  private frozenAt: { lat: number; lon: number } | undefined;
  /** Fixes the plausibility stages of the cores before the current one rejected (a restart starts a core at 0). */
  private rejectedBeforeRestart: Partial<Record<RejectReason, number>> = {};
  /** The uploader's hooks, shared by every core this truck runs (they survive restarts). */
  private readonly uploadObserver: UploadObserver = {
    onBatchAcknowledged: (ack) => this.onBatchAcknowledged(ack),
    onAttemptFailed: (attempt) => this.onAttemptFailed(attempt),
  };

  constructor(private readonly setup: TruckSetup) {
    this.number = setup.number;
    this.vehicleId = setup.credential.vehicleId;
    this.network = new TruckNetwork(setup.fleetNetwork);
    this.cursor = new TripCursor(setup.trip);
    this.drive = new DriveClock(DRIVING_PROFILES[setup.driving], setup.phaseMs, setup.fleetStartMs);
    this.nextFixMs = setup.startAtMs;
  }

  /** An agent restart is in progress. */
  get settling(): boolean {
    return this.restarting !== undefined;
  }

  get running(): boolean {
    return this.started && !this.restarting;
  }

  /**
   * Opens the agent core (its SQLite buffer), and the PTY of a PTY truck: done for every
   * truck before the clock starts, since opening costs milliseconds.
   */
  async open(): Promise<void> {
    if (this.setup.pty) this.device ??= await VirtualSerial.create();
    this.core ??= this.openCore();
  }

  /** Feeds the fixes due up to `simNowMs` (whole GPS seconds), applying coverage and restarts on the way; starts the agent when due. */
  advance(simNowMs: number): void {
    if (!this.started) {
      if (simNowMs < this.setup.startAtMs) return;
      this.started = true;
      this.core ??= this.openCore();
      void this.core.start();
    }
    while (this.nextFixMs <= simNowMs) {
      const tMs = this.nextFixMs;
      const tS = (tMs - this.setup.fleetStartMs) / 1000;
      const restartAt = this.setup.plan.restartsAtS[this.nextRestart];
      if (restartAt !== undefined && tS >= restartAt) {
        this.nextRestart++;
        this.restart();
      }
      this.network.setCoverage(!inWindows(this.setup.plan.coverage, tS));
      this.nextFixMs += this.setup.gpsIntervalMs;
      // While the agent process restarts, the receiver's fixes go nowhere (as on a real truck).
      if (this.restarting) continue;
      this.counters.fixes++;
      const fix = this.fixAt(tMs, tS);
      if (this.device) {
        // A receiver without a fix: nothing usable on the line for the outage.
        if (fix.mode >= 2) this.device.write(renderEpoch({ timeMs: tMs, lat: fix.lat!, lon: fix.lon!, speed: fix.speed, track: fix.track, altMSL: fix.altMSL }).join('\r\n') + '\r\n');
      } else if (this.core!.pushFix(fix) !== null) this.counters.recorded++;
    }
    this.countPtyRecords();
  }

  get pty(): boolean {
    return this.setup.pty === true;
  }

  /** PTY fixes reach the sampler asynchronously, through the serial port: count what it recorded. */
  private countPtyRecords(): void {
    if (this.device && this.core && !this.restarting) this.counters.recorded = this.recordedBeforeRestart + this.core.sampler.status().recorded;
  }

  /** Fixes the agent's plausibility stage rejected as glitches, by reason, over every agent run of this truck. */
  get rejectedFixes(): Partial<Record<RejectReason, number>> {
    const total = { ...this.rejectedBeforeRestart };
    if (this.core && !this.restarting) addCounts(total, this.core.plausibility.status().rejected);
    return total;
  }

  /** Driving events the agent recorded, by kind, over every agent run of this truck. */
  get drivingEvents(): Partial<DrivingEventCounts> {
    const total = { ...this.eventsBeforeRestart };
    if (this.core && !this.restarting) addCounts(total, this.core.driving.status());
    return total;
  }

  get drivingProfile(): DrivingProfileName {
    return this.setup.driving;
  }

  /** Failed upload requests, all kinds (see errors). */
  get failedRequests(): number {
    return this.failedRequestCount;
  }

  /** The drive is over: the agent's open driving events end now (they are uploaded in the drain). */
  endDrive(): void {
    if (!this.restarting) this.core?.endDrivingEvents();
  }

  /** Coverage back (the drive is over: a coverage fault that outlasts it must not keep the backlog in). */
  restoreCoverage(): void {
    this.network.setCoverage(true);
  }

  /** Cuts the link now (gateway going down); the uploader notices at its next request. */
  cutLink(): void {
    this.network.cut();
  }

  /**
   * Rows recorded (positions and driving events: both take a seq) but not yet acknowledged, from
   * the counters (cheap; the buffer is the truth at the end).
   */
  get unacked(): number {
    this.countPtyRecords();
    const events = Object.values(this.drivingEvents).reduce((sum, n) => sum + (n ?? 0), 0);
    return this.counters.recorded + events - this.counters.acked;
  }

  /** Stops uploading, then reads the buffer's final state and closes it. */
  async finish(): Promise<{ buffer: BufferStats; unsentSeqs: number[] }> {
    await this.restarting;
    const core = (this.core ??= this.openCore());
    if (this.device) this.counters.recorded = this.recordedBeforeRestart + core.sampler.status().recorded;
    await core.uploader.stop();
    core.buffer.commit();
    const buffer = core.buffer.stats();
    const unsentSeqs = core.buffer.oldest(Number.MAX_SAFE_INTEGER).map((p) => p.seq);
    await core.stop();
    await this.device?.close();
    this.network.destroy();
    return { buffer, unsentSeqs };
  }

  /** Positions the buffer still holds (database read: for the few trucks not yet drained). */
  bufferedNow(): number {
    if (!this.core || this.restarting) return Infinity;
    const stats = this.core.buffer.stats();
    return stats.depth + stats.pendingInMemory;
  }

  get covered(): boolean {
    return this.network.covered;
  }

  get phaseMs(): number {
    return this.setup.phaseMs;
  }

  get tripId(): string {
    return this.setup.trip.id;
  }

  get tripInterpolated(): boolean {
    return this.setup.trip.interpolated;
  }

  /** Uploads what is waiting now instead of at the next interval (end of the drive). */
  nudge(): void {
    this.core?.uploader.nudge();
  }

  /**
   * An agent restart: the link drops (a request in flight is cut, so the gateway may have
   * produced a batch the agent never saw acknowledged: it is resent and deduplicated),
   * the core stops and its in-memory state is gone; a new core reopens the same SQLite
   * file and goes on from what the buffer holds.
   */
  private restart(): void {
    if (!this.core || this.restarting) return;
    const old = this.core;
    this.counters.restarts++;
    this.network.cut();
    this.restarting = (async () => {
      await old.stop();
      addCounts(this.rejectedBeforeRestart, old.plausibility.status().rejected);
      addCounts(this.eventsBeforeRestart, old.driving.status());
      if (this.device) this.recordedBeforeRestart += old.sampler.status().recorded;
      this.core = this.openCore();
      await this.core.start();
    })()
      .catch((err: unknown) => this.setup.logger.error({ err, vehicleId: this.vehicleId }, 'agent restart failed'))
      .finally(() => (this.restarting = undefined));
  }

  private openCore(): AgentCore {
    const s = this.setup;
    const core = new AgentCore({
      vehicleId: this.vehicleId,
      gateway: s.gateway,
      token: s.credential.token,
      dbPath: s.dbPath,
      clock: s.clock,
      logger: s.logger,
      httpAgent: this.network,
      uploadObserver: this.uploadObserver,
      ...(this.device && { source: new SerialFixSource({ path: this.device.path, baud: SIM_PTY_BAUD, logger: s.logger }) }),
      ...s.core,
    });
    this.epoch = core.buffer.epoch;
    return core;
  }

  /** Latency per position newly acknowledged (a resent, deduplicated one counts once). */
  private onBatchAcknowledged({ positions, throughSeq, roundTripMs }: BatchAcknowledgement): void {
    const now = this.setup.clock.now();
    let n = 0;
    for (const p of positions) {
      if (p.seq > throughSeq || p.seq <= this.ackedThroughSeq) continue;
      this.fixToAck.record(now - p.timeMs);
      n++;
    }
    this.ackedThroughSeq = Math.max(this.ackedThroughSeq, throughSeq);
    this.counters.acked += n;
    this.counters.ackedBatches++;
    this.batchAck.record(roundTripMs);
  }

  private onAttemptFailed(attempt: Readonly<UploadResult>): void {
    const kind = errorKind(attempt);
    this.failedRequestCount++;
    this.errors.set(kind, (this.errors.get(kind) ?? 0) + 1);
  }

  private fixAt(tMs: number, tS: number): Fix {
    const time = formatIsoTimeMs(tMs);
    // The truck drives on through a receiver outage.
    const s = this.cursor.at(this.drive.tripOffsetAt(tMs));
    this.drive.noteSpeed(tMs, s.speed);
    if (inWindows(this.setup.plan.gpsOutage, tS)) return { class: 'TPV', mode: 1, time };
    const speed = this.drive.idling(tMs) ? 0 : s.speed * DRIVING_PROFILES[this.setup.driving].pace;
    const fix: Fix = { class: 'TPV', mode: s.altMSL !== undefined ? 3 : 2, time, lat: s.lat, lon: s.lon, speed, hdop: 0.9, uSat: 9 };
    const glitch = this.setup.plan.gpsGlitch.find(([from, to]) => tS >= from && tS < to + 1);
    if (glitch && tS < glitch[1]) {
      // The receiver repeats its last position…
      this.frozenAt ??= this.lastPosition;
    } else {
      this.frozenAt = undefined;
      // …then lands GLITCH_JUMP_M due north of the truck for one fix.
      if (glitch) fix.lat = s.lat + (GLITCH_JUMP_M / EARTH_RADIUS_M) * (180 / Math.PI);
    }
    if (this.frozenAt) Object.assign(fix, this.frozenAt);
    this.lastPosition = { lat: fix.lat!, lon: fix.lon! };
    if (s.track !== undefined) fix.track = s.track;
    if (s.altMSL !== undefined) fix.altMSL = s.altMSL;
    return fix;
  }
}

/** Adds non-zero counts by reason into `total`. */
function addCounts<K extends string>(total: Partial<Record<K, number>>, counts: Record<K, number>): void {
  for (const [reason, n] of Object.entries(counts) as [K, number][]) if (n > 0) total[reason] = (total[reason] ?? 0) + n;
}
