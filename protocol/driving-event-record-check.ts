import { malformedEventFields, readDrivingEventJson } from './driving-event.js';
import { DRIVING_EVENT_RECORD_SCHEMA_VERSION, type DrivingEventRecord } from './driving-event-record.js';
import { parseIsoTimeMs } from './iso-time.js';
import { SCHEMA_VERSION_HEADER } from './position-record.js';
import type { RawRecord, RecordProblem, RecordProblemReason } from './position-record-check.js';
import { malformedFields } from './position-rules.js';
import { VEHICLE_ID_PATTERN } from './vehicle-id.js';

/**
 * Every consumer of `vehicle-events` reads a record through `checkDrivingEventRecord`, as the positions'
 * consumers use checkPositionRecord: what is not an event record comes back as a problem (the same
 * reasons, so the same dead-letter headers), never as a throw that stops the consumer.
 */
export function checkDrivingEventRecord(message: RawRecord): { record: DrivingEventRecord } | { problem: RecordProblem } {
  const version = message.headers?.[SCHEMA_VERSION_HEADER];
  if (version !== undefined && String(version) !== String(DRIVING_EVENT_RECORD_SCHEMA_VERSION)) {
    return problem('schema-version', `schema version ${String(version)} is not supported (this reader knows ${DRIVING_EVENT_RECORD_SCHEMA_VERSION})`);
  }
  const text = message.value === null ? '' : typeof message.value === 'string' ? message.value : message.value.toString('utf8');
  if (text === '') return problem('no-value', 'the record has no value');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return problem('not-json', `the value is not JSON: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return problem('schema', 'the value must be an object');
  const { vehicleId, epoch, seq, time, lat, lon, receivedAt, ...eventJson } = value as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof vehicleId !== 'string' || !VEHICLE_ID_PATTERN.test(vehicleId)) problems.push('/vehicleId must be a vehicle id');
  if (typeof epoch !== 'string' || epoch === '') problems.push('/epoch must be a non-empty string');
  for (const [field, v] of [['time', time], ['receivedAt', receivedAt]] as const) {
    if (typeof v !== 'string' || parseIsoTimeMs(v) === undefined) problems.push(`/${field} must be an ISO-8601 date-time`);
  }
  for (const p of malformedFields({ seq: seq as number, timeMs: 0, lat: lat as number, lon: lon as number })) if (p.field !== 'time') problems.push(`/${p.field}: ${p.message}`);
  if (typeof seq !== 'number') problems.push('/seq must be a number');
  const event = readDrivingEventJson(eventJson, '', (path, message) => problems.push(`${path || '(the value)'} ${message}`));
  if (event) for (const p of malformedEventFields(event)) problems.push(`/${p.field.slice('event.'.length).replaceAll('.', '/')}: ${p.message}`);
  if (problems.length > 0) return problem('schema', problems.slice(0, 3).join('; '));
  const record = value as DrivingEventRecord;
  const key = message.key === null || message.key === undefined ? undefined : String(message.key);
  if (key !== record.vehicleId) return problem('key', key === undefined ? `the record has no key (it must be the vehicleId ${record.vehicleId})` : `the key ${JSON.stringify(key)} is not the vehicleId ${record.vehicleId}`);
  return { record };
}

function problem(reason: RecordProblemReason, message: string): { problem: RecordProblem } {
  return { problem: { reason, message } };
}
