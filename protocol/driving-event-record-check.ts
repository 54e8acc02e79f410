import { malformedEventFields, readDrivingEventJson } from './driving-event.js';
import { DRIVING_EVENT_RECORD_SCHEMA_VERSION, type DrivingEventRecord } from './driving-event-record.js';
import { parseIsoTimeMs } from './iso-time.js';
import { keyProblem, readRecordJson, type RawRecord, type RecordProblem } from './position-record-check.js';
import { malformedFields } from './position-rules.js';
import { VEHICLE_ID_PATTERN } from './vehicle-id.js';

/**
 * Every consumer of `vehicle-events` reads a record through `checkDrivingEventRecord`, as the positions'
 * consumers use checkPositionRecord: what is not an event record comes back as a problem (the same
 * reasons, so the same dead-letter headers), never as a throw that stops the consumer.
 */
export function checkDrivingEventRecord(message: RawRecord): { record: DrivingEventRecord } | { problem: RecordProblem } {
  const read = readRecordJson(message, DRIVING_EVENT_RECORD_SCHEMA_VERSION);
  if ('problem' in read) return read;
  const value = read.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: { reason: 'schema', message: 'the value must be an object' } };
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
  if (problems.length > 0) return { problem: { reason: 'schema', message: problems.slice(0, 3).join('; ') } };
  const record = value as DrivingEventRecord;
  return keyProblem(message, record.vehicleId) ?? { record };
}
