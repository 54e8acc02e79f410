import { SCHEMA_VERSION_HEADER } from '../protocol/position-record.js';
import type { StoredStatus } from './status-store.js';
import { STATUS_SCHEMA_VERSION } from './vehicle-tracker.js';

/**
 * A vehicle-status record of schema version 1 (before common/units.ts): the fields that
 * version 2 renamed, with their unit suffixes. Everything else is the same in both.
 */
interface StatusV1 extends Omit<StoredStatus, 'schemaVersion' | 'position' | 'distance' | 'trip' | 'windowAvgSpeed' | 'route' | 'nextStop'> {
  schemaVersion: 1;
  position: { time: string; lat: number; lon: number; speedMps: number; trackDeg?: number } | null;
  distanceM: number;
  trip: { startTime: string; distanceM: number; avgSpeedMps: number | null } | null;
  windowAvgSpeedMps: number | null;
  route: { distanceFromRouteM: number; progressM: number; lengthM: number; offRoute: boolean; offRouteSince: string | null; deviationAlerted: boolean } | null;
  nextStop: { stopId: string; name?: string; lat: number; lon: number; promisedAt: string; remainingM: number; eta: string; late: boolean } | null;
}

/** A status written by the previous version, in today's names: same values, same units (only the names lost their suffixes). */
export function upgradeStatusV1(v1: StatusV1): StoredStatus {
  const { schemaVersion: _v, position, distanceM, trip, windowAvgSpeedMps, route, nextStop, ...unchanged } = v1;
  return {
    ...unchanged,
    schemaVersion: STATUS_SCHEMA_VERSION,
    position: position && {
      time: position.time,
      lat: position.lat,
      lon: position.lon,
      speed: position.speedMps,
      ...(position.trackDeg !== undefined ? { track: position.trackDeg } : {}),
    },
    distance: distanceM,
    trip: trip && { startTime: trip.startTime, distance: trip.distanceM, avgSpeed: trip.avgSpeedMps },
    windowAvgSpeed: windowAvgSpeedMps,
    route: route && {
      distanceFromRoute: route.distanceFromRouteM,
      progress: route.progressM,
      length: route.lengthM,
      offRoute: route.offRoute,
      offRouteSince: route.offRouteSince,
      deviationAlerted: route.deviationAlerted,
    },
    nextStop: nextStop && {
      stopId: nextStop.stopId,
      ...(nextStop.name !== undefined ? { name: nextStop.name } : {}),
      lat: nextStop.lat,
      lon: nextStop.lon,
      promisedAt: nextStop.promisedAt,
      distance: nextStop.remainingM,
      eta: nextStop.eta,
      late: nextStop.late,
    },
  };
}

/**
 * Parse a vehicle-status record value: the current schema as is, version 1 upgraded
 * (a monitor restoring from a topic the previous version wrote). Throws on any other
 * version, or when the `schema-version` header and the value disagree.
 */
export function parseStatusRecord(value: Buffer | string, headers?: Record<string, Buffer | string | (Buffer | string)[] | undefined>): StoredStatus {
  const status = JSON.parse(typeof value === 'string' ? value : value.toString('utf8')) as StoredStatus | StatusV1;
  const header = headers?.[SCHEMA_VERSION_HEADER];
  if (header !== undefined && String(header) !== String(status.schemaVersion)) {
    throw new Error(`schema-version header ${String(header)} disagrees with the value's schemaVersion ${String(status.schemaVersion)}`);
  }
  if (status.schemaVersion === STATUS_SCHEMA_VERSION) return status as StoredStatus;
  if (status.schemaVersion === 1) return upgradeStatusV1(status as StatusV1);
  throw new Error(`status schema version ${String(status.schemaVersion)} is not supported (this reader knows 1 and ${STATUS_SCHEMA_VERSION})`);
}
