import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../common/paths.js';
import { REJECT_REASONS } from '../agent/plausibility.js';
import type { BufferStats } from '../agent/position-buffer.js';
import { DRIVING_EVENT_KINDS } from '../protocol/driving-event.js';
import { DRIVING_PROFILES } from './driving-profiles.js';
import { parseFaultSchedule } from './faults.js';
import type { FleetResult, TruckResult } from './fleet.js';
import { Histogram } from './histogram.js';
import { renderLines } from './live-view.js';
import { buildReport, REPORT_SCHEMA, type ReportInput } from './report.js';
import { formatSummary } from './summary.js';
import { verifyTruck } from './verify.js';

function buffer(over: Partial<BufferStats>): BufferStats {
  return { path: ':memory:', epoch: 'e', createdAt: '', lastSeq: 0, depth: 0, pendingInMemory: 0, dbBytes: 0, walBytes: 0, drops: { capacity: 0, memory: 0 }, quarantinedBatches: 0, quarantinedPositions: 0, state: 'ok', ...over };
}

function truck(number: number, over: { acked: number; lastSeq: number; depth?: number; quarantined?: number; latencies?: number[]; rejected?: Record<string, number>; events?: Record<string, number> }): TruckResult {
  const fixToAck = new Histogram();
  for (const l of over.latencies ?? [5000]) fixToAck.record(l);
  const batchAck = new Histogram();
  batchAck.record(12);
  return {
    number,
    vehicleId: `sim-${number + 1}`,
    tripId: 'ndsbr_normalized.csv#A-trip05',
    tripInterpolated: false,
    phaseMs: 12_000,
    epoch: `epoch-${number}`,
    counters: { fixes: 3600, recorded: over.lastSeq, acked: over.acked, ackedBatches: 10, restarts: 1 },
    failedRequests: 2,
    ackedThroughSeq: over.acked,
    buffer: buffer({ lastSeq: over.lastSeq, depth: over.depth ?? 0, quarantinedPositions: over.quarantined ?? 0 }),
    unsentSeqs: [],
    fixToAck,
    batchAck,
    errors: { 'no-coverage': 2 },
    rejectedFixes: over.rejected ?? {},
    drivingProfile: 'recorded',
    drivingEvents: over.events ?? {},
  };
}

function input(trucks: TruckResult[], buffer = 'sqlite'): ReportInput {
  const result: FleetResult = { startedAtMs: 0, simStartMs: 0, drivenMs: 3_600_000, wallMs: 90_000, drainMs: 1000, drained: true, interrupted: false, trucks };
  return {
    result,
    shard: '1/1',
    gateway: 'http://127.0.0.1:1',
    speedup: 40,
    durationMs: 3_600_000,
    buffer,
    trips: { files: [{ file: 'x.csv', format: 'ndsbr-csv', trips: 9 }], count: 9, interpolated: 0, note: 'n' },
    faults: parseFaultSchedule({ faults: [{ kind: 'restart', atS: 5 }] }),
    lateAfterMs: 10_000,
  };
}

const ajv = new Ajv2020({ allErrors: true, strict: false });
const validate = ajv.compile(JSON.parse(readFileSync(join(PACKAGE_ROOT, 'simulator', 'report.schema.json'), 'utf8')) as object);

describe('report', () => {
  it('sums trucks into the fleet, counts late positions, and matches its JSON schema', () => {
    const report = buildReport(
      input([
        truck(0, { acked: 100, lastSeq: 100, latencies: [4000, 20_000], rejected: { jump: 2, frozen: 3 }, events: { 'harsh-braking': 2 } }),
        truck(1, { acked: 50, lastSeq: 60, depth: 10, rejected: { jump: 1 }, events: { 'harsh-braking': 1, idling: 1 } }),
      ]),
    );
    expect(report.schema).toBe(REPORT_SCHEMA);
    expect(report.fleet).toMatchObject({ recorded: 160, acknowledged: 150, stillBuffered: 10, restarts: 2, failedRequests: 4, errors: { 'no-coverage': 4 }, rejectedFixes: { jump: 3, frozen: 3 } });
    expect(report.trucks[1]!.rejectedFixes).toEqual({ jump: 1 });
    expect(report.fleet.drivingEvents).toEqual({ 'harsh-braking': 3, idling: 1 });
    expect(report.trucks[1]).toMatchObject({ drivingProfile: 'recorded', drivingEvents: { 'harsh-braking': 1, idling: 1 } });
    // One fix→ack over 10 s, plus 10 positions never acknowledged.
    expect(report.fleet.late).toEqual({ afterMs: 10_000, count: 11, share: 11 / 160 });
    expect(report.trucks[0]).toMatchObject({ vehicleId: 'sim-1', phaseS: 12, ackedPerSimHour: 100 });
    // Still buffered in SQLite files is not lost (the files are kept); nothing dropped.
    expect(report.lost).toBe(0);
    expect(report.ok).toBe(true);
    expect(validate(JSON.parse(JSON.stringify(report))), ajv.errorsText(validate.errors)).toBe(true);
    expect(formatSummary(report)).toMatch(/OK: nothing lost/);
    expect(formatSummary(report)).toMatch(/^GPS glitches rejected by the agents: jump 3, frozen 3\.$/m);
    expect(formatSummary(report)).toMatch(/^driving events recorded by the agents: harsh-braking 3, idling 1\.$/m);
  });

  it('names in its JSON schema every reason the agent rejects a fix for', () => {
    const schema = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'simulator', 'report.schema.json'), 'utf8')) as { $defs: { rejectedFixes: { propertyNames: { enum: string[] } } } };
    expect(schema.$defs.rejectedFixes.propertyNames.enum).toEqual([...REJECT_REASONS]);
  });

  it('names in its JSON schema every kind of driving event and every driving profile', () => {
    const schema = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'simulator', 'report.schema.json'), 'utf8'));
    expect(schema.$defs.drivingEvents.propertyNames.enum).toEqual([...DRIVING_EVENT_KINDS]);
    expect(schema.properties.trucks.items.properties.drivingProfile.enum).toEqual(Object.keys(DRIVING_PROFILES));
  });

  it('counts drops and in-memory leftovers as lost, and verification results per truck', () => {
    const i = input([truck(0, { acked: 90, lastSeq: 100, depth: 5, quarantined: 5 })], 'memory');
    const counts = new Map<string, number>();
    for (let seq = 1; seq <= 90; seq++) counts.set(`sim-1|epoch-0|${seq}`, seq === 7 ? 2 : 1);
    const v = verifyTruck(counts, { vehicleId: 'sim-1', epoch: 'epoch-0', lastSeq: 100, unsentSeqs: [96, 97, 98, 99, 100], droppedCounted: 5 });
    expect(v).toEqual({ unique: 90, duplicates: 1, missing: 0, missingSeqs: [] });
    i.verify = { topic: 'vehicle-positions', recordsRead: 93, skippedRecords: 2, eventsTopic: 'vehicle-events', eventRecordsRead: 3, eventsByKind: { 'harsh-braking': 2 }, trucks: new Map([[0, v]]) };
    const report = buildReport(i);
    expect(report.fleet.dropped).toEqual({ capacity: 0, memory: 0, quarantined: 5 });
    expect(report.lost).toBe(5 + 5);
    expect(report.ok).toBe(false);
    expect(report.verify).toEqual({ topic: 'vehicle-positions', recordsRead: 93, skippedRecords: 2, eventsTopic: 'vehicle-events', eventRecordsRead: 3, eventsByKind: { 'harsh-braking': 2 }, unique: 90, missing: 0, duplicates: 1 });
    expect(validate(JSON.parse(JSON.stringify(report))), ajv.errorsText(validate.errors)).toBe(true);
    expect(formatSummary(report)).toMatch(/FAIL: 10 positions lost, 1 duplicates/);
    expect(formatSummary(report)).toMatch(/^verified in Kafka \(vehicle-positions\): 88 unique positions, 0 missing, 1 duplicates; 2 records that are not position records skipped\.\n {2}and \(vehicle-events\) 2 unique driving events: harsh-braking 2 /m);
  });

  it('finds missing seqs beyond the counted drops', () => {
    const counts = new Map([['v|e|1', 1], ['v|e|3', 1]]);
    expect(verifyTruck(counts, { vehicleId: 'v', epoch: 'e', lastSeq: 4, unsentSeqs: [4], droppedCounted: 0 })).toEqual({ unique: 2, duplicates: 0, missing: 1, missingSeqs: [2] });
  });

  it('renders the live view with a progress bar on bounded runs', () => {
    const lines = renderLines(
      { phase: 'driving', atMs: 0, simElapsedMs: 1_800_000, durationMs: 3_600_000, speedup: 40, trucks: 200, trucksActive: 199, trucksOutOfCoverage: 3, fixes: 1, recorded: 1234, acked: 1200, buffered: 34, ackedBatches: 5, failedRequests: 7, restarts: 2, batchAckMs: { p50: 12, p99: 300 }, fixToAckMs: { p50: 7000, p99: 600_000 }, errors: { 'no-coverage': 7 }, faultsActive: ['coverage 30%'] },
      { recordedPerS: 10, ackedPerS: 9 },
      10,
    );
    expect(lines[0]).toContain('[█████░░░░░]  50%  30m00s of 1h00m driven');
    expect(lines[2]).toContain('recorded 1,234 (10/s)  buffered 34  acknowledged 1,200 (9/s)');
    expect(lines[3]).toContain('p50 12 ms  p99 300 ms');
    expect(lines[4]).toContain('no-coverage 7');
  });
});
