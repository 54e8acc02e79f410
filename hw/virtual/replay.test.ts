import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../common/paths.js';
import type { Framed } from '../framing/framer.js';
import { hasValidChecksum } from '../framing/nmea-checksum.js';
import { decodeCaptureFile, NmeaPipeline } from '../nmea/pipeline.js';
import type { Fix } from '../fix.js';
import { SerialGps } from '../serial/serial-gps.js';
import { memoryLogger, untilState } from '../serial/test-support.js';
import { sentenceTimeOfDayMs } from '../nmea/sentence-time.js';
import { captureCycles, loadReplaySource, replay } from './replay.js';
import { VirtualSerial } from './virtual-serial.js';

const DATA = join(PACKAGE_ROOT, '..', 'shared', 'data');
const capture = (name: string): string => join(DATA, 'gpsd', name);

/** The capture's data lines as a reader should see them: no comments, no CR/LF, no blank lines. */
function dataLines(file: string): string[] {
  return readFileSync(file, 'latin1')
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.length > 0 && !l.startsWith('#'));
}

describe('captureCycles', () => {
  it('makes one cycle per UTC second of a 1 Hz capture and keeps the # Date:', () => {
    const file = capture('ublox-neo-m9n-nmea.log');
    const { cycles, date } = captureCycles(readFileSync(file));
    expect(date).toBe('2020-07-11');
    const times = dataLines(file).map(sentenceTimeOfDayMs).filter((t): t is number => t !== null);
    const distinct = times.filter((t, i) => i === 0 || t !== times[i - 1]);
    expect(cycles).toHaveLength(distinct.length);
    expect(cycles[0]!.delayMs).toBe(0);
    expect(cycles.slice(1).every((c) => c.delayMs === 1000)).toBe(true);
    // Bytes are untouched: the cycles concatenate back to the capture without its comments.
    const noComments = readFileSync(file, 'latin1').split(/(?<=\n)/).filter((l) => !l.startsWith('#')).join('');
    expect(Buffer.concat(cycles.map((c) => c.bytes)).toString('latin1')).toBe(noComments);
  });

  it('normalises a short # Date:', () => {
    expect(captureCycles(readFileSync(capture('ublox-8.log'))).date).toBe('2017-01-09');
  });

  it('passes UBX binary through unchanged', () => {
    const { cycles } = captureCycles(readFileSync(capture('ublox-zed-f9r.log')));
    expect(Buffer.concat(cycles.map((c) => c.bytes)).includes(Buffer.from([0xb5, 0x62]))).toBe(true);
  });

  it('reads UTC time of day from the sentences that carry one', () => {
    expect(sentenceTimeOfDayMs('$GNRMC,000941.00,A,4404.13387,N')).toBe(9 * 60_000 + 41_000);
    expect(sentenceTimeOfDayMs('$GNGLL,4404.13387,N,12118.85628,W,235959.50,A,A*69')).toBe(86_399_500);
    expect(sentenceTimeOfDayMs('$GPGSV,4,1,16')).toBeNull();
  });
});

describe('trip sources', () => {
  it('moves a trip clock forward on each pass and can start now', async () => {
    const source = await loadReplaySource(join(DATA, 'trips', 'ndsbr_curitiba_cars', 'ndsbr_normalized.csv'), { trip: 'A-trip12', startNow: true });
    const first = source.pass(0);
    const second = source.pass(1);
    expect(first.length).toBe(second.length);
    const rmcTime = (c: { bytes: Buffer }): string => c.bytes.toString('latin1').split(',')[1]!;
    expect(first[0]!.bytes.toString('latin1').split('\r\n').filter(Boolean).every(hasValidChecksum)).toBe(true);
    expect(rmcTime(first[0]!)).not.toBe(rmcTime(second[0]!));
    // startNow: the first fix is stamped with the wall clock at load (within a generous minute).
    const offsetMs = Math.abs(sentenceTimeOfDayMs(first[0]!.bytes.toString('latin1').split('\r\n')[0]!)! - (Date.now() % 86_400_000));
    expect(Math.min(offsetMs, 86_400_000 - offsetMs)).toBeLessThan(60_000);
  });

  it('asks for a trip when the CSV holds several', async () => {
    await expect(loadReplaySource(join(DATA, 'trips', 'ndsbr_curitiba_cars', 'ndsbr_normalized.csv'))).rejects.toThrow(/--trip/);
  });
});

// Real serial path: replay → PTY → serialport → SerialGps. Fails (never skips) without a PTY.
describe('replay onto a virtual serial device', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function replayInto(file: string, rate: number): Promise<{ lines: string[]; framed: Framed[]; gps: SerialGps }> {
    const device = await VirtualSerial.create();
    const gps = new SerialGps({ path: device.path, baud: 9600, logger: memoryLogger().logger });
    cleanups.push(() => device.close(), () => gps.stop());
    const lines: string[] = [];
    const framed: Framed[] = [];
    gps.on('framed', (item: Framed) => {
      framed.push(item);
      if (item.kind === 'sentence') lines.push(item.sentence);
    });
    gps.start();
    await untilState(gps, 'open');
    const stats = await replay(device, await loadReplaySource(file), { rate });
    expect(stats.bytesDropped).toBe(0);
    // A capture may end mid-line; the newline a receiver would send next hands its last line over.
    device.write('\n');
    await expect.poll(() => gps.status().bytes, { timeout: 10_000 }).toBe(stats.bytesWritten + 1);
    return { lines, framed, gps };
  }

  it('delivers every line of a clean capture intact and in order', async () => {
    const file = capture('ublox-neo-m9n-nmea.log');
    const { lines, gps } = await replayInto(file, 40);
    expect(lines).toEqual(dataLines(file));
    // Nothing dropped but the empty line of the newline replayInto adds after the capture's own.
    expect(gps.status().dropped).toEqual({ empty: 1, tooLong: 0, binary: 0, noStart: 0, noChecksum: 0, badChecksum: 0 });
  });

  it.each(['ublox-zed-f9r.log', 'quectel-l76k-binary.log', 'ublox-8.log'])('delivers every checksummed sentence of %s (binary or noise mixed in)', async (name) => {
    const file = capture(name);
    const { lines, gps } = await replayInto(file, 40);
    // Independent of the line guard: every `$…*HH` that ends a line in the raw bytes.
    const expected = [...readFileSync(file, 'latin1').matchAll(/\$[A-Z][A-Z0-9]{2,5},[\x20-\x7e]*?\*[0-9A-F]{2}(?=\r?\n)/g)]
      .map((m) => m[0].slice(m[0].lastIndexOf('$')))
      .filter(hasValidChecksum);
    expect(expected.length).toBeGreaterThan(100);
    expect(lines.filter(hasValidChecksum)).toEqual(expected);
    const { dropped, trimmedPrefixes } = gps.status();
    expect(dropped.binary + trimmedPrefixes).toBeGreaterThan(0);
  });

  it.each(['ublox-zed-f9r.log', 'quectel-l76k-binary.log', 'ublox-zed-f9t-ubx_nmea_l5.log'])(
    '%s decodes to the same fixes over the serial path as from the file',
    async (name) => {
      const file = capture(name);
      const { framed, gps } = await replayInto(file, 40);
      const fromFile = decodeCaptureFile(file);
      const expected: Fix[] = [];
      for await (const report of fromFile.reports) expected.push(report.fix);
      const pipeline = new NmeaPipeline({ referenceDate: fromFile.referenceDate() });
      const overSerial = [...framed.flatMap((item) => pipeline.push(item)), ...pipeline.flush()];
      expect(expected.length).toBeGreaterThan(5);
      expect(overSerial).toEqual(expected);
      expect(gps.status().frames).toEqual(fromFile.framing().frames);
    },
  );
});
