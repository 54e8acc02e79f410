import type { DrivingEventRecord } from '../protocol/driving-event-record.js';
import { gToMps2, kmhToMps } from '../common/units.js';
import { ALERT_SCHEMA_VERSION, type Alert } from './vehicle-tracker.js';

/**
 * Which driving events are severe enough for an alert on vehicle-alerts (beside being scored).
 * Part of the plan's `thresholds` (monitor/plan.ts), so a fleet sets them in its plan file; 0 turns one off.
 */
export const SEVERE_EVENT_DEFAULTS = {
  /** A harsh brake of at least this deceleration (m/s²): 0.45 g, an emergency stop of a loaded truck. */
  severeBraking: gToMps2(0.45),
  /** Speeding at least this far over the limit (m/s): 20 km/h. */
  severeSpeedingOver: kmhToMps(20),
  /** Idling at least this long. */
  severeIdlingMs: 30 * 60_000,
};

export type SevereEventThresholds = typeof SEVERE_EVENT_DEFAULTS;

export function isSevere(e: Pick<DrivingEventRecord, 'kind' | 'peak' | 'threshold'>, t: SevereEventThresholds): boolean {
  switch (e.kind) {
    case 'harsh-braking':
      return t.severeBraking > 0 && e.peak >= t.severeBraking;
    case 'speeding':
      return t.severeSpeedingOver > 0 && e.peak >= e.threshold + t.severeSpeedingOver;
    case 'idling':
      return t.severeIdlingMs > 0 && e.peak * 1000 >= t.severeIdlingMs;
    default:
      return false;
  }
}

/** The alert of a severe event. Its id is the event's identity, so a repeat (redelivery before the commit) has the same id. */
export function severeEventAlert(e: DrivingEventRecord, driverId: string): Alert {
  return {
    schemaVersion: ALERT_SCHEMA_VERSION,
    alertId: `${e.vehicleId}:severe-driving:${e.epoch}:${e.seq}`,
    vehicleId: e.vehicleId,
    type: 'severe-driving',
    time: e.time,
    lat: e.lat,
    lon: e.lon,
    driverId,
    event: { kind: e.kind, start: e.start, end: e.end, peak: e.peak, threshold: e.threshold },
  };
}
