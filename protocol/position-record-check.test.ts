import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { drivingEventRecord, drivingEventRecordHeaders } from './driving-event-record.js';
import { ISO_TIME_PATTERN } from './iso-time.js';
import { checkPositionRecord, POSITION_RECORD_SCHEMA_FILE, type RawRecord, type RecordProblemReason } from './position-record-check.js';
import { positionRecordHeaders, type PositionRecord } from './position-record.js';
import { VEHICLE_ID_PATTERN } from './vehicle-id.js';

const GOOD: PositionRecord = {
  vehicleId: 'truck-0042',
  epoch: 'b7e1c2d4',
  seq: 2,
  time: '2026-11-24T10:00:01.000Z',
  lat: -25.4501,
  lon: -49.2301,
  speed: 12.4,
  track: 181.5,
  altMSL: 930.2,
  hdop: 0.9,
  uSat: 9,
  mode: 3,
  receivedAt: '2026-11-24T10:00:02.314Z',
};

/** A record as the gateway writes it, with `value` and `key` as given. */
function raw(value: unknown, key: string | null = GOOD.vehicleId): RawRecord {
  return { key: key === null ? null : Buffer.from(key), value: typeof value === 'string' ? Buffer.from(value) : Buffer.from(JSON.stringify(value)), headers: positionRecordHeaders() };
}

describe('checkPositionRecord', () => {
  it('reads a record as the gateway writes it, and one with fields a later gateway may add or values plausibility would question', () => {
    const timeMs = Date.parse(GOOD.time);
    expect(checkPositionRecord(raw(GOOD))).toEqual({ record: GOOD, timeMs });
    const { altMSL: _a, hdop: _h, uSat: _u, mode: _m, speed: _s, track: _t, ...required } = GOOD;
    expect(checkPositionRecord(raw(required))).toEqual({ record: required, timeMs });
    const flagged = { ...GOOD, speed: 400, time: '2030-01-01T00:00:00.000Z', suspect: ['speed', 'time-future'] };
    expect(checkPositionRecord(raw(flagged))).toEqual({ record: flagged, timeMs: Date.UTC(2030, 0, 1) });
    // Other ISO forms give the same instant as the canonical one.
    expect(checkPositionRecord(raw({ ...GOOD, time: '2030-01-01T02:30:00.5+02:30' }))).toMatchObject({ timeMs: Date.UTC(2030, 0, 1, 0, 0, 0, 500) });
    // Without the header (a hand-made record) the value decides.
    expect(checkPositionRecord({ key: GOOD.vehicleId, value: JSON.stringify(GOOD) })).toEqual({ record: GOOD, timeMs });
  });

  it('reads a driving-event record as a position at its peak: it carries every field a position record requires, and the schema allows more', () => {
    // The gateway never writes one to the positions topic (agent/driving-events-delivery.test.ts); a tool that did would not stall a consumer.
    const timeMs = Date.parse(GOOD.time);
    const event = { kind: 'harsh-braking' as const, startMs: timeMs - 2000, endMs: timeMs, peak: 4.41, threshold: 2.94, trail: [{ timeMs: timeMs - 1000, lat: GOOD.lat, lon: GOOD.lon }] };
    const record = drivingEventRecord(GOOD.vehicleId, GOOD.epoch, { seq: GOOD.seq, timeMs, lat: GOOD.lat, lon: GOOD.lon, event }, GOOD.receivedAt);
    const checked = checkPositionRecord({ key: GOOD.vehicleId, value: JSON.stringify(record), headers: drivingEventRecordHeaders() });
    expect(checked).toEqual({ record: JSON.parse(JSON.stringify(record)) as unknown, timeMs });
    expect(checked).toMatchObject({ record: { vehicleId: GOOD.vehicleId, epoch: GOOD.epoch, seq: GOOD.seq, kind: 'harsh-braking' } });
  });

  it.each<[string, RawRecord, RecordProblemReason, RegExp]>([
    ['null', raw(null), 'schema', /\(the value\) must be object/],
    ['[]', raw([]), 'schema', /\(the value\) must be object/],
    ['{}', raw({}), 'schema', /must have required property 'vehicleId'/],
    ['"hello"', raw('"hello"'), 'schema', /\(the value\) must be object/],
    ['vehicleId: 9', raw({ ...GOOD, vehicleId: 9 }), 'schema', /\/vehicleId must be string/],
    ['lat 91', raw({ ...GOOD, lat: 91 }), 'schema', /\/lat must be <= 90/],
    ['seq 0', raw({ ...GOOD, seq: 0 }), 'schema', /\/seq must be >= 1/],
    ['a time that is not ISO-8601', raw({ ...GOOD, time: 'yesterday' }), 'schema', /\/time must match pattern/],
    ['a time that is no real date', raw({ ...GOOD, time: '2026-02-30T10:00:00.000Z' }), 'schema', /\/time "2026-02-30T10:00:00.000Z" is not a real date/],
    ['no receivedAt', raw({ ...GOOD, receivedAt: undefined }), 'schema', /must have required property 'receivedAt'/],
    ['a record with no key', raw(GOOD, null), 'key', /no key \(it must be the vehicleId truck-0042\)/],
    ['a key that is another vehicle', raw(GOOD, 'truck-7'), 'key', /the key "truck-7" is not the vehicleId truck-0042/],
    ['text that is not JSON', raw('hello'), 'not-json', /not JSON/],
    ['bytes that are not UTF-8 JSON', { key: GOOD.vehicleId, value: Buffer.from([0xff, 0xfe, 0x00, 0x7b]) }, 'not-json', /not JSON/],
    ['no value (a tombstone)', { key: GOOD.vehicleId, value: null }, 'no-value', /no value/],
    ['an empty value', { key: GOOD.vehicleId, value: Buffer.alloc(0) }, 'no-value', /no value/],
    ['another schema version', { ...raw(GOOD), headers: { 'schema-version': Buffer.from('7') } }, 'schema-version', /schema version 7 is not supported/],
  ])('names what is wrong with %s, without throwing', (_name, record, reason, message) => {
    const checked = checkPositionRecord(record);
    expect(checked).toEqual({ problem: { reason, message: expect.stringMatching(message) } });
  });

  it('publishes a schema that spells the rules the protocol spells elsewhere the same way', () => {
    const schema = JSON.parse(readFileSync(POSITION_RECORD_SCHEMA_FILE, 'utf8'));
    const batch = JSON.parse(readFileSync(join(import.meta.dirname, 'batch.schema.json'), 'utf8'));
    expect(schema.properties.vehicleId.pattern).toBe(VEHICLE_ID_PATTERN.source);
    expect(schema.properties.time.pattern).toBe(ISO_TIME_PATTERN);
    expect(schema.properties.receivedAt.pattern).toBe(ISO_TIME_PATTERN);
    expect(schema.properties.epoch).toMatchObject({ pattern: batch.properties.epoch.pattern, maxLength: batch.properties.epoch.maxLength });
    const rule = ({ description: _d, ...rest }: Record<string, unknown>) => rest;
    for (const field of ['seq', 'lat', 'lon', 'track', 'uSat', 'mode']) expect(rule(schema.properties[field]), field).toEqual(rule(batch.$defs.position.properties[field]));
  });
});
