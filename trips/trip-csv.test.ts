import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NDSBR_CSV, OTR_PINGS_CSV, OTR_SEGMENTED_CSV, parseNdsbrCsv, parseOtrCsv } from './trip-csv.js';
import { detectTripFormat, readTripFile } from './trip-files.js';

const readTripCsv = (file: string) => readTripFile(file).trips;

describe('trip CSV readers on the real recordings', () => {
  it('finds the shared data at the exported paths and tells the kinds apart', () => {
    for (const file of [NDSBR_CSV, OTR_PINGS_CSV, OTR_SEGMENTED_CSV]) expect(existsSync(file), file).toBe(true);
    expect(detectTripFormat('trip_id,timestamp_utc,lat,lon,speed_kmh,heading_deg,altitude_m,valid_time\r')).toBe('ndsbr-csv');
    expect(detectTripFormat('segment_id,driver,ping_time,speed_mph,lat,lon')).toBe('truck-pings-csv');
    expect(detectTripFormat('a,b,c')).toBeUndefined();
  });

  it('lists the car trips', () => {
    expect([...readTripCsv(NDSBR_CSV).keys()]).toEqual(['A-trip05', 'A-trip12', 'A-trip18', 'B-trip08', 'B-trip13', 'B-trip18', 'C-trip04', 'C-trip07', 'C-trip13']);
  });

  it('reads a 1 Hz car trip in SI units', () => {
    const { points, skipped } = readTripCsv(NDSBR_CSV).get('A-trip05')!;
    expect(points).toHaveLength(1851 - (skipped.noCoordinates ?? 0));
    expect(points[1]).toMatchObject({ timeMs: Date.parse('2019-08-26T22:17:28Z'), lat: -25.451837, lon: -49.23446, track: 0, altMSL: 929.7 });
    expect(points[1]!.speed).toBeCloseTo(0.1609 / 3.6, 12);
  });

  it('skips rows without coordinates and keeps B-trip13 without heading or altitude', () => {
    const trips = readTripCsv(NDSBR_CSV);
    const b18 = trips.get('B-trip18')!;
    expect(b18.skipped.noCoordinates).toBeGreaterThan(0);
    expect(b18.points.every((p) => Number.isFinite(p.lat) && Number.isFinite(p.lon))).toBe(true);
    const b13 = trips.get('B-trip13')!;
    expect(b13.points.length).toBeGreaterThan(3000);
    expect(b13.points.every((p) => p.track === undefined && p.altMSL === undefined)).toBe(true);
  });

  it('keeps valid_time=No rows without their course and altitude', () => {
    const csv = [
      'trip_id,timestamp_utc,lat,lon,speed_kmh,heading_deg,altitude_m,valid_time',
      'T,2019-09-17T09:47:53Z,-25.551385,-49.27637,0.0,237.8,907.3,No',
      'T,2019-09-17T09:47:54Z,,-49.2754,38.302292,231.3,938.9,Yes',
      'T,2019-09-17T09:47:55Z,-25.551379,-49.276369,3.6,305.2,912.4,Yes',
    ].join('\r\n');
    const { points, skipped } = parseNdsbrCsv(csv, 'inline.csv').get('T')!;
    expect(points).toEqual([
      { timeMs: Date.parse('2019-09-17T09:47:53Z'), lat: -25.551385, lon: -49.27637, speed: 0 },
      { timeMs: Date.parse('2019-09-17T09:47:55Z'), lat: -25.551379, lon: -49.276369, speed: 1, track: 305.2, altMSL: 912.4 },
    ]);
    expect(skipped).toEqual({ noCoordinates: 1 });
  });

  it('reads a truck driver in time order with speed in m/s', () => {
    const { points } = readTripCsv(OTR_PINGS_CSV).get('Beagley')!;
    expect(points).toHaveLength(7110);
    expect(points[0]).toEqual({ timeMs: Date.parse('2014-01-22T00:02:10Z'), lat: 40.6798594, lon: -73.7557313, speed: 0 });
    expect(points.every((p, i) => i === 0 || p.timeMs >= points[i - 1]!.timeMs)).toBe(true);
  });

  it('groups the segmented pings by driver, or by segment when asked', () => {
    const csv = ['segment_id,driver,ping_time,speed_mph,lat,lon', 'D-0002,D,2014-01-23T00:00:00Z,10,40.1,-73.1', 'D-0001,D,2014-01-22T00:00:00Z,0,40.0,-73.0'].join('\n');
    expect([...parseOtrCsv(csv, 'inline.csv').keys()]).toEqual(['D']);
    expect(parseOtrCsv(csv, 'inline.csv').get('D')!.points.map((p) => p.lat)).toEqual([40.0, 40.1]);
    expect([...parseOtrCsv(csv, 'inline.csv', { bySegment: true }).keys()]).toEqual(['D-0002', 'D-0001']);
  });

  it('rejects a file that is not a trip CSV with a usage error', () => {
    expect(() => parseNdsbrCsv('trip_id,lat\nx,1', 'bad.csv')).toThrow(/bad.csv: no column "timestamp_utc"/);
    expect(() => readTripCsv(`${NDSBR_CSV}.missing`)).toThrow(/cannot read/);
  });
});
