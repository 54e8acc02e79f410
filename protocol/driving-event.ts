import { formatIsoTimeMs, isTimeMs, parseIsoTimeMs } from './iso-time.js';
import { malformedFields, type FieldProblem } from './position-rules.js';

/**
 * A driving event the agent detected on its full-rate fix stream (agent/driving-events.ts):
 * the contract between the agent, the gateway and the `vehicle-events` topic. Documented in
 * protocol/README.md ("Driving events"); the thresholds in agent/README.md.
 */
export const DRIVING_EVENT_KINDS = ['harsh-acceleration', 'harsh-braking', 'harsh-cornering', 'speeding', 'idling'] as const;
export type DrivingEventKind = (typeof DRIVING_EVENT_KINDS)[number];

/**
 * The unit of an event's `peak` and `threshold`, by kind: an acceleration's magnitude (m/s²,
 * braking and cornering as positive values), the speed (m/s), or for idling the time stopped (s).
 */
export const DRIVING_EVENT_UNITS: Record<DrivingEventKind, 'm/s²' | 'm/s' | 's'> = {
  'harsh-acceleration': 'm/s²',
  'harsh-braking': 'm/s²',
  'harsh-cornering': 'm/s²',
  speeding: 'm/s',
  idling: 's',
};

/** One position of an event's trail: at most one a second around the peak. */
export interface TrailPoint {
  timeMs: number;
  lat: number;
  lon: number;
  /** m/s */
  speed?: number;
  /** degrees true */
  track?: number;
}

/** Most trail points an event carries: 10 s either side of the peak at 1 Hz is 21; the rest is margin for other settings. */
export const MAX_TRAIL_POINTS = 64;

/**
 * What an event record carries besides its position: it travels as a Position (its own seq, its
 * `timeMs`, `lat` and `lon` those of the peak) with this as `event`, through the agent's buffer,
 * the upload and the gateway like any position; the gateway produces it to `vehicle-events`.
 */
export interface DrivingEventDetails {
  kind: DrivingEventKind;
  /** Fix time of the first fix over the threshold, ms since 1970 (UTC). */
  startMs: number;
  /** Fix time of the last fix over the threshold. */
  endMs: number;
  /** The largest value over the event, in the kind's unit (DRIVING_EVENT_UNITS). */
  peak: number;
  /** The threshold it went over, same unit (a speed limit, a harsh-braking deceleration, a minimum idle). */
  threshold: number;
  /** 1 Hz positions around the peak. */
  trail: TrailPoint[];
}

/** An event as the agent's detector gives it: the details, and where and when the peak was (idling: where the vehicle stopped). */
export interface DrivingEvent extends DrivingEventDetails {
  peakTimeMs: number;
  lat: number;
  lon: number;
}

/** A trail point as JSON (the batch body and the Kafka record): its time as ISO-8601 text. */
export interface TrailPointJson {
  time: string;
  lat: number;
  lon: number;
  speed?: number;
  track?: number;
}

/** An event's details as JSON: `start` and `end` as ISO-8601 UTC text with milliseconds. */
export interface DrivingEventJson {
  kind: DrivingEventKind;
  start: string;
  end: string;
  peak: number;
  threshold: number;
  trail: TrailPointJson[];
}

export function trailPointToJson(p: TrailPoint): TrailPointJson {
  const out: TrailPointJson = { time: formatIsoTimeMs(p.timeMs), lat: p.lat, lon: p.lon };
  if (p.speed !== undefined) out.speed = p.speed;
  if (p.track !== undefined) out.track = p.track;
  return out;
}

export function drivingEventToJson(e: DrivingEventDetails): DrivingEventJson {
  return { kind: e.kind, start: formatIsoTimeMs(e.startMs), end: formatIsoTimeMs(e.endMs), peak: e.peak, threshold: e.threshold, trail: e.trail.map(trailPointToJson) };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads an event's JSON by structure (types, required and unknown fields), reporting each problem
 * at its JSON Pointer under `path`; times that are not ISO-8601 become NaN for `malformedEventFields`.
 */
export function readDrivingEventJson(value: unknown, path: string, problem: (path: string, message: string) => void): DrivingEventDetails | undefined {
  if (!isObject(value)) {
    problem(path, 'event must be an object');
    return undefined;
  }
  let ok = true;
  const fail = (at: string, message: string): void => {
    ok = false;
    problem(`${path}${at}`, message);
  };
  const fields: Record<string, 'string' | 'number' | 'array'> = { kind: 'string', start: 'string', end: 'string', peak: 'number', threshold: 'number', trail: 'array' };
  for (const key of Object.keys(value)) if (!(key in fields)) fail(`/${key}`, `unknown field "${key}" (an event has ${Object.keys(fields).join(', ')})`);
  for (const [key, type] of Object.entries(fields)) {
    const v = value[key];
    if (v === undefined) fail('', `missing required field "${key}"`);
    else if (type === 'array' ? !Array.isArray(v) : typeof v !== type) fail(`/${key}`, `${key} must be ${type === 'array' ? 'an array' : `a ${type}`}`);
  }
  if (!ok) return undefined;
  const trail: TrailPoint[] = [];
  (value.trail as unknown[]).forEach((item, i) => {
    const at = `/trail/${i}`;
    if (!isObject(item)) return fail(at, 'a trail point must be an object');
    for (const key of Object.keys(item)) if (!['time', 'lat', 'lon', 'speed', 'track'].includes(key)) fail(`${at}/${key}`, `unknown field "${key}" (a trail point has time, lat, lon, speed, track)`);
    if (typeof item.time !== 'string') fail(`${at}/time`, 'time must be a string');
    for (const key of ['lat', 'lon', 'speed', 'track']) {
      if ((key === 'lat' || key === 'lon' || item[key] !== undefined) && typeof item[key] !== 'number') fail(`${at}/${key}`, `${key} must be a number`);
    }
    const p: TrailPoint = { timeMs: parseIsoTimeMs(String(item.time)) ?? Number.NaN, lat: item.lat as number, lon: item.lon as number };
    if (item.speed !== undefined) p.speed = item.speed as number;
    if (item.track !== undefined) p.track = item.track as number;
    trail.push(p);
  });
  if (!ok) return undefined;
  return {
    kind: value.kind as DrivingEventKind,
    startMs: parseIsoTimeMs(value.start as string) ?? Number.NaN,
    endMs: parseIsoTimeMs(value.end as string) ?? Number.NaN,
    peak: value.peak as number,
    threshold: value.threshold as number,
    trail,
  };
}

/** Everything that makes an event's details no event (field names as on the wire, under `event.`); empty when well formed. */
export function malformedEventFields(e: DrivingEventDetails): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string): void => {
    problems.push({ field: `event.${field}`, message });
  };
  if (!(DRIVING_EVENT_KINDS as readonly string[]).includes(e.kind)) add('kind', `kind must be one of ${DRIVING_EVENT_KINDS.join(', ')}, got ${String(e.kind)}`);
  if (!isTimeMs(e.startMs)) add('start', 'start must be an ISO-8601 date-time');
  if (!isTimeMs(e.endMs)) add('end', 'end must be an ISO-8601 date-time');
  else if (isTimeMs(e.startMs) && e.endMs < e.startMs) add('end', 'end must not be before start');
  for (const key of ['peak', 'threshold'] as const) if (!(Number.isFinite(e[key]) && e[key] >= 0)) add(key, `${key} must be a number ≥ 0, got ${String(e[key])}`);
  if (!Array.isArray(e.trail) || e.trail.length > MAX_TRAIL_POINTS) add('trail', `trail must be an array of at most ${MAX_TRAIL_POINTS} points`);
  else {
    e.trail.forEach((p, i) => {
      for (const problem of malformedFields({ ...p })) add(`trail.${i}.${problem.field}`, problem.message);
    });
  }
  return problems;
}
