import type { FaultSchedule } from './faults.js';
import type { FleetResult, TruckResult } from './fleet.js';
import { Histogram, type LatencySummary } from './histogram.js';
import type { TruckVerification } from './verify.js';

/** The `--report FILE` document; simulator/README.md describes every field. Bump the version on any incompatible change. */
export const REPORT_SCHEMA = 'telematics-sim-report/1';

export interface DropCounts {
  /** Oldest unsent positions dropped at the buffer's size cap. */
  capacity: number;
  /** Positions held in memory while the disk could not be written, dropped beyond the memory queue. */
  memory: number;
  /** Positions the gateway rejected as invalid (400/413), moved to the buffer's quarantine. */
  quarantined: number;
}

export interface VerifySummary {
  unique: number;
  duplicates: number;
  missing: number;
}

/** What a truck, and the fleet as a whole, did with its positions. */
export interface PositionCounts {
  fixes: number;
  recorded: number;
  acknowledged: number;
  stillBuffered: number;
  dropped: DropCounts;
  restarts: number;
  failedRequests: number;
  errors: Record<string, number>;
  /** Fixes the agent's plausibility stage rejected as GPS glitches (never recorded), by reason (agent/plausibility.ts). */
  rejectedFixes: Record<string, number>;
  /** Driving events the agents detected and recorded (each with a seq of its own, so counted in `recorded` too), by kind. */
  drivingEvents: Record<string, number>;
}

export interface TruckReport extends PositionCounts {
  number: number;
  vehicleId: string;
  trip: string;
  tripInterpolated: boolean;
  phaseS: number;
  /** How its driver drove the trip (simulator/driving-profiles.ts). */
  drivingProfile: string;
  epoch: string;
  /** Acknowledged positions per simulated hour of driving. */
  ackedPerSimHour: number;
  fixToAckMs: LatencySummary;
  verify?: TruckVerification;
}

export interface SimReport {
  schema: typeof REPORT_SCHEMA;
  generatedAt: string;
  run: {
    trucks: number;
    shard: string;
    gateway: string;
    speedup: number;
    durationMs: number | null;
    drivenMs: number;
    wallMs: number;
    drainMs: number;
    drained: boolean;
    interrupted: boolean;
    buffer: string;
    trips: { files: { file: string; format: string; trips: number }[]; count: number; interpolated: number; note: string };
    faults: FaultSchedule;
  };
  fleet: PositionCounts & {
    ackedBatches: number;
    throughput: { ackedPerWallSecond: number; recordedPerWallSecond: number };
    /** Fix time → gateway 200, on the agents' (simulated) clock: includes batching, backoff and coverage gaps. */
    fixToAckMs: LatencySummary;
    /** Upload request → 200, wall clock: the gateway + Kafka round trip. */
    batchAckMs: LatencySummary;
    /** Positions acknowledged more than `afterMs` after their fix (or never): one upload interval later than due. */
    late: { afterMs: number; count: number; share: number };
  };
  /** `skippedRecords`: records of the run's vehicles (or without a key) that are not position records, skipped and counted. */
  verify: (VerifySummary & { topic: string; recordsRead: number; skippedRecords: number; eventsTopic: string; eventRecordsRead: number; eventsByKind: Record<string, number> }) | null;
  /** Positions lost: missing from Kafka, or dropped, or (in-memory buffers) still buffered at the end. */
  lost: number;
  ok: boolean;
  trucks: TruckReport[];
}

export interface ReportInput {
  result: FleetResult;
  shard: string;
  gateway: string;
  speedup: number;
  durationMs?: number;
  buffer: string;
  trips: SimReport['run']['trips'];
  faults: FaultSchedule;
  /** Fix → ack beyond this is late (default: 2 × the uploader's interval, i.e. one interval after the position was due). */
  lateAfterMs: number;
  verify?: { topic: string; recordsRead: number; skippedRecords: number; eventsTopic: string; eventRecordsRead: number; eventsByKind: Record<string, number>; trucks: Map<number, TruckVerification> };
}

function drops(t: TruckResult): DropCounts {
  return { capacity: t.buffer.drops.capacity, memory: t.buffer.drops.memory, quarantined: t.buffer.quarantinedPositions };
}

function add(a: DropCounts, b: DropCounts): DropCounts {
  return { capacity: a.capacity + b.capacity, memory: a.memory + b.memory, quarantined: a.quarantined + b.quarantined };
}

export function droppedTotal(d: DropCounts): number {
  return d.capacity + d.memory + d.quarantined;
}

export function buildReport(input: ReportInput): SimReport {
  const { result } = input;
  const simHours = result.drivenMs / 3_600_000;
  const fixToAck = new Histogram();
  const batchAck = new Histogram();
  let dropped: DropCounts = { capacity: 0, memory: 0, quarantined: 0 };
  const fleet = {
    fixes: 0,
    recorded: 0,
    acknowledged: 0,
    stillBuffered: 0,
    restarts: 0,
    ackedBatches: 0,
    failedRequests: 0,
    errors: {} as Record<string, number>,
    rejectedFixes: {} as Record<string, number>,
    drivingEvents: {} as Record<string, number>,
  };
  const trucks = result.trucks.map((t): TruckReport => {
    fixToAck.merge(t.fixToAck);
    batchAck.merge(t.batchAck);
    const d = drops(t);
    dropped = add(dropped, d);
    const stillBuffered = t.buffer.depth + t.buffer.pendingInMemory;
    fleet.fixes += t.counters.fixes;
    fleet.recorded += t.buffer.lastSeq;
    fleet.acknowledged += t.counters.acked;
    fleet.stillBuffered += stillBuffered;
    fleet.restarts += t.counters.restarts;
    fleet.ackedBatches += t.counters.ackedBatches;
    fleet.failedRequests += t.failedRequests;
    for (const [k, v] of Object.entries(t.errors)) fleet.errors[k] = (fleet.errors[k] ?? 0) + v;
    for (const [k, v] of Object.entries(t.rejectedFixes)) fleet.rejectedFixes[k] = (fleet.rejectedFixes[k] ?? 0) + v;
    for (const [k, v] of Object.entries(t.drivingEvents)) fleet.drivingEvents[k] = (fleet.drivingEvents[k] ?? 0) + v;
    const report: TruckReport = {
      number: t.number,
      vehicleId: t.vehicleId,
      trip: t.tripId,
      tripInterpolated: t.tripInterpolated,
      phaseS: t.phaseMs / 1000,
      drivingProfile: t.drivingProfile,
      epoch: t.epoch,
      fixes: t.counters.fixes,
      // The buffer's last seq, not the core's counter: it counts the positions of every agent run on this buffer.
      recorded: t.buffer.lastSeq,
      acknowledged: t.counters.acked,
      stillBuffered,
      dropped: d,
      restarts: t.counters.restarts,
      failedRequests: t.failedRequests,
      errors: t.errors,
      rejectedFixes: t.rejectedFixes,
      drivingEvents: t.drivingEvents,
      ackedPerSimHour: simHours > 0 ? Math.round(t.counters.acked / simHours) : 0,
      fixToAckMs: t.fixToAck.summary(),
    };
    const v = input.verify?.trucks.get(t.number);
    if (v) report.verify = v;
    return report;
  });
  let verify: SimReport['verify'] = null;
  if (input.verify) {
    const { topic, recordsRead, skippedRecords, eventsTopic, eventRecordsRead, eventsByKind } = input.verify;
    verify = { topic, recordsRead, skippedRecords, eventsTopic, eventRecordsRead, eventsByKind, unique: 0, duplicates: 0, missing: 0 };
    for (const v of input.verify.trucks.values()) {
      verify.unique += v.unique;
      verify.duplicates += v.duplicates;
      verify.missing += v.missing;
    }
  }
  const wallS = result.wallMs / 1000;
  const lost = (verify?.missing ?? 0) + droppedTotal(dropped) + (input.buffer === 'memory' ? fleet.stillBuffered : 0);
  return {
    schema: REPORT_SCHEMA,
    generatedAt: new Date().toISOString(),
    run: {
      trucks: result.trucks.length,
      shard: input.shard,
      gateway: input.gateway,
      speedup: input.speedup,
      durationMs: input.durationMs ?? null,
      drivenMs: result.drivenMs,
      wallMs: result.wallMs,
      drainMs: result.drainMs,
      drained: result.drained,
      interrupted: result.interrupted,
      buffer: input.buffer,
      trips: input.trips,
      faults: input.faults,
    },
    fleet: {
      ...fleet,
      dropped,
      throughput: { ackedPerWallSecond: Math.round(fleet.acknowledged / wallS), recordedPerWallSecond: Math.round(fleet.recorded / wallS) },
      fixToAckMs: fixToAck.summary(),
      batchAckMs: batchAck.summary(),
      late: (() => {
        const count = fixToAck.countAbove(input.lateAfterMs) + fleet.stillBuffered;
        return { afterMs: input.lateAfterMs, count, share: fleet.recorded ? count / fleet.recorded : 0 };
      })(),
    },
    verify,
    lost,
    ok: lost === 0 && (verify?.duplicates ?? 0) === 0,
    trucks,
  };
}
