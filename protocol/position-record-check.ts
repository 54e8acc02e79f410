import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { PACKAGE_ROOT } from '../common/paths.js';
import { parseIsoTimeMs } from './iso-time.js';
import { POSITION_RECORD_SCHEMA_VERSION, SCHEMA_VERSION_HEADER, type PositionRecord } from './position-record.js';

/**
 * Every consumer of the positions topic reads a record through `checkPositionRecord`: a record
 * that is not a position record (`null`, `[]`, `{}`, `"hello"`, `vehicleId: 9`, no key, another
 * schema version, …) comes back as a problem to skip, count or dead-letter, never as a throw that
 * stops the consumer. Kept apart from position-record.ts so the gateway, which only writes records,
 * does not load ajv.
 */

/** The record's JSON Schema, published beside the record's code. */
export const POSITION_RECORD_SCHEMA_FILE = join(PACKAGE_ROOT, 'protocol', 'position-record.schema.json');

/** Why a record is not a position record: stable codes (the dead-letter header `dlq-reason`, metrics, logs). */
export type RecordProblemReason =
  /** No value (a tombstone) or an empty one. */
  | 'no-value'
  /** The `schema-version` header names a version this code does not know. */
  | 'schema-version'
  /** The value is not JSON text. */
  | 'not-json'
  /** The JSON fails the record's schema, or a time is not a real date. */
  | 'schema'
  /** The record key is missing or is not the value's vehicleId. */
  | 'key';

export interface RecordProblem {
  reason: RecordProblemReason;
  /** What is wrong, in words (JSON Pointers for schema problems). */
  message: string;
}

/** Records a reader skipped, by reason (history, sim --verify: they skip and count, and say so). */
export type SkippedRecords = Partial<Record<RecordProblemReason, number>>;

/** A record as kafkajs gives it (and as a test writes it). */
export interface RawRecord {
  key?: Buffer | string | null;
  value: Buffer | string | null;
  headers?: Record<string, Buffer | string | (Buffer | string)[] | undefined>;
}

let validate: ValidateFunction | undefined;

function validator(): ValidateFunction {
  validate ??= new Ajv2020({ strict: true, allErrors: true }).compile(JSON.parse(readFileSync(POSITION_RECORD_SCHEMA_FILE, 'utf8')) as object);
  return validate;
}

/**
 * Compile the schema now rather than at the first record (it takes 0.1–0.2 s): a consumer that
 * calls this before it starts does not hold its first batch up with it.
 */
export function preparePositionRecordCheck(): void {
  validator();
}

/** A position record that passed the check. */
export interface CheckedPositionRecord {
  record: PositionRecord;
  /** `record.time` in ms since the epoch: the check parses it anyway, and a reader needs it. */
  timeMs: number;
}

/** The record, or why it is not a position record. Never throws. */
export function checkPositionRecord(message: RawRecord): CheckedPositionRecord | { problem: RecordProblem } {
  const read = readRecordJson(message, POSITION_RECORD_SCHEMA_VERSION);
  if ('problem' in read) return read;
  const value = read.value;
  const check = validator();
  if (!check(value)) {
    const errors = (check.errors ?? []).slice(0, 3).map((e) => `${e.instancePath || '(the value)'} ${e.message ?? e.keyword}`);
    return problem('schema', errors.join('; '));
  }
  const record = value as PositionRecord;
  const timeMs = parseIsoTimeMs(record.time);
  if (timeMs === undefined) return notADate(record, 'time');
  if (!isRealTime(record.receivedAt)) return notADate(record, 'receivedAt');
  return keyProblem(message, record.vehicleId) ?? { record, timeMs };
}

/**
 * The first steps of every record check: a schema version this reader knows (when the header names one),
 * a value, JSON text. Shared with the driving-event record's check (driving-event-record-check.ts).
 */
export function readRecordJson(message: RawRecord, knownVersion: number): { value: unknown } | { problem: RecordProblem } {
  const version = message.headers?.[SCHEMA_VERSION_HEADER];
  const known = String(knownVersion);
  if (version !== undefined && !isText(version, known) && String(version) !== known) {
    return problem('schema-version', `schema version ${String(version)} is not supported (this reader knows ${knownVersion})`);
  }
  const text = message.value === null ? '' : typeof message.value === 'string' ? message.value : message.value.toString('utf8');
  if (text === '') return problem('no-value', 'the record has no value');
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (err) {
    return problem('not-json', `the value is not JSON: ${(err as Error).message}`);
  }
}

/** The last receivedAt found a real time: a batch's records share it, so most records skip the parse. */
let lastRealReceivedAt: string | undefined;

function isRealTime(receivedAt: string): boolean {
  if (receivedAt === lastRealReceivedAt) return true;
  if (parseIsoTimeMs(receivedAt) === undefined) return false;
  lastRealReceivedAt = receivedAt;
  return true;
}

/** The record's key must be the vehicle id in its value. */
export function keyProblem(message: RawRecord, vehicleId: string): { problem: RecordProblem } | undefined {
  if (message.key !== null && message.key !== undefined && isText(message.key, vehicleId)) return undefined;
  const key = message.key === null || message.key === undefined ? undefined : String(message.key);
  if (key === vehicleId) return undefined;
  return problem('key', key === undefined ? `the record has no key (it must be the vehicleId ${vehicleId})` : `the key ${JSON.stringify(key)} is not the vehicleId ${vehicleId}`);
}

/**
 * Whether a key or header is `ascii` (an ASCII text: a vehicle id, a version), without decoding the bytes:
 * every record is checked. UTF-8 decodes a byte over 0x7f to no ASCII character, so the bytes must be the text's.
 */
function isText(value: Buffer | string | (Buffer | string)[], ascii: string): boolean {
  if (typeof value === 'string') return value === ascii;
  if (!Buffer.isBuffer(value) || value.length !== ascii.length) return false;
  for (let i = 0; i < ascii.length; i++) if (value[i] !== ascii.charCodeAt(i)) return false;
  return true;
}

function notADate(record: PositionRecord, field: 'time' | 'receivedAt'): { problem: RecordProblem } {
  return problem('schema', `/${field} ${JSON.stringify(record[field])} is not a real date`);
}

function problem(reason: RecordProblemReason, message: string): { problem: RecordProblem } {
  return { problem: { reason, message } };
}
