import type { DrivingEventRecord } from '../protocol/driving-event-record.js';
import type { PositionRecord } from '../protocol/position-record.js';
import { isJumpStep, PLAUSIBILITY_DEFAULTS } from '../protocol/position-rules.js';
// Deep copies of statuses (plain JSON data), ~4× faster than structuredClone: the monitor copies each touched
// vehicle's status twice per batch (the state to roll back to, the one it publishes).
import { klona } from 'klona/json';
import { haversineM, withinM } from '../common/geo.js';
import { formatIsoTimeMs } from '../protocol/iso-time.js';
import { matchToRoute } from './geo.js';
import { etaAtMs, remainingToStop } from './eta.js';
import { type PlannedStop, type PlanThresholds, type VehiclePlan, PLAN_THRESHOLD_DEFAULTS } from './plan.js';

/**
 * One vehicle's state, computed from its positions in FIX-TIME order whatever order
 * they arrive in. Positions wait in a small reorder buffer until the newest fix seen
 * is `reorderWindowMs` ahead of them (or the vehicle falls silent, see `flush`), so a
 * shuffled or duplicated stream gives exactly the state a clean one gives. Positions
 * older than what was already computed are counted (`late`) and dropped; repeats of
 * `vehicleId`+`epoch`+`seq` are counted (`duplicates`) and dropped.
 */
export const TRACKER_DEFAULTS = {
  reorderWindowMs: 20_000,
  /** Sliding window of the recent average speed. */
  speedWindowMs: 5 * 60_000,
  /** The window keeps one (time, distance) sample per this much fix time: small, and the same after a restart. */
  speedWindowSampleMs: 5_000,
  movingSpeedMps: 1,
  /** Below movingSpeedMps for this long is `stopped` (a red light is not a stop). */
  stoppedAfterMs: 30_000,
  /** Both ends of a step slower than this: GPS jitter of a standing vehicle, not distance travelled. */
  jitterSpeedMps: 0.5,
  /**
   * A step faster than this is a jump no vehicle makes (a GPS glitch an older agent let through, a
   * simulated truck teleported): not distance travelled. The protocol's bound (protocol/position-rules.ts).
   */
  maxStepSpeed: PLAUSIBILITY_DEFAULTS.maxSpeed,
  /** A gap in fixes longer than this starts a new trip. */
  tripGapMs: 30 * 60_000,
  /** Buffer epochs whose highest seq is remembered for duplicate detection. */
  epochsRemembered: 4,
  /** IANA time zone whose midnight starts the day of `day.distance` ("distance today"), in fix time. */
  dayTimeZone: 'UTC',
};

export type TrackerOptions = typeof TRACKER_DEFAULTS;

/** 2: SI fields without unit suffixes (`speed`, `track`, `distance`, …; common/units.ts). A v1 record is still read: monitor/status-record.ts. */
export const STATUS_SCHEMA_VERSION = 2;
/** 2: `distanceFromRoute` (was `distanceFromRouteM`). */
export const ALERT_SCHEMA_VERSION = 2;

export type AlertType = 'deviation-start' | 'deviation-end' | 'delay-predicted' | 'delay-cleared' | 'arrival' | 'stop-missed' | 'no-data' | 'data-resumed' | 'severe-driving';

/** One record on vehicle-alerts (key = vehicle id). `alertId` is stable: consumers dedupe on it. */
export interface Alert {
  schemaVersion: number;
  alertId: string;
  vehicleId: string;
  type: AlertType;
  /** Fix time the alert is about (wall-clock time for no-data / data-resumed). */
  time: string;
  lat?: number;
  lon?: number;
  /** Metres. */
  distanceFromRoute?: number;
  offRouteSince?: string;
  stopId?: string;
  promisedAt?: string;
  eta?: string;
  /** Positive: late by this much (predicted or actual). */
  lateByMs?: number;
  lastReceivedAt?: string;
  /** `severe-driving`: the driver, and the event (monitor/driving-alerts.ts). */
  driverId?: string;
  event?: Pick<DrivingEventRecord, 'kind' | 'start' | 'end' | 'peak' | 'threshold'>;
}

/** Names and units as on the positions topic (gpsd TPV, SI; common/units.ts). */
export interface StatusPosition {
  time: string;
  lat: number;
  lon: number;
  /** Reported, else from the displacement since the previous position. */
  speed: number;
  track?: number;
}

/** A stop the vehicle is done with: arrived at (within arrivalRadiusM) or passed along the route without arriving. */
export interface StopVisit {
  stopId: string;
  outcome: 'arrival' | 'stop-missed';
  /** Fix time of the arrival, or of the position that showed the stop passed. */
  time: string;
  /** Against the promised time; positive is late. */
  lateByMs: number;
}

/** The value on vehicle-status (compacted, key = vehicle id): what other systems read, and what a restart resumes from. */
export interface VehicleStatus {
  schemaVersion: number;
  vehicleId: string;
  /** Wall-clock time this status was produced. */
  updatedAt: string;
  position: StatusPosition | null;
  motion: 'moving' | 'stopped' | 'unknown';
  /** Travelled since the first position (GPS jitter of a standing vehicle excluded). */
  distance: number;
  trip: { startTime: string; distance: number; avgSpeed: number | null } | null;
  /** Over the last `speedWindowMs` of fix time. */
  windowAvgSpeed: number | null;
  /** `progress`: along the route to the nearest point on it; `length`: of the whole route. */
  route: { distanceFromRoute: number; progress: number; length: number; offRoute: boolean; offRouteSince: string | null; deviationAlerted: boolean } | null;
  /** Travelled on the calendar day (in `dayTimeZone`) of the last fix: "distance today". */
  day: { date: string; distance: number } | null;
  /** `distance`: left to the stop along the route (plus back to the route when off it). */
  nextStop: { stopId: string; name?: string; lat: number; lon: number; promisedAt: string; distance: number; eta: string; late: boolean } | null;
  stopsDone: number;
  /** How each done stop was done, in route order (a status restored from an older monitor may lack the earlier ones). */
  visits: StopVisit[];
  lastReceivedAt: string | null;
  noData: boolean;
  /** `jumps`: steps no vehicle makes, left out of the distance (absent in statuses written before it was counted). */
  counts: { processed: number; duplicates: number; late: number; jumps?: number };
  /** Internal to the monitor (reorder buffer, duplicate memory, speed window); not a public contract. */
  resume: {
    pending: PositionRecord[];
    maxSeqByEpoch: Record<string, number>;
    speedWindow: [timeMs: number, distance: number][];
    lowSpeedSinceMs: number | null;
    /** Since when the ETA to the next stop has been past its promised time. */
    etaLateSinceMs: number | null;
    maxSeenMs: number | null;
  };
}

const iso = formatIsoTimeMs;

export class VehicleTracker {
  private s: VehicleStatus;
  /** Positions processed since the last `takeProcessed()`: the live page's trails. */
  private processed: StatusPosition[] = [];
  /** Whether anyone takes them (a monitor without a live page does not: kept, they would only load the GC). */
  keepProcessed = true;
  /**
   * The status keeps its times as ISO strings; each is parsed once, here (the monitor's hot path):
   * the fix time of `s.position`, of `s.trip.startTime`, of `s.lastReceivedAt` (with the receivedAt text
   * it came from), and of each of `s.resume.pending` (same order).
   */
  private positionMs: number;
  private tripStartMs: number;
  private lastReceivedMs: number;
  private lastReceivedText: string | null = null;
  private pendingMs: number[];
  /** Keys of `s.resume.maxSeqByEpoch`. */
  private epochCount: number;
  /**
   * The next stop as numbers. Every position moves it, a status is taken once per batch: `s.nextStop`
   * (two ISO times and a rounding) is built from these only when `nextStopChanged` and a status is taken.
   */
  private nextStop: PlannedStop | null = null;
  private nextStopRemainingM = 0;
  private nextStopEtaMs = 0;
  private nextStopLate: boolean;
  private nextStopChanged = false;
  /** The quarter hour (UTC) of the last `dayOf`, and its date: a vehicle's positions stay in one for 900 of them at 1 Hz. */
  private dayQuarter = Number.NaN;
  private dayDate = '';

  constructor(
    readonly vehicleId: string,
    private readonly plan: VehiclePlan | undefined,
    private readonly thresholds: PlanThresholds = PLAN_THRESHOLD_DEFAULTS,
    private readonly options: TrackerOptions = TRACKER_DEFAULTS,
    resumeFrom?: VehicleStatus,
  ) {
    this.s = resumeFrom
      ? this.upgraded(klona(resumeFrom))
      : {
          schemaVersion: STATUS_SCHEMA_VERSION,
          vehicleId,
          updatedAt: iso(Date.now()),
          position: null,
          motion: 'unknown',
          distance: 0,
          trip: null,
          windowAvgSpeed: null,
          route: null,
          day: null,
          nextStop: null,
          stopsDone: 0,
          visits: [],
          lastReceivedAt: null,
          noData: false,
          counts: { processed: 0, duplicates: 0, late: 0, jumps: 0 },
          resume: { pending: [], maxSeqByEpoch: {}, speedWindow: [], lowSpeedSinceMs: null, etaLateSinceMs: null, maxSeenMs: null },
        };
    const s = this.s;
    this.positionMs = s.position ? Date.parse(s.position.time) : Number.NaN;
    this.tripStartMs = s.trip ? Date.parse(s.trip.startTime) : Number.NaN;
    this.lastReceivedMs = s.lastReceivedAt === null ? Number.NaN : Date.parse(s.lastReceivedAt);
    this.pendingMs = s.resume.pending.map((p) => Date.parse(p.time));
    this.epochCount = Object.keys(s.resume.maxSeqByEpoch).length;
    this.nextStopLate = s.nextStop?.late ?? false;
  }

  /**
   * A status written before `day` and `visits` existed: the day starts with the current trip when that
   * began the same day (the most that can be known), and only the stops done from now on have details.
   */
  private upgraded(status: VehicleStatus): VehicleStatus {
    if (status.day === undefined) {
      const date = status.position ? this.dayOf(Date.parse(status.position.time)) : null;
      const tripSameDay = date !== null && status.trip !== null && this.dayOf(Date.parse(status.trip.startTime)) === date;
      status.day = date === null ? null : { date, distance: tripSameDay ? status.trip!.distance : 0 };
    }
    status.visits ??= [];
    return status;
  }

  private dayOf(timeMs: number): string {
    const quarter = Math.floor(timeMs / QUARTER_HOUR_MS);
    if (quarter !== this.dayQuarter) {
      this.dayDate = calendarDate(this.options.dayTimeZone, timeMs);
      this.dayQuarter = quarter;
    }
    return this.dayDate;
  }

  /** The positions processed (in fix-time order) since the last call. */
  takeProcessed(): StatusPosition[] {
    const positions = this.processed;
    this.processed = [];
    return positions;
  }

  status(): VehicleStatus {
    if (this.nextStopChanged) {
      this.s.nextStop = this.nextStopStatus();
      this.nextStopChanged = false;
    }
    return { ...klona(this.s), updatedAt: iso(Date.now()) };
  }

  /** `nextStop` as the status carries it: a literal per shape, not a spread. */
  private nextStopStatus(): VehicleStatus['nextStop'] {
    const stop = this.nextStop;
    if (!stop) return null;
    const promisedAt = iso(stop.promisedAtMs);
    const eta = iso(Math.round(this.nextStopEtaMs));
    const distance = round(this.nextStopRemainingM);
    const late = this.nextStopLate;
    return stop.name
      ? { stopId: stop.stopId, name: stop.name, lat: stop.lat, lon: stop.lon, promisedAt, distance, eta, late }
      : { stopId: stop.stopId, lat: stop.lat, lon: stop.lon, promisedAt, distance, eta, late };
  }

  get pendingCount(): number {
    return this.s.resume.pending.length;
  }

  get noData(): boolean {
    return this.s.noData;
  }

  get lastReceivedAtMs(): number | null {
    return this.s.lastReceivedAt ? this.lastReceivedMs : null;
  }

  /**
   * Take one position as it arrives; returns the alerts of the positions this lets through the reorder
   * buffer, appended to `alerts` when given (the monitor collects a whole batch's in one array).
   * `timeMs`: `rec.time` parsed, when the caller has it (the record check parses it).
   */
  ingest(rec: PositionRecord, alerts: Alert[] = [], timeMs = Date.parse(rec.time)): Alert[] {
    const r = this.s.resume;
    // A batch's positions share their receivedAt: parsed once per batch, not per position.
    if (rec.receivedAt !== this.lastReceivedText) {
      const receivedMs = Date.parse(rec.receivedAt);
      if (Number.isFinite(receivedMs) && (this.s.lastReceivedAt === null || receivedMs > this.lastReceivedMs)) {
        this.s.lastReceivedAt = iso(receivedMs);
        this.lastReceivedMs = receivedMs;
      }
      this.lastReceivedText = rec.receivedAt;
    }
    if (this.s.noData) {
      this.s.noData = false;
      alerts.push(this.alert('data-resumed', this.s.lastReceivedAt ?? rec.receivedAt, {}));
    }
    const maxSeq = r.maxSeqByEpoch[rec.epoch];
    if ((maxSeq !== undefined && rec.seq <= maxSeq) || isPending(r.pending, rec)) {
      this.s.counts.duplicates++;
      return alerts;
    }
    if (this.s.position && timeMs <= this.positionMs) {
      this.s.counts.late++;
      return alerts;
    }
    // Sorted insert by (fix time, epoch, seq): a total order, so any arrival order drains the same way.
    const pendingMs = this.pendingMs;
    let i = r.pending.length;
    while (i > 0 && comparePositions(r.pending[i - 1], pendingMs[i - 1], rec, timeMs) > 0) i--;
    // Most positions arrive in order: appended, without splice's general case.
    if (i === r.pending.length) {
      r.pending.push(rec);
      pendingMs.push(timeMs);
    } else {
      r.pending.splice(i, 0, rec);
      pendingMs.splice(i, 0, timeMs);
    }
    r.maxSeenMs = r.maxSeenMs === null ? timeMs : Math.max(r.maxSeenMs, timeMs);
    this.drain(r.maxSeenMs - this.options.reorderWindowMs, alerts);
    return alerts;
  }

  /** Process everything still waiting (the vehicle has gone quiet: nothing earlier is coming). */
  flush(): Alert[] {
    return this.drain(Infinity, []);
  }

  /** Wall-clock silence check: `no-data` once when nothing was received for `noDataMs`. */
  checkSilence(nowMs: number, noDataMs: number): Alert[] {
    const last = this.lastReceivedAtMs;
    if (this.s.noData || last === null || nowMs - last < noDataMs) return [];
    this.s.noData = true;
    return [this.alert('no-data', iso(nowMs), { lastReceivedAt: this.s.lastReceivedAt!, ...this.lastLatLon() })];
  }

  private lastLatLon(): { lat?: number; lon?: number } {
    return this.s.position ? { lat: this.s.position.lat, lon: this.s.position.lon } : {};
  }

  private drain(watermarkMs: number, alerts: Alert[]): Alert[] {
    const pending = this.s.resume.pending;
    const pendingMs = this.pendingMs;
    while (pending.length > 0 && pendingMs[0] <= watermarkMs) this.process(pending.shift()!, pendingMs.shift()!, alerts);
    return alerts;
  }

  /** `t`: the fix time of `rec`, parsed. */
  private process(rec: PositionRecord, t: number, alerts: Alert[]): void {
    const o = this.options;
    const r = this.s.resume;
    const prev = this.s.position;
    const prevMs = this.positionMs;
    const seqs = r.maxSeqByEpoch;
    const known = Object.hasOwn(seqs, rec.epoch);
    seqs[rec.epoch] = Math.max(seqs[rec.epoch] ?? 0, rec.seq);
    if (!known && Object.hasOwn(seqs, rec.epoch)) this.epochCount++;
    if (this.epochCount > o.epochsRemembered) {
      delete seqs[Object.keys(seqs)[0]];
      this.epochCount--;
    }
    this.s.counts.processed++;

    // A speed the gateway flagged as implausible is not the vehicle's: the displacement tells it instead.
    const reported = rec.suspect?.includes('speed') ? undefined : rec.speed;
    let speed = reported ?? 0;
    const distanceBefore = this.s.distance;
    let stepM: number;
    if (!prev || t - prevMs > o.tripGapMs) {
      this.s.trip = { startTime: rec.time, distance: 0, avgSpeed: null };
      this.tripStartMs = t;
      r.speedWindow = [];
    } else if (isJumpStep((stepM = haversineM(prev, rec)), t - prevMs, o.maxStepSpeed)) {
      this.s.counts.jumps = (this.s.counts.jumps ?? 0) + 1;
    } else {
      const dtMs = t - prevMs;
      if (reported === undefined) speed = (stepM / dtMs) * 1000;
      if (Math.max(speed, prev.speed) >= o.jitterSpeedMps) {
        this.s.distance += stepM;
        this.s.trip!.distance += stepM;
      }
    }
    const date = this.dayOf(t);
    if (this.s.day?.date !== date) this.s.day = { date, distance: 0 };
    this.s.day.distance += this.s.distance - distanceBefore;
    const trip = this.s.trip!;
    const tripElapsedMs = t - this.tripStartMs;
    trip.avgSpeed = tripElapsedMs > 0 ? (trip.distance / tripElapsedMs) * 1000 : null;

    const window = r.speedWindow;
    if (window.length === 0 || t - window[window.length - 1][0] >= o.speedWindowSampleMs) window.push([t, trip.distance]);
    while (window.length > 1 && window[0][0] < t - o.speedWindowMs) window.shift();
    const windowElapsedMs = t - window[0][0];
    this.s.windowAvgSpeed = windowElapsedMs > 0 ? ((trip.distance - window[0][1]) / windowElapsedMs) * 1000 : this.s.windowAvgSpeed;

    if (speed >= o.movingSpeedMps) {
      this.s.motion = 'moving';
      r.lowSpeedSinceMs = null;
    } else {
      r.lowSpeedSinceMs ??= t;
      if (this.s.motion === 'unknown' || t - r.lowSpeedSinceMs >= o.stoppedAfterMs) this.s.motion = 'stopped';
    }
    // One literal per shape: adding `track` afterwards changed the object's hidden class for every position.
    const position: StatusPosition =
      rec.track === undefined ? { time: rec.time, lat: rec.lat, lon: rec.lon, speed } : { time: rec.time, lat: rec.lat, lon: rec.lon, speed, track: rec.track };
    this.s.position = position;
    this.positionMs = t;
    if (this.keepProcessed) this.processed.push(position);
    if (this.plan) this.followPlan(this.plan, rec, t, alerts);
  }

  private followPlan(plan: VehiclePlan, rec: PositionRecord, t: number, alerts: Alert[]): void {
    const th = this.thresholds;
    // Updated in place (a status taken is a deep copy): one object per vehicle, not one per position.
    const route = (this.s.route ??= { distanceFromRoute: 0, progress: 0, length: plan.route.lengthM, offRoute: false, offRouteSince: null, deviationAlerted: false });
    const match = matchToRoute(plan.route, rec, route.progress);
    const offRoute = match.distanceM > th.deviationM;
    route.distanceFromRoute = match.distanceM;
    if (!offRoute) route.progress = match.alongM;
    route.length = plan.route.lengthM;
    route.offRoute = offRoute;
    if (offRoute) {
      route.offRouteSince ??= rec.time;
      if (!route.deviationAlerted && t - Date.parse(route.offRouteSince) >= th.deviationGraceMs) {
        route.deviationAlerted = true;
        alerts.push(this.alert('deviation-start', rec.time, { lat: rec.lat, lon: rec.lon, distanceFromRoute: round(match.distanceM), offRouteSince: route.offRouteSince }));
      }
    } else {
      if (route.deviationAlerted) alerts.push(this.alert('deviation-end', rec.time, { lat: rec.lat, lon: rec.lon, distanceFromRoute: round(match.distanceM), offRouteSince: route.offRouteSince! }));
      route.offRouteSince = null;
      route.deviationAlerted = false;
    }

    let delayAlerted = this.nextStopLate;
    while (this.s.stopsDone < plan.stops.length) {
      const stop = plan.stops[this.s.stopsDone];
      const arrived = withinM(rec, stop, th.arrivalRadiusM);
      const passed = !offRoute && route.progress > stop.alongM + 2 * th.arrivalRadiusM;
      if (!arrived && !passed) break;
      const outcome = arrived ? 'arrival' : 'stop-missed';
      alerts.push(this.alert(outcome, rec.time, { lat: rec.lat, lon: rec.lon, stopId: stop.stopId, promisedAt: iso(stop.promisedAtMs), lateByMs: t - stop.promisedAtMs }));
      this.s.visits.push({ stopId: stop.stopId, outcome, time: rec.time, lateByMs: t - stop.promisedAtMs });
      this.s.stopsDone++;
      delayAlerted = false;
    }
    const stop = plan.stops[this.s.stopsDone];
    this.nextStopChanged = true;
    this.nextStop = stop ?? null;
    if (!stop) {
      this.nextStopLate = false;
      return;
    }
    const remainingM = remainingToStop(stop.alongM, route);
    const etaMs = etaAtMs(t, remainingM, this.s.trip?.avgSpeed ?? null, th);
    const warmedUp = t - this.tripStartMs >= th.etaWarmupMs;
    const r = this.s.resume;
    r.etaLateSinceMs = etaMs > stop.promisedAtMs ? (r.etaLateSinceMs ?? t) : null;
    if (!delayAlerted && warmedUp && r.etaLateSinceMs !== null && t - r.etaLateSinceMs >= th.delayConfirmMs) {
      delayAlerted = true;
      alerts.push(this.alert('delay-predicted', rec.time, delayDetails(rec, stop, etaMs)));
    } else if (delayAlerted && etaMs < stop.promisedAtMs - th.delayClearMarginMs) {
      delayAlerted = false;
      alerts.push(this.alert('delay-cleared', rec.time, delayDetails(rec, stop, etaMs)));
    }
    this.nextStopRemainingM = remainingM;
    this.nextStopEtaMs = etaMs;
    this.nextStopLate = delayAlerted;
  }

  private alert(type: AlertType, time: string, details: Partial<Alert>): Alert {
    const suffix = details.stopId ? `:${details.stopId}` : '';
    return { schemaVersion: ALERT_SCHEMA_VERSION, alertId: `${this.vehicleId}:${type}:${time}${suffix}`, vehicleId: this.vehicleId, type, time, ...details };
  }
}

/** Per time zone: its formatter and the dates of the quarter hours asked for. Shared by every tracker: a formatter is costly. */
const calendars = new Map<string, { format: Intl.DateTimeFormat; dates: Map<number, string> }>();
const QUARTER_HOUR_MS = 15 * 60_000;
/** Dates remembered per zone (a month of quarter hours) before the memory starts over. */
const DATES_REMEMBERED = 3_000;

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function calendarDate(timeZone: string, timeMs: number): string {
  // Every zone's offset is a whole number of quarter hours, so no midnight falls inside a UTC quarter hour.
  const quarter = Math.floor(timeMs / QUARTER_HOUR_MS);
  let calendar = calendars.get(timeZone);
  if (!calendar) calendars.set(timeZone, (calendar = { format: new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }), dates: new Map() }));
  let date = calendar.dates.get(quarter);
  if (date === undefined) {
    const parts = calendar.format.formatToParts(quarter * QUARTER_HOUR_MS);
    const part = (type: string): string => parts.find((p) => p.type === type)!.value;
    date = `${part('year')}-${part('month')}-${part('day')}`;
    if (calendar.dates.size >= DATES_REMEMBERED) calendar.dates.clear();
    calendar.dates.set(quarter, date);
  }
  return date;
}

/** What a delay alert says: where the vehicle is, the stop, its promised time and the ETA. */
function delayDetails(rec: PositionRecord, stop: PlannedStop, etaMs: number): Partial<Alert> {
  return { lat: rec.lat, lon: rec.lon, stopId: stop.stopId, promisedAt: iso(stop.promisedAtMs), eta: iso(Math.round(etaMs)), lateByMs: Math.round(etaMs - stop.promisedAtMs) };
}

function round(m: number): number {
  return Math.round(m * 10) / 10;
}

/** Whether the reorder buffer already holds this position (a duplicate that arrived before its first copy was processed). */
function isPending(pending: PositionRecord[], rec: PositionRecord): boolean {
  for (let i = 0; i < pending.length; i++) if (pending[i]!.seq === rec.seq && pending[i]!.epoch === rec.epoch) return true;
  return false;
}

function comparePositions(a: PositionRecord, aTimeMs: number, b: PositionRecord, bTimeMs: number): number {
  return aTimeMs - bTimeMs || (a.epoch < b.epoch ? -1 : a.epoch > b.epoch ? 1 : 0) || a.seq - b.seq;
}
