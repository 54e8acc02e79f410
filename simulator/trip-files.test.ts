import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../common/paths.js';
import { defaultTripPaths, loadTrips } from './trip-files.js';

describe('trip files', () => {
  it('reads the real ndsbr car trips (dense, 1 Hz) and truck pings (sparse, interpolated)', async () => {
    const [cars, trucks] = defaultTripPaths(PACKAGE_ROOT);
    const { trips: carTrips, files } = await loadTrips([cars!]);
    expect(files[0]!.format).toBe('ndsbr-csv');
    expect(carTrips).toHaveLength(9);
    expect(carTrips.every((t) => !t.interpolated && t.medianIntervalMs === 1000)).toBe(true);
    const b13 = carTrips.find((t) => t.id.endsWith('B-trip13'))!;
    expect(b13.points.some((p) => p.track !== undefined)).toBe(false);

    const { trips: truckTrips } = await loadTrips([trucks!]);
    expect(truckTrips.length).toBeGreaterThan(100);
    expect(truckTrips.every((t) => t.interpolated)).toBe(true);
    for (const t of truckTrips) for (const p of t.points) expect(Math.abs(p.lat)).toBeLessThanOrEqual(90);
  });

  it('reads the fixtures a fresh clone falls back to', async () => {
    const { trips, files } = await loadTrips([join(PACKAGE_ROOT, 'simulator', 'fixtures')]);
    expect(files.map((f) => f.format)).toEqual(['ndsbr-csv', 'truck-pings-csv']);
    expect(trips.filter((t) => t.interpolated)).toHaveLength(4);
    expect(trips.filter((t) => !t.interpolated).map((t) => t.id)).toEqual(['ndsbr_a_trip12.csv#A-trip12']);
  });

  it('reads a gpsd NMEA capture of a moving receiver as a trip', async () => {
    const { trips, files } = await loadTrips([join(PACKAGE_ROOT, '..', 'shared', 'data', 'gpsd', 'bundg_zeus_9.log')]);
    expect(files[0]!.format).toBe('nmea');
    expect(trips[0]!.points.length).toBeGreaterThan(10);
  });

  it('reads GPX track segments', async () => {
    const gpx = `<?xml version="1.0"?><gpx version="1.1"><trk><trkseg>
      <trkpt lat="48.1" lon="11.5"><ele>520</ele><time>2024-05-01T10:00:00Z</time></trkpt>
      <trkpt lat="48.2" lon="11.6"><ele>530</ele><time>2024-05-01T10:05:00Z</time></trkpt>
    </trkseg></trk></gpx>`;
    const path = join(mkdtempSync(join(tmpdir(), 'sim-trips-')), 'x.gpx');
    writeFileSync(path, gpx);
    const { trips: [trip], files } = await loadTrips([path]);
    expect(files[0]!.format).toBe('gpx');
    expect(trip!.id).toBe('x.gpx#seg1');
    expect(trip!.points).toEqual([
      { timeMs: Date.parse('2024-05-01T10:00:00Z'), lat: 48.1, lon: 11.5, altMSL: 520 },
      { timeMs: Date.parse('2024-05-01T10:05:00Z'), lat: 48.2, lon: 11.6, altMSL: 530 },
    ]);
    expect(trip!.interpolated).toBe(true);
  });

  it('rejects a file in no known format with a usage error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-trips-'));
    writeFileSync(join(dir, 'x.csv'), 'a,b,c\n1,2,3\n');
    await expect(loadTrips([join(dir, 'x.csv')])).rejects.toThrow(/Cannot tell the format/);
    await expect(loadTrips([join(dir, 'missing.csv')])).rejects.toThrow(/does not exist/);
  });
});
