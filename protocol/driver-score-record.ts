import { DRIVING_EVENT_KINDS, type DrivingEventKind } from './driving-event.js';
import { SCHEMA_VERSION_HEADER } from './position-record.js';
import type { RawRecord } from './position-record-check.js';

/**
 * The value of one record on the compacted `driver-scores` topic (JSON, UTF-8): a driver's score over
 * one calendar day (in the fleet's time zone) or one ISO week, as the monitor computes it from
 * `vehicle-events` and the distance in `vehicle-status` (monitor/driver-scores.ts). Key:
 * `driverScoreKey`. The schema version travels in the header `schema-version`. Every field is
 * explained in monitor/README.md ("Driver scores").
 */
export const DRIVER_SCORE_RECORD_SCHEMA_VERSION = 1;

export type ScorePeriod = 'day' | 'week';

export interface DriverScoreRecord {
  driverId: string;
  period: ScorePeriod;
  /** `2026-11-30` (a day) or `2026-W49` (an ISO week). */
  periodId: string;
  /** The vehicles the driver drove in the period. */
  vehicles: string[];
  /** Metres travelled in the period (vehicle-status's day distances). */
  distance: number;
  /** Events counted, by kind (each event once, whatever the redeliveries). */
  events: Record<DrivingEventKind, number>;
  /** Events per 100 km by kind, over max(distance, SCORE_DEFAULTS.minDistance). */
  eventsPer100km: Record<DrivingEventKind, number>;
  /** Seconds over the speed limit: the speeding events' durations. */
  timeOverSpeedLimit: number;
  /** Seconds idling: the idling events' durations. */
  idlingTime: number;
  /** 0 (worst) to 100 (no events): see monitor/README.md. */
  score: number;
  /** Wall-clock time the record was produced. */
  updatedAt: string;
  /** Internal to the monitor: what makes counting exact across redeliveries and restarts. Not a public contract. */
  resume: {
    /** `vehicleId|epoch|seq` of every event counted. */
    counted: string[];
    /** `vehicleId|date` → metres that vehicle travelled on that date (set, not added: a repeated status changes nothing). */
    dayDistances: Record<string, number>;
  };
}

export function driverScoreKey(driverId: string, period: ScorePeriod, periodId: string): string {
  return `${driverId}|${period}|${periodId}`;
}

export function driverScoreRecordHeaders(): Record<string, string> {
  return { [SCHEMA_VERSION_HEADER]: String(DRIVER_SCORE_RECORD_SCHEMA_VERSION), 'content-type': 'application/json' };
}

export function zeroByKind(): Record<DrivingEventKind, number> {
  return Object.fromEntries(DRIVING_EVENT_KINDS.map((k) => [k, 0])) as Record<DrivingEventKind, number>;
}

/** Parse a record value; throws when the header names a schema version this code does not know. */
export function parseDriverScoreRecord(value: Buffer | string, headers?: RawRecord['headers']): DriverScoreRecord {
  const version = headers?.[SCHEMA_VERSION_HEADER];
  if (version !== undefined && String(version) !== String(DRIVER_SCORE_RECORD_SCHEMA_VERSION)) {
    throw new Error(`driver score record schema version ${String(version)} is not supported (this reader knows ${DRIVER_SCORE_RECORD_SCHEMA_VERSION})`);
  }
  return JSON.parse(typeof value === 'string' ? value : value.toString('utf8')) as DriverScoreRecord;
}
