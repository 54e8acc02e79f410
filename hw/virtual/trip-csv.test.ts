import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../common/paths.js';
import { readNdsbrTrip, readOtrDriver, tripIds } from './trip-csv.js';

const TRIPS = join(PACKAGE_ROOT, '..', 'shared', 'data', 'trips');
const NDSBR = join(TRIPS, 'ndsbr_curitiba_cars', 'ndsbr_normalized.csv');
const OTR = join(TRIPS, 'nds_otr_truck_pings', 'ping_real.csv');

describe('trip CSV readers on the real recordings', () => {
  it('lists the car trips', async () => {
    expect(await tripIds(NDSBR)).toEqual(['A-trip05', 'A-trip12', 'A-trip18', 'B-trip08', 'B-trip13', 'B-trip18', 'C-trip04', 'C-trip07', 'C-trip13']);
  });

  it('reads a 1 Hz car trip in SI units', async () => {
    const { points, skipped } = await readNdsbrTrip(NDSBR, 'A-trip05');
    expect(points).toHaveLength(1851 - (skipped.noCoordinates ?? 0));
    expect(points[1]).toMatchObject({ timeMs: Date.parse('2019-08-26T22:17:28Z'), lat: -25.451837, lon: -49.23446, trackDeg: 0, altM: 929.7 });
    expect(points[1]!.speedMps).toBeCloseTo(0.1609 / 3.6, 12);
  });

  it('skips rows without coordinates and keeps B-trip13 without heading or altitude', async () => {
    const b18 = await readNdsbrTrip(NDSBR, 'B-trip18');
    expect(b18.skipped.noCoordinates).toBeGreaterThan(0);
    expect(b18.points.every((p) => Number.isFinite(p.lat) && Number.isFinite(p.lon))).toBe(true);
    const b13 = await readNdsbrTrip(NDSBR, 'B-trip13');
    expect(b13.points.length).toBeGreaterThan(3000);
    expect(b13.points.every((p) => p.trackDeg === undefined && p.altM === undefined)).toBe(true);
  });

  it('reads a truck driver in time order with speed in m/s', async () => {
    const { points } = await readOtrDriver(OTR, 'Beagley');
    expect(points).toHaveLength(7110);
    expect(points[0]).toEqual({ timeMs: Date.parse('2014-01-22T00:02:10Z'), lat: 40.6798594, lon: -73.7557313, speedMps: 0 });
    expect(points.every((p, i) => i === 0 || p.timeMs >= points[i - 1]!.timeMs)).toBe(true);
  });
});
