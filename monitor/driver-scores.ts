import { DRIVING_EVENT_KINDS, type DrivingEventKind } from '../protocol/driving-event.js';
import type { DrivingEventRecord } from '../protocol/driving-event-record.js';
import { type DriverScoreRecord, type ScorePeriod, driverScoreKey, zeroByKind } from '../protocol/driver-score-record.js';
import { calendarDate } from './vehicle-tracker.js';

/**
 * How a driver's 0–100 score is made from a period's events and distance (monitor/README.md, "Driver scores"):
 * 100 × e^(−points/100), points off per 100 km as weighed here. Exponential rather than 100 − points clamped at 0,
 * so the worst drivers of a fleet still rank among themselves (the demo's hurried drivers reach 200 points).
 */
export const SCORE_DEFAULTS = {
  /** Rates are per 100 km of at least this distance (m): one event on a 2 km day is not 50 per 100 km. */
  minDistance: 20_000,
  /** Points off per event per 100 km, by kind (speeding and idling also cost by the minute, below). */
  eventWeights: { 'harsh-acceleration': 3, 'harsh-braking': 5, 'harsh-cornering': 4, speeding: 2, idling: 0 } as Record<DrivingEventKind, number>,
  /** Points off per minute over the speed limit per 100 km. */
  speedingMinuteWeight: 1,
  /** Points off per minute idling per 100 km. */
  idlingMinuteWeight: 0.2,
};

export type ScoreOptions = typeof SCORE_DEFAULTS;

const DAY_MS = 86_400_000;

/** The ISO-8601 week (`2026-W49`) of a calendar date (`2026-11-30`): weeks start on Monday, week 1 holds the year's first Thursday. */
export function isoWeek(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const dayMs = Date.UTC(y, m - 1, d);
  const weekday = (new Date(dayMs).getUTCDay() + 6) % 7;
  const thursday = new Date(dayMs + (3 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY_MS / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/**
 * Every driver's score per day and per ISO week, in memory: the events counted once each by their
 * identity (vehicleId|epoch|seq, kept in the record), the distance as the vehicles' day distances
 * (set, never added). So applying the same event or status twice, or after a restore from the
 * driver-scores topic, changes nothing. Pure logic: monitor/score-keeper.ts does the Kafka part.
 */
export class DriverScores {
  private readonly records = new Map<string, DriverScoreRecord>();
  private journal: Map<string, DriverScoreRecord | undefined> | null = null;

  constructor(
    private readonly drivers: Map<string, string>,
    private readonly timeZone: string,
    private readonly options: ScoreOptions = SCORE_DEFAULTS,
  ) {}

  driverOf(vehicleId: string): string {
    return this.drivers.get(vehicleId) ?? vehicleId;
  }

  /** The keys of the day and week records an instant falls in. */
  private periods(driverId: string, timeMs: number): string[] {
    const date = calendarDate(this.timeZone, timeMs);
    return [this.recordOf(driverId, 'day', date), this.recordOf(driverId, 'week', isoWeek(date))];
  }

  private recordOf(driverId: string, period: ScorePeriod, periodId: string): string {
    const key = driverScoreKey(driverId, period, periodId);
    this.save(key);
    if (!this.records.has(key)) {
      this.records.set(key, {
        driverId,
        period,
        periodId,
        vehicles: [],
        distance: 0,
        events: zeroByKind(),
        eventsPer100km: zeroByKind(),
        timeOverSpeedLimit: 0,
        idlingTime: 0,
        score: 100,
        updatedAt: new Date().toISOString(),
        resume: { counted: [], dayDistances: {} },
      });
    }
    return key;
  }

  /** Count an event in its day and week (by its peak time); returns the keys it changed, none when already counted. */
  addEvent(e: DrivingEventRecord): string[] {
    const id = `${e.vehicleId}|${e.epoch}|${e.seq}`;
    const changed: string[] = [];
    for (const key of this.periods(this.driverOf(e.vehicleId), Date.parse(e.time))) {
      const r = this.records.get(key)!;
      if (r.resume.counted.includes(id)) continue;
      r.resume.counted.push(id);
      r.events[e.kind]++;
      const durationS = (Date.parse(e.end) - Date.parse(e.start)) / 1000;
      if (e.kind === 'speeding') r.timeOverSpeedLimit += durationS;
      if (e.kind === 'idling') r.idlingTime += durationS;
      this.touch(r, e.vehicleId);
      changed.push(key);
    }
    return changed;
  }

  /** A vehicle's distance on a date (vehicle-status `day`); returns the keys it changed. */
  setDayDistance(vehicleId: string, date: string, distance: number): string[] {
    const driverId = this.driverOf(vehicleId);
    const changed: string[] = [];
    for (const key of [this.recordOf(driverId, 'day', date), this.recordOf(driverId, 'week', isoWeek(date))]) {
      const r = this.records.get(key)!;
      const at = `${vehicleId}|${date}`;
      if (r.resume.dayDistances[at] === distance) continue;
      r.resume.dayDistances[at] = distance;
      this.touch(r, vehicleId);
      changed.push(key);
    }
    return changed;
  }

  private touch(r: DriverScoreRecord, vehicleId: string): void {
    const o = this.options;
    if (!r.vehicles.includes(vehicleId)) r.vehicles.push(vehicleId);
    r.distance = Object.values(r.resume.dayDistances).reduce((sum, d) => sum + d, 0);
    const per100km = 100_000 / Math.max(r.distance, o.minDistance);
    let penalty = ((r.timeOverSpeedLimit / 60) * o.speedingMinuteWeight + (r.idlingTime / 60) * o.idlingMinuteWeight) * per100km;
    for (const kind of DRIVING_EVENT_KINDS) {
      r.eventsPer100km[kind] = round1(r.events[kind] * per100km);
      penalty += r.events[kind] * per100km * o.eventWeights[kind];
    }
    r.score = round1(100 * Math.exp(-penalty / 100));
    r.updatedAt = new Date().toISOString();
  }

  get(key: string): DriverScoreRecord | undefined {
    return this.records.get(key);
  }

  all(): DriverScoreRecord[] {
    return [...this.records.values()];
  }

  /** A record read back from driver-scores (start-up, rebalance): it replaces what memory has. */
  restore(record: DriverScoreRecord): void {
    this.records.set(driverScoreKey(record.driverId, record.period, record.periodId), structuredClone(record));
  }

  /** From now on, remember each record's state before its first change, for `rollBack`. */
  begin(): void {
    this.journal = new Map();
  }

  /** Back to the state at `begin` (what could not be produced is not kept). */
  rollBack(): void {
    for (const [key, record] of this.journal ?? []) {
      if (record) this.records.set(key, record);
      else this.records.delete(key);
    }
    this.journal = null;
  }

  private save(key: string): void {
    if (this.journal && !this.journal.has(key)) this.journal.set(key, this.records.has(key) ? structuredClone(this.records.get(key)) : undefined);
  }
}
