import { afterEach, describe, expect, it } from 'vitest';
import { isValidFix } from '../fix.js';
import { hasValidChecksum } from '../framing/nmea-checksum.js';
import { FRAMER_DEFAULTS, type Framed } from '../framing/framer.js';
import { NmeaPipeline } from '../nmea/pipeline.js';
import { seededRandomBytes } from '../virtual/random-bytes.js';
import { VirtualSerial } from '../virtual/virtual-serial.js';
import { SerialGps } from './serial-gps.js';
import { memoryLogger, onSentence, untilRead, untilState } from './test-support.js';

const TOTAL_BYTES = 10 * 1024 * 1024;
const CHUNK_BYTES = 64 * 1024;
const SEED = 0x5eed;

/**
 * What an independent reading of the same seeded stream says about it: how many lines the
 * framer must see (every newline ends one, empty or not, plus the runs it cuts) and how many
 * of them end in a checksum-valid `$…*HH`/`!…*HH` after their last binary byte. Random bytes can form
 * such a sentence by chance (about one line in 10^9), so the test does not assume zero:
 * it asserts that the reader delivers exactly those and nothing else, and that no fix
 * with a position comes out of the stream (that would also need a parseable RMC/GGA).
 */
function oracle(): { lines: number; validSentences: number } {
  const random = seededRandomBytes(SEED);
  let lines = 0;
  let validSentences = 0;
  let carry = '';
  const endLine = (line: string): void => {
    lines++;
    const tail = /[$!][\x20-\x7e]*\r*$/.exec(line)?.[0].replace(/\r+$/, '');
    if (tail && hasValidChecksum(tail.slice(tail.lastIndexOf('$') > tail.lastIndexOf('!') ? tail.lastIndexOf('$') : tail.lastIndexOf('!')))) validSentences++;
  };
  for (let sent = 0; sent < TOTAL_BYTES; sent += CHUNK_BYTES) {
    const parts = (carry + random(CHUNK_BYTES).toString('latin1')).split('\n');
    carry = parts.pop()!;
    for (const part of parts) {
      // The framer ends a run every maxRunBytes bytes; those pieces are lines of their own.
      lines += Math.max(0, Math.ceil(part.length / FRAMER_DEFAULTS.maxRunBytes) - 1);
      endLine(part);
    }
  }
  lines += Math.max(0, Math.ceil(carry.length / FRAMER_DEFAULTS.maxRunBytes) - 1);
  endLine(carry + '\r'); // the test ends the stream with CR LF
  return { lines, validSentences };
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('10 MB of random bytes on a real PTY', () => {
  it('does not crash, yields no fix and keeps memory bounded', async () => {
    const expected = oracle();
    const device = await VirtualSerial.create();
    const gps = new SerialGps({ path: device.path, baud: 115200, logger: memoryLogger().logger });
    cleanups.push(() => device.close(), () => gps.stop());
    const pipeline = new NmeaPipeline({ referenceDate: '2024-01-01' });
    const validLines: string[] = [];
    let positions = 0;
    onSentence(gps, (line) => {
      if (hasValidChecksum(line)) validLines.push(line);
    });
    // The decoder gets every sentence and binary frame, as `gps watch` feeds it.
    gps.on('framed', (item: Framed) => {
      positions += pipeline.push(item).filter(isValidFix).length;
    });
    gps.start();
    await untilState(gps, 'open');

    const before = process.memoryUsage();
    let peakHeap = before.heapUsed;
    let peakRss = before.rss;
    const sample = (): void => {
      const m = process.memoryUsage();
      peakHeap = Math.max(peakHeap, m.heapUsed);
      peakRss = Math.max(peakRss, m.rss);
    };
    const sampler = setInterval(sample, 20);
    const random = seededRandomBytes(SEED);
    let queued = 0;
    const writing = (async () => {
      for (; queued < TOTAL_BYTES; queued += CHUNK_BYTES) await device.writeAll(random(CHUNK_BYTES));
      await device.writeAll(Buffer.from('\r\n'));
      queued += 2;
    })();
    // Both ends' counters go into the failure message: a stall says which side stopped.
    await untilRead(gps, device, TOTAL_BYTES + 2, () => `${queued} queued by the test`, 90_000);
    await writing;
    clearInterval(sampler);
    sample();
    positions += pipeline.flush().filter(isValidFix).length;

    const status = gps.status();
    expect(status.state).toBe('open');
    expect(status.outages).toBe(0);
    const dropped = Object.values(status.dropped).reduce((a, b) => a + b, 0);
    expect(status.lines).toBe(expected.lines);
    expect(status.sentences + dropped).toBe(expected.lines);
    // Random lines hold a non-printable byte after any `$`, bar a few printable-only tails.
    expect(status.dropped.binary).toBeGreaterThan(expected.lines * 0.95);
    expect(validLines).toHaveLength(expected.validSentences);
    expect(status.sentences).toBe(expected.validSentences);
    expect(positions).toBe(0);
    // Generous bounds: 10 MB went through; a reader that buffered it would exceed both.
    expect(peakHeap - before.heapUsed).toBeLessThan(48 * 1024 * 1024);
    expect(peakRss - before.rss).toBeLessThan(96 * 1024 * 1024);
    console.log(
      `noise: ${expected.lines} lines, ${expected.validSentences} checksum-valid by chance, dropped ${JSON.stringify(status.dropped)}, ` +
        `peak heap +${((peakHeap - before.heapUsed) / 1e6).toFixed(1)} MB, peak rss +${((peakRss - before.rss) / 1e6).toFixed(1)} MB`,
    );
  }, 120_000);

  it('cuts a 2 MB run without newline into counted pieces and reads the sentence after it', async () => {
    const device = await VirtualSerial.create();
    const gps = new SerialGps({ path: device.path, baud: 115200, logger: memoryLogger().logger });
    cleanups.push(() => device.close(), () => gps.stop());
    const lines: string[] = [];
    onSentence(gps, (l) => lines.push(l));
    gps.start();
    await untilState(gps, 'open');
    const random = seededRandomBytes(7);
    const runBytes = 2 * 1024 * 1024;
    for (let sent = 0; sent < runBytes; sent += CHUNK_BYTES) {
      const chunk = random(CHUNK_BYTES);
      for (let i = 0; i < chunk.length; i++) if (chunk[i] === 0x0a) chunk[i] = 0x20;
      await device.writeAll(chunk);
    }
    const rmc = '$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A';
    await device.writeAll(Buffer.from(`\r\n${rmc}\r\n`));
    await expect.poll(() => lines.length, { timeout: 30_000 }).toBe(1);
    expect(lines).toEqual([rmc]);
    // 2 MB / 4096-byte pieces: every full piece is one `tooLong`, the CR before the newline one `empty`.
    expect(gps.status().dropped).toMatchObject({ tooLong: runBytes / FRAMER_DEFAULTS.maxRunBytes, empty: 1 });
  });
});
