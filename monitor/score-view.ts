import type { DriverScoreRecord } from '../protocol/driver-score-record.js';
import { driverScoreKey } from '../protocol/driver-score-record.js';
import type { DrivingEventRecord } from '../protocol/driving-event-record.js';
import type { DriverScoreView, DrivingEventView } from './live-contract.js';

/** The live page's views of scores and events (monitor/live-contract.ts). */

export function driverScoreView(r: DriverScoreRecord): DriverScoreView {
  const { resume: _resume, updatedAt: _updatedAt, ...view } = r;
  return { id: driverScoreKey(r.driverId, r.period, r.periodId), ...view };
}

export function drivingEventView(e: DrivingEventRecord, driverId: string): DrivingEventView {
  return {
    id: `${e.vehicleId}|${e.epoch}|${e.seq}`,
    vehicleId: e.vehicleId,
    driverId,
    kind: e.kind,
    timeMs: Date.parse(e.time),
    lat: e.lat,
    lon: e.lon,
    startMs: Date.parse(e.start),
    endMs: Date.parse(e.end),
    peak: e.peak,
    threshold: e.threshold,
    trail: e.trail.map((p) => [Date.parse(p.time), p.lat, p.lon, p.speed ?? null]),
  };
}

/** Each driver's latest day and latest week (period ids sort as dates and weeks do). */
export function latestPeriods(records: Iterable<DriverScoreView>): DriverScoreView[] {
  const latest = new Map<string, DriverScoreView>();
  for (const r of records) {
    const key = `${r.driverId}|${r.period}`;
    const known = latest.get(key);
    if (!known || known.periodId < r.periodId) latest.set(key, r);
  }
  return [...latest.values()];
}
