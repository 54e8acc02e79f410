import { BatchFormatError } from './errors.js';
import { formatIsoTimeMs, isTimeMs, parseIsoTimeMs } from './iso-time.js';
import { drivingEventToJson, readDrivingEventJson } from './driving-event.js';
import type { Position, PositionBatch } from './position.js';

/** Field order on the wire; anything else in a body is rejected as unknown. */
const BATCH_FIELDS = ['epoch', 'positions'] as const;
const REQUIRED_POSITION_FIELDS = ['seq', 'time', 'lat', 'lon'] as const;
const OPTIONAL_POSITION_FIELDS = ['speed', 'track', 'altMSL', 'hdop', 'uSat', 'mode'] as const;
/** A record that is a driving event carries it here (protocol/driving-event.ts). */
const EVENT_FIELD = 'event';
const POSITION_FIELDS: readonly string[] = [...REQUIRED_POSITION_FIELDS, ...OPTIONAL_POSITION_FIELDS, EVENT_FIELD];

/** Structural problems reported per body; more would only make a hostile body's 400 large. */
const MAX_REPORTED_PROBLEMS = 50;

export interface JsonBatchProblem {
  /** JSON Pointer of the offending value, e.g. `/positions/3/lat`. */
  path: string;
  message: string;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

/**
 * Read a JSON batch body (schema: protocol/batch.schema.json). Checks structure only:
 * types, required and unknown fields. Value ranges and seq order are `validateBatch`'s job,
 * so a 400 can name each bad position. Each `time` is read into `timeMs` (sub-millisecond
 * digits dropped); one that is not a valid ISO-8601 time becomes NaN for validation to report.
 * @throws BatchFormatError with `details: JsonBatchProblem[]` (or the JSON syntax error).
 */
export function parseJsonBatch(text: string): PositionBatch {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw new BatchFormatError(`body is not valid JSON: ${(err as Error).message}`, [{ path: '', message: (err as Error).message }]);
  }

  const problems: JsonBatchProblem[] = [];
  const problem = (path: string, message: string): void => {
    if (problems.length < MAX_REPORTED_PROBLEMS) problems.push({ path, message });
  };

  if (!isPlainObject(body)) {
    throw new BatchFormatError(`batch must be a JSON object, got ${typeName(body)}`, [{ path: '', message: 'expected an object' }]);
  }
  for (const key of Object.keys(body)) {
    if (!(BATCH_FIELDS as readonly string[]).includes(key)) problem(`/${escapePointer(key)}`, `unknown field "${key}" (a batch has only ${BATCH_FIELDS.join(', ')})`);
  }
  if (typeof body.epoch !== 'string') problem('/epoch', `epoch must be a string, got ${typeName(body.epoch)}`);
  const positions: Position[] = [];
  if (!Array.isArray(body.positions)) {
    problem('/positions', `positions must be an array, got ${typeName(body.positions)}`);
  } else {
    body.positions.forEach((item: unknown, index) => {
      const position = readPosition(item, `/positions/${index}`, problem);
      if (position) positions.push(position);
    });
  }

  if (problems.length > 0) {
    const more = problems.length >= MAX_REPORTED_PROBLEMS ? ' (first problems only)' : '';
    throw new BatchFormatError(`batch does not match the schema: ${problems[0]!.path} ${problems[0]!.message}${more}`, problems);
  }
  return { epoch: body.epoch as string, positions };
}

function readPosition(item: unknown, path: string, problem: (path: string, message: string) => void): Position | undefined {
  if (!isPlainObject(item)) {
    problem(path, `a position must be an object, got ${typeName(item)}`);
    return undefined;
  }
  let ok = true;
  const fail = (field: string, message: string): void => {
    ok = false;
    problem(field === '' ? path : `${path}/${escapePointer(field)}`, message);
  };
  for (const key of Object.keys(item)) {
    if (!POSITION_FIELDS.includes(key)) fail(key, `unknown field "${key}" (a position has ${POSITION_FIELDS.join(', ')})`);
  }
  for (const field of REQUIRED_POSITION_FIELDS) {
    if (!Object.hasOwn(item, field)) fail('', `missing required field "${field}"`);
  }
  if (Object.hasOwn(item, 'time') && typeof item.time !== 'string') fail('time', `time must be a string, got ${typeName(item.time)}`);
  for (const field of ['seq', 'lat', 'lon', ...OPTIONAL_POSITION_FIELDS]) {
    if (Object.hasOwn(item, field) && typeof item[field] !== 'number') fail(field, `${field} must be a number, got ${typeName(item[field])}`);
  }
  const event = Object.hasOwn(item, EVENT_FIELD) ? readDrivingEventJson(item[EVENT_FIELD], `${path}/${EVENT_FIELD}`, problem) : undefined;
  if (Object.hasOwn(item, EVENT_FIELD) && !event) ok = false;
  if (!ok) return undefined;

  const position: Position = {
    seq: item.seq as number,
    timeMs: parseIsoTimeMs(item.time as string) ?? Number.NaN,
    lat: item.lat as number,
    lon: item.lon as number,
  };
  for (const field of OPTIONAL_POSITION_FIELDS) {
    if (Object.hasOwn(item, field)) (position as unknown as Record<string, unknown>)[field] = item[field];
  }
  if (event) position.event = event;
  return position;
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * The JSON body of a batch: known fields only, in schema order, `timeMs` written as the
 * canonical `time` (`YYYY-MM-DDTHH:mm:ss.sssZ`).
 * @throws BatchFormatError for a `timeMs` that is not a time (NaN, beyond what a Date holds).
 */
export function encodeJsonBatch(batch: PositionBatch): string {
  return JSON.stringify({
    epoch: batch.epoch,
    positions: batch.positions.map((p, index) => {
      if (!isTimeMs(p.timeMs)) throw new BatchFormatError(`cannot encode position ${index}: time ${p.timeMs} is not a time`, { index });
      const out: Record<string, unknown> = { seq: p.seq, time: formatIsoTimeMs(p.timeMs), lat: p.lat, lon: p.lon };
      for (const field of OPTIONAL_POSITION_FIELDS) {
        if (p[field] !== undefined) out[field] = p[field];
      }
      if (p.event) {
        try {
          out[EVENT_FIELD] = drivingEventToJson(p.event);
        } catch {
          throw new BatchFormatError(`cannot encode position ${index}: its event's start or end is not a time`, { index });
        }
      }
      return out;
    }),
  });
}
