import { describe, expect, it } from 'vitest';
import { drivingEventRecord, drivingEventRecordHeaders, type DrivingEventRecord } from './driving-event-record.js';
import { checkDrivingEventRecord } from './driving-event-record-check.js';
import type { RecordProblemReason } from './position-record-check.js';

const timeMs = Date.parse('2026-11-30T10:00:05.000Z');
const GOOD: DrivingEventRecord = JSON.parse(
  JSON.stringify(
    drivingEventRecord(
      'truck-0042',
      'b7e1c2d4',
      { seq: 17, timeMs, lat: -25.45, lon: -49.23, event: { kind: 'harsh-braking', startMs: timeMs - 2000, endMs: timeMs, peak: 4.41, threshold: 2.94, trail: [{ timeMs: timeMs - 1000, lat: -25.45, lon: -49.23, speed: 20 }] } },
      '2026-11-30T10:00:07.000Z',
    ),
  ),
) as DrivingEventRecord;

const raw = (value: unknown, key: string | null = GOOD.vehicleId, headers = drivingEventRecordHeaders()) => ({ key, value: typeof value === 'string' ? value : JSON.stringify(value), headers });

describe('checkDrivingEventRecord', () => {
  it('reads a record as the gateway writes it', () => {
    expect(checkDrivingEventRecord(raw(GOOD))).toEqual({ record: GOOD });
  });

  it.each<[string, ReturnType<typeof raw>, RecordProblemReason, RegExp]>([
    ['null', raw('null'), 'schema', /must be an object/],
    ['a position record', raw({ vehicleId: GOOD.vehicleId, epoch: GOOD.epoch, seq: 3, time: GOOD.time, lat: 1, lon: 2, receivedAt: GOOD.receivedAt }), 'schema', /missing required field "kind"/],
    ['an unknown kind', raw({ ...GOOD, kind: 'tailgating' }), 'schema', /kind must be one of/],
    ['seq 0', raw({ ...GOOD, seq: 0 }), 'schema', /\/seq: seq must be a positive integer/],
    ['no epoch', raw({ ...GOOD, epoch: '' }), 'schema', /\/epoch/],
    ['a bad time', raw({ ...GOOD, time: 'noon' }), 'schema', /\/time must be an ISO-8601/],
    ['a trail point off the globe', raw({ ...GOOD, trail: [{ time: GOOD.time, lat: 95, lon: 0 }] }), 'schema', /trail\/0\/lat/],
    ['not JSON', raw('hello'), 'not-json', /not JSON/],
    ['no value', { key: GOOD.vehicleId, value: null, headers: drivingEventRecordHeaders() }, 'no-value', /no value/],
    ['another schema version', raw(GOOD, GOOD.vehicleId, { ...drivingEventRecordHeaders(), 'schema-version': '9' }), 'schema-version', /version 9/],
    ['another key', raw(GOOD, 'truck-7'), 'key', /not the vehicleId/],
  ])('finds %s no event record', (_name, record, reason, message) => {
    const checked = checkDrivingEventRecord(record);
    expect(checked).toMatchObject({ problem: { reason } });
    expect('problem' in checked && checked.problem.message).toMatch(message);
  });
});
