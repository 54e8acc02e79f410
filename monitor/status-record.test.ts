import { describe, expect, it } from 'vitest';
import { parseStatusRecord } from './status-record.js';
import { statusV1Records } from './test-support.js';
import { STATUS_SCHEMA_VERSION } from './vehicle-tracker.js';

describe('vehicle-status records', () => {
  const [detour, held] = statusV1Records();

  it('reads a version 1 record in today\'s names, with the same values', () => {
    for (const record of [detour, held]) {
      const v1 = JSON.parse(record.value);
      const status = parseStatusRecord(record.value, record.headers);
      expect(status.schemaVersion).toBe(STATUS_SCHEMA_VERSION);
      expect(status.position).toEqual({ time: v1.position.time, lat: v1.position.lat, lon: v1.position.lon, speed: v1.position.speedMps, track: v1.position.trackDeg });
      expect(status.distance).toBe(v1.distanceM);
      expect(status.trip).toEqual({ startTime: v1.trip.startTime, distance: v1.trip.distanceM, avgSpeed: v1.trip.avgSpeedMps });
      expect(status.windowAvgSpeed).toBe(v1.windowAvgSpeedMps);
      const { distanceFromRouteM, progressM, lengthM, ...routeRest } = v1.route;
      expect(status.route).toEqual({ ...routeRest, distanceFromRoute: distanceFromRouteM, progress: progressM, length: lengthM });
      const { remainingM, ...stopRest } = v1.nextStop;
      expect(status.nextStop).toEqual({ ...stopRest, distance: remainingM });
      for (const same of ['vehicleId', 'updatedAt', 'motion', 'stopsDone', 'lastReceivedAt', 'noData', 'counts', 'resume', 'source'] as const) expect(status[same]).toEqual(v1[same]);
      // Nothing left over under an old name.
      expect(Object.keys(status).sort()).toEqual(Object.keys(v1).map((k) => ({ distanceM: 'distance', windowAvgSpeedMps: 'windowAvgSpeed' })[k] ?? k).sort());
    }
  });

  it('reads today\'s records as they are', () => {
    const status = parseStatusRecord(detour.value, detour.headers);
    const value = JSON.stringify(status);
    expect(parseStatusRecord(value, { 'schema-version': String(STATUS_SCHEMA_VERSION) })).toEqual(status);
    expect(parseStatusRecord(Buffer.from(value))).toEqual(status);
  });

  it('refuses an unknown version, and a header that disagrees with the value', () => {
    const v3 = JSON.stringify({ ...JSON.parse(detour.value), schemaVersion: 3 });
    expect(() => parseStatusRecord(v3)).toThrow(/status schema version 3 is not supported \(this reader knows 1 and 2\)/);
    expect(() => parseStatusRecord(detour.value, { 'schema-version': '2' })).toThrow(/schema-version header 2 disagrees with the value's schemaVersion 1/);
  });
});
