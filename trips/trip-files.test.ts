import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../common/paths.js';
import { NDSBR_CSV, OTR_PINGS_CSV, OTR_SEGMENTED_CSV } from './trip-csv.js';
import { detectTripFormat, readTripFile, tripFileFormat } from './trip-files.js';

const GPSD_DIR = join(PACKAGE_ROOT, '..', 'shared', 'data', 'gpsd');
const dir = mkdtempSync(join(tmpdir(), 'trips-'));
function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const GPX_11 = `<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v2">
  <trk><name>morning</name>
    <trkseg>
      <trkpt lat="-25.451837" lon="-49.23446"><ele>929.7</ele><time>2019-08-26T22:17:28Z</time>
        <extensions><gpxtpx:TrackPointExtension><gpxtpx:speed>4.5</gpxtpx:speed><gpxtpx:course>12.5</gpxtpx:course></gpxtpx:TrackPointExtension></extensions>
      </trkpt>
      <trkpt lat="-25.4519" lon="-49.2345"><time>2019-08-26T22:17:29Z</time></trkpt>
      <trkpt lat="-25.4520"><time>2019-08-26T22:17:30Z</time></trkpt>
    </trkseg>
    <trkseg><trkpt lat="1" lon="2"><time>not a time</time></trkpt></trkseg>
  </trk>
  <trk><trkseg><trkpt lat="48.1" lon="11.5"><time>2024-05-01T10:00:00Z</time><speed>3</speed><course>90</course></trkpt></trkseg></trk>
</gpx>`;

describe('trip format detection', () => {
  it('tells every format by content, whatever the file name', () => {
    expect(tripFileFormat(NDSBR_CSV)).toBe('ndsbr-csv');
    expect(tripFileFormat(OTR_PINGS_CSV)).toBe('truck-pings-csv');
    expect(tripFileFormat(OTR_SEGMENTED_CSV)).toBe('truck-pings-csv');
    expect(tripFileFormat(file('track.txt', GPX_11))).toBe('gpx');
    expect(detectTripFormat('a,b,c\n1,2,3\n')).toBeUndefined();
    expect(detectTripFormat('<html><body>no</body></html>')).toBeUndefined();
  });

  it('recognises every gpsd capture of the corpus as a receiver capture, binary-only ones included', () => {
    const logs = readFileSync(join(GPSD_DIR, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1).map((row) => row.split('\t')[0]!);
    expect(logs).toHaveLength(85);
    expect(logs.filter((log) => tripFileFormat(join(GPSD_DIR, log)) !== 'nmea')).toEqual([]);
  });
});

describe('GPX reader (fast-xml-parser)', () => {
  it('reads each track segment as a trip, with GPX 1.1 extension and GPX 1.0 speed and course', () => {
    const { format, trips } = readTripFile(file('two-tracks.gpx', GPX_11));
    expect(format).toBe('gpx');
    expect([...trips.keys()]).toEqual(['seg1', 'seg2', 'seg3']);
    expect(trips.get('seg1')).toEqual({
      points: [
        { timeMs: Date.parse('2019-08-26T22:17:28Z'), lat: -25.451837, lon: -49.23446, altMSL: 929.7, speed: 4.5, track: 12.5 },
        { timeMs: Date.parse('2019-08-26T22:17:29Z'), lat: -25.4519, lon: -49.2345 },
      ],
      skipped: { noCoordinates: 1 },
    });
    expect(trips.get('seg2')).toEqual({ points: [], skipped: { badTime: 1 } });
    expect(trips.get('seg3')!.points).toEqual([{ timeMs: Date.parse('2024-05-01T10:00:00Z'), lat: 48.1, lon: 11.5, speed: 3, track: 90 }]);
  });

  it('rejects malformed XML with the line of the error', () => {
    const broken = GPX_11.replace('</trkseg>', '');
    expect(() => readTripFile(file('broken.gpx', broken))).toThrow(/broken.gpx is not well-formed XML: .*\(line \d+, column \d+\)/);
  });
});

describe('receiver capture reader', () => {
  it('reads the fixes of a moving receiver as one trip, through the framer and decoder of gps decode', () => {
    const { format, trips } = readTripFile(join(GPSD_DIR, 'bundg_zeus_9.log'));
    expect(format).toBe('nmea');
    const { points } = trips.get('capture')!;
    expect(points.length).toBeGreaterThan(10);
    expect(points.every((p, i) => Number.isFinite(p.timeMs) && (i === 0 || p.timeMs > points[i - 1]!.timeMs))).toBe(true);
  });

  it('reads a binary-only (CASIC) capture', () => {
    const { points } = readTripFile(join(GPSD_DIR, 'quectel-l76k-binary.log')).trips.get('capture')!;
    expect(points).toHaveLength(130);
  });

  it('rejects a file in no known format, and a missing one, with a usage error', () => {
    expect(() => readTripFile(file('x.csv', 'a,b,c\n1,2,3\n'))).toThrow(/Cannot tell the format of trip file .*x.csv/);
    expect(() => readTripFile(join(dir, 'missing.gpx'))).toThrow(/cannot read trip file/);
  });
});
