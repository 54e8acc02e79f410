import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { UserError } from '../../common/errors.js';
import { readTripFile, tripFileFormat, TRIP_FORMATS_HINT, type TripFormat } from '../../trips/trip-files.js';
import type { TripPoint } from '../../trips/trip-point.js';
import { captureDate } from '../framing/capture-file.js';
import { Framer } from '../framing/framer.js';
import { sentenceTimeOfDayMs } from '../nmea/sentence-time.js';
import { renderEpoch } from './nmea-render.js';
import type { VirtualSerial } from './virtual-serial.js';

/**
 * gpsfake for this project: plays a gpsd capture or a recorded trip (any format of trips/)
 * onto a virtual serial device, one reporting cycle at a time, at the recorded pace (or
 * `rate`× faster).
 */
export const REPLAY_DEFAULTS = {
  rate: 1,
  loop: false,
  /** Longest pause kept between two trip points; longer gaps (parked trucks, days off) play as one 1-s cycle. */
  maxGapMs: 60_000,
  /** A capture's cycles are at most 1 s apart (gpsfake does not reproduce gaps either). */
  captureMaxGapMs: 1000,
  /** A capture cycle without any timestamp (AIS, binary-only stretches) is closed after this many lines. */
  untimedLinesPerCycle: 20,
} as const;

/** Bytes written at once, `delayMs` (recorded time) after the previous cycle. */
export interface ReplayCycle {
  delayMs: number;
  bytes: Buffer;
}

export interface ReplaySource {
  /** `nmea`: a receiver capture, played as recorded; any other: a trip rendered as NMEA. */
  format: TripFormat;
  /** The capture's `# Date:` (what a decoder needs for time-only sentences before the first RMC). */
  date?: string;
  /** Rows or lines left out, by reason. */
  skipped: Record<string, number>;
  /** Cycles of pass `n` (0-based); trips move their clock forward on every pass so time never runs backwards. */
  pass(n: number): ReplayCycle[];
}

export interface ReplaySourceOptions {
  /** ndsbr trip id or GPX track segment (`seg1`, …); needed when the file holds several. */
  trip?: string;
  /** Truck pings: the driver; needed when the file holds several. */
  driver?: string;
  maxGapMs?: number;
  /** Shift a trip's clock so that it starts now (trips only; a capture's bytes are played as recorded). */
  startNow?: boolean;
}

const DAY_MS = 86_400_000;

function gapToDelay(deltaMs: number, maxGapMs: number): number {
  return deltaMs > 0 && deltaMs <= maxGapMs ? deltaMs : 1000;
}

/**
 * Splits a gpsd capture into reporting cycles. Each line (split on `\n`) goes through the
 * framer, which says what it is: a comment is left out (its `# Date:` kept), anything else is
 * written as recorded, binary included, and a checksummed sentence with a new UTC time starts
 * a new cycle, so the capture plays at its recorded rate.
 */
export function captureCycles(data: Buffer, maxGapMs: number = REPLAY_DEFAULTS.captureMaxGapMs): { cycles: ReplayCycle[]; date?: string; comments: number } {
  const cycles: ReplayCycle[] = [];
  let date: string | undefined;
  let comments = 0;
  let pending: Buffer[] = [];
  let cycleTime: number | null = null;
  let delayMs = 0;
  const framer = new Framer({ comments: true });
  const flush = (nextDelayMs: number): void => {
    cycles.push({ delayMs, bytes: Buffer.concat(pending) });
    pending = [];
    delayMs = nextDelayMs;
    cycleTime = null;
  };
  let from = 0;
  while (from < data.length) {
    const nl = data.indexOf(0x0a, from);
    const end = nl < 0 ? data.length : nl + 1;
    const line = data.subarray(from, end);
    from = end;
    const items = nl < 0 ? [...framer.push(line), ...framer.end()] : framer.push(line);
    const comment = items.find((item) => item.kind === 'comment');
    if (comment) {
      comments++;
      date ??= captureDate(comment.text);
      continue;
    }
    const sentence = items.find((item) => item.kind === 'sentence');
    const time = sentence ? sentenceTimeOfDayMs(sentence.sentence) : null;
    if (pending.length > 0) {
      if (time !== null && cycleTime !== null && time !== cycleTime) {
        let delta = time - cycleTime;
        if (delta < -DAY_MS / 2) delta += DAY_MS;
        flush(gapToDelay(delta, maxGapMs));
      } else if (time === null && cycleTime === null && pending.length >= REPLAY_DEFAULTS.untimedLinesPerCycle) {
        flush(1000);
      }
    }
    if (time !== null && cycleTime === null) cycleTime = time;
    pending.push(line);
  }
  if (pending.length > 0) flush(0);
  return { cycles, date, comments };
}

/** A trip's points as cycles of RMC+GGA+VTG+GSA, the clock shifted by `shiftMs`. */
export function tripCycles(points: TripPoint[], shiftMs: number, maxGapMs: number): ReplayCycle[] {
  return points.map((p, i) => ({
    delayMs: i === 0 ? 0 : gapToDelay(p.timeMs - points[i - 1]!.timeMs, maxGapMs),
    bytes: Buffer.from(renderEpoch({ ...p, timeMs: p.timeMs + shiftMs }).map((s) => s + '\r\n').join(''), 'latin1'),
  }));
}

export async function loadReplaySource(file: string, options: ReplaySourceOptions = {}): Promise<ReplaySource> {
  const format = tripFileFormat(file);
  if (format === undefined) throw new UserError(`cannot tell the format of ${file}`, TRIP_FORMATS_HINT);
  if (format === 'nmea') {
    const { cycles, date, comments } = captureCycles(await readFile(file));
    if (cycles.length === 0) throw new UserError(`${file} holds no data to replay`, 'give a gpsd capture with NMEA sentences');
    return { format, date, skipped: comments ? { commentLines: comments } : {}, pass: () => cycles };
  }
  const { trips } = readTripFile(file);
  const ids = [...trips.keys()];
  const [flag, id] = format === 'truck-pings-csv' ? ['--driver', options.driver] : ['--trip', options.trip];
  const chosen = id ?? (ids.length === 1 ? ids[0] : undefined);
  if (chosen === undefined) throw new UserError(`${file} holds ${ids.length} trips; choose one with ${flag}`, `${flag} one of: ${ids.join(', ')}`);
  const { points, skipped } = trips.get(chosen) ?? { points: [], skipped: {} };
  if (points.length === 0) throw new UserError(`no points for "${chosen}" in ${file}`, `choose one of: ${ids.join(', ')}`);
  const maxGapMs = options.maxGapMs ?? REPLAY_DEFAULTS.maxGapMs;
  const first = points[0]!.timeMs;
  const spanMs = points[points.length - 1]!.timeMs - first + 1000;
  const startShift = options.startNow ? Date.now() - first : 0;
  return { format, skipped, pass: (n) => tripCycles(points, startShift + n * spanMs, maxGapMs) };
}

export interface ReplayOptions {
  rate?: number;
  loop?: boolean;
  signal?: AbortSignal;
}

export interface ReplayStats {
  passes: number;
  cycles: number;
  bytesWritten: number;
  /** Bytes lost because nobody read the device (or it could not keep up), as on a real UART. */
  bytesDropped: number;
}

/**
 * Writes the source's cycles to `device` on a fixed schedule (recorded delays divided by
 * `rate`, measured from the start so that pacing does not drift). Ends after one pass, or
 * never with `loop`, or when `signal` aborts.
 */
export async function replay(device: VirtualSerial, source: ReplaySource, options: ReplayOptions = {}): Promise<ReplayStats> {
  const rate = options.rate ?? REPLAY_DEFAULTS.rate;
  if (!(rate > 0)) throw new UserError(`--rate must be a positive number, not ${rate}`, 'e.g. --rate 10 plays ten times faster');
  const stats: ReplayStats = { passes: 0, cycles: 0, bytesWritten: 0, bytesDropped: 0 };
  const startedMs = Date.now();
  let scheduleMs = 0;
  for (let n = 0; n === 0 || options.loop; n++) {
    for (const cycle of source.pass(n)) {
      scheduleMs += cycle.delayMs / rate;
      const waitMs = startedMs + scheduleMs - Date.now();
      if (waitMs > 0) await sleep(waitMs, undefined, { signal: options.signal }).catch(() => {});
      if (options.signal?.aborted) return stats;
      if (device.write(cycle.bytes)) stats.bytesWritten += cycle.bytes.length;
      else stats.bytesDropped += cycle.bytes.length;
      stats.cycles++;
    }
    stats.passes++;
    if (n === 0 && options.loop) scheduleMs += 1000 / rate;
  }
  return stats;
}
