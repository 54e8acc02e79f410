import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReadlineParser, SerialPort } from 'serialport';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../common/paths.js';
import { readTripFile } from '../../trips/trip-files.js';
import type { TripPoint } from '../../trips/trip-point.js';
import { hasValidChecksum } from '../framing/nmea-checksum.js';

// End to end through the built CLI (`npm test` builds first) and a real PTY.
const CLI = join(PACKAGE_ROOT, 'dist', 'cli', 'telematics.js');
const DATA = join(PACKAGE_ROOT, '..', 'shared', 'data');
const CAPTURE = join(DATA, 'gpsd', 'ublox-neo-m9n-nmea.log');
const NDSBR = join(DATA, 'trips', 'ndsbr_curitiba_cars', 'ndsbr_normalized.csv');

beforeAll(() => {
  for (const [src, out] of [['hw/serial/commands.ts', 'dist/hw/serial/commands.js'], ['hw/virtual/replay.ts', 'dist/hw/virtual/replay.js']] as const) {
    const built = join(PACKAGE_ROOT, out);
    if (!existsSync(built) || statSync(built).mtimeMs < statSync(join(PACKAGE_ROOT, src)).mtimeMs) {
      throw new Error(`${out} is missing or older than ${src}: build first (npx tsc -p tsconfig.json, or npm test)`);
    }
  }
});

const children: ChildProcess[] = [];
// A test that failed half-way still lets its replays remove their device (SIGTERM first).
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await new Promise((resolve) => child.once('exit', resolve));
    clearTimeout(killer);
  }
});

function cli(args: string[]): ChildProcess {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'info' } });
  children.push(child);
  return child;
}

/** Stdout lines as they come; resolves the first `count` complete lines. */
function stdoutLines(child: ChildProcess, count: number, timeoutMs = 20_000): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let text = '';
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${count} stdout lines; got ${JSON.stringify(text)}; stderr ${stderr}`)), timeoutMs);
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      text += d.toString();
      const lines = text.split('\n');
      if (lines.length > count) {
        clearTimeout(timer);
        resolve(lines.slice(0, count));
      }
    });
    child.once('exit', (code) => reject(new Error(`exited (${code}) before ${count} stdout lines; stderr ${stderr}`)));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function readSentences(path: string, count: number): Promise<string[]> {
  const port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  try {
    const parser = port.pipe(new ReadlineParser({ delimiter: '\n', encoding: 'latin1' }));
    const lines: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${lines.length}/${count} sentences`)), 20_000);
      parser.on('data', (line: string) => {
        if (lines.push(line.replace(/\r$/, '')) === count) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    return lines;
  } finally {
    await new Promise((r) => port.close(r));
  }
}

/**
 * `gps watch --json` on the replay's device: five TPVs, each followed by its SKY report (the
 * rendered GSA's satellites and DOPs), each TPV at a recorded point's time with its position,
 * speed, track and altitude.
 */
async function expectWatchedPositions(replay: ChildProcess, points: TripPoint[]): Promise<void> {
  const [path] = await stdoutLines(replay, 1);
  const watch = cli(['gps', 'watch', '--serial', path!, '--json', '--count', '5']);
  const reports = (await stdoutLines(watch, 10)).map((l) => JSON.parse(l) as { class: string; time: string; lat: number; lon: number; speed: number; track: number; altMSL: number; mode: number; uSat?: number });
  expect(await exited(watch)).toBe(0);
  expect(reports.map((r) => r.class)).toEqual(['TPV', 'SKY', 'TPV', 'SKY', 'TPV', 'SKY', 'TPV', 'SKY', 'TPV', 'SKY']);
  for (const sky of reports.filter((r) => r.class === 'SKY')) expect(sky.uSat).toBe(8);
  // Joined mid-cycle, the first fix may come before the first RMC: no date is known, so (as gpsd) it has no time.
  const tpvs = reports.filter((r) => r.class === 'TPV');
  expect(tpvs.slice(1).every((r) => r.time !== undefined), JSON.stringify(tpvs.map((r) => r.time))).toBe(true);
  for (const tpv of tpvs.filter((r) => r.time !== undefined)) {
    const point = points.find((p) => p.timeMs === Date.parse(tpv.time));
    expect(point, `no recorded point at ${tpv.time}`).toBeDefined();
    expect(tpv.mode).toBe(3);
    expect(tpv.lat).toBeCloseTo(point!.lat, 6);
    expect(tpv.lon).toBeCloseTo(point!.lon, 6);
    expect(tpv.speed).toBeCloseTo(point!.speed!, 2);
    expect(tpv.track).toBeCloseTo(point!.track!, 1);
    expect(tpv.altMSL).toBeCloseTo(point!.altMSL!, 1);
  }
}

describe('telematics gps replay (CLI, real PTY)', () => {
  it('prints the device path last; serialport reads the capture from it; SIGTERM closes it cleanly', async () => {
    const replay = cli(['gps', 'replay', CAPTURE, '--rate', '10']);
    const [path] = await stdoutLines(replay, 1);
    expect(path).toMatch(/gps0$/);
    const sentences = await readSentences(path!, 40);
    // The reader joined mid-stream (stale bytes are flushed on open): skip to its first full sentence.
    const clean = sentences.slice(1);
    expect(clean.every(hasValidChecksum)).toBe(true);
    const captureLines = readFileSync(CAPTURE, 'latin1').split('\n').map((l) => l.replace(/\r$/, ''));
    // A contiguous run of the capture (a sentence may repeat, so try every place it starts).
    const starts = captureLines.flatMap((l, i) => (l === clean[0] ? [i] : []));
    expect(starts.length).toBeGreaterThan(0);
    expect(starts.some((at) => captureLines.slice(at, at + clean.length).join('\n') === clean.join('\n'))).toBe(true);
    replay.kill('SIGTERM');
    expect(await exited(replay)).toBe(0);
    expect(existsSync(path!)).toBe(false);
  });

  it('renders a real trip as checksummed NMEA; gps watch --json decodes the trip positions', async () => {
    const replay = cli(['gps', 'replay', NDSBR, '--trip', 'A-trip12', '--rate', '20']);
    await expectWatchedPositions(replay, readTripFile(NDSBR).trips.get('A-trip12')!.points);
    replay.kill('SIGINT');
    expect(await exited(replay)).toBe(0);
  });

  it('plays a GPX track (real trip points) through the PTY; gps watch --json decodes its positions', async () => {
    const points = readTripFile(NDSBR).trips.get('A-trip12')!.points.slice(100, 160);
    const trkpts = points.map(
      (p) =>
        `<trkpt lat="${p.lat}" lon="${p.lon}"><ele>${p.altMSL}</ele><time>${new Date(p.timeMs).toISOString()}</time>` +
        `<extensions><gpxtpx:TrackPointExtension><gpxtpx:speed>${p.speed}</gpxtpx:speed><gpxtpx:course>${p.track}</gpxtpx:course></gpxtpx:TrackPointExtension></extensions></trkpt>`,
    );
    const gpx = join(mkdtempSync(join(tmpdir(), 'replay-gpx-')), 'a-trip12.gpx');
    writeFileSync(gpx, `<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="test" xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v2"><trk><trkseg>\n${trkpts.join('\n')}\n</trkseg></trk></gpx>\n`);
    // --loop: 60 points at ×20 last 3 s, less than a loaded machine may take to start `gps watch`.
    const replay = cli(['gps', 'replay', gpx, '--rate', '20', '--loop']);
    await expectWatchedPositions(replay, points);
    replay.kill('SIGTERM');
    expect(await exited(replay)).toBe(0);
  });

  it('gps watch --baud auto: readable fix lines and a closing stats line', async () => {
    const replay = cli(['gps', 'replay', NDSBR, '--trip', 'C-trip07', '--rate', '20']);
    const [path] = await stdoutLines(replay, 1);
    const watch = cli(['gps', 'watch', '--serial', path!, '--baud', 'auto', '--count', '3']);
    const lines = await stdoutLines(watch, 4);
    expect(await exited(watch)).toBe(0);
    for (const line of lines.slice(0, 3)) expect(line).toMatch(/^2019-09-24T\d\d:\d\d:\d\d\.000Z {2}3D {6}-25\.\d{6} -49\.\d{6} {2}alt \d+\.\d m {2}\d+\.\d\d m\/s {2}track \d+\.\d° {2}8 sat {2}hdop 0\.9$/);
    // The replay sends NMEA whatever the rate, so the hunt settles on the first one tried. A fix decoded
    // while the third was being printed is counted too: at least the three printed.
    expect(lines[3]).toMatch(/^# stopped .*gps0 @4800 {2}bytes=\d+ lines=\d+ fixes=([3-9]|\d\d+) noFix=0 checksumErrors=0 outages=0$/);
    replay.kill('SIGTERM');
    expect(await exited(replay)).toBe(0);
  });

  it('exits 2 with a hint on usage errors', () => {
    const run = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent' } });
    const noTrip = run(['gps', 'replay', NDSBR]);
    expect(noTrip.status).toBe(2);
    expect(noTrip.stderr).toMatch(/--trip one of: A-trip05, A-trip12/);
    expect(run(['gps', 'replay', join(DATA, 'no-such-file.log')]).status).toBe(2);
    expect(run(['gps', 'replay', CAPTURE, '--rate', '0']).status).toBe(2);
    expect(run(['gps', 'watch', '--serial', '/dev/null', '--baud', 'fast']).status).toBe(2);
  });
});
