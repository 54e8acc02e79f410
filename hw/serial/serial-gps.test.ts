import { afterEach, describe, expect, it } from 'vitest';
import { ubxFrame } from '../framing/binary-frames.js';
import { withChecksum } from '../framing/nmea-checksum.js';
import { VirtualSerial } from '../virtual/virtual-serial.js';
import { SerialGps } from './serial-gps.js';
import { collectLines, memoryLogger, untilState } from './test-support.js';

// These tests need a real pseudo-terminal; when one cannot be created they fail (never skip).
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function rig(options: { reopenIntervalMs?: number } = {}) {
  const device = await VirtualSerial.create();
  const { logger, records } = memoryLogger();
  const gps = new SerialGps({ path: device.path, baud: 9600, reopenIntervalMs: options.reopenIntervalMs ?? 200, logger });
  cleanups.push(() => device.close(), () => gps.stop());
  return { device, gps, records };
}

const sentence = (i: number): string => withChecksum(`GPGGA,1200${String(i % 60).padStart(2, '0')}.00,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,`);

describe('SerialGps on a real PTY', () => {
  it('delivers lines intact, without CR/LF', async () => {
    const { device, gps } = await rig();
    gps.start();
    await untilState(gps, 'open');
    const sent = Array.from({ length: 50 }, (_, i) => sentence(i));
    const received = collectLines(gps, sent.length);
    await device.writeAll(Buffer.from(sent.map((s) => s + '\r\n').join(''), 'latin1'));
    expect(await received).toEqual(sent);
    const status = gps.status();
    expect(status.lines).toBe(50);
    expect(status.sentences).toBe(50);
    expect(status.bytes).toBe(sent.join('\r\n').length + 2);
    expect(status.lastFramedAtMs).not.toBeNull();
  });

  it('drops garbage and binary by reason, still delivers every valid line, and frames the UBX message', async () => {
    const { device, gps } = await rig();
    gps.start();
    await untilState(gps, 'open');
    const ubx = ubxFrame(0x01, 0x07, Buffer.from([0x0d, 0x0a, 0xff, 0x00])); // contains \r\n
    const chunks: Buffer[] = [];
    const expected: string[] = [];
    for (let i = 0; i < 20; i++) {
      chunks.push(Buffer.from(sentence(i) + '\r\n'));
      expected.push(sentence(i));
      chunks.push(Buffer.from('hello from the receiver\r\n')); // noStart
      chunks.push(Buffer.from('$' + 'X'.repeat(300) + '\r\n')); // tooLong
      chunks.push(ubx); // one binary line, then a binary prefix on the next sentence
      chunks.push(Buffer.from(sentence(100 + i) + '\r\n'));
      expected.push(sentence(100 + i));
      chunks.push(Buffer.from('\r\n')); // empty
    }
    const received = collectLines(gps, expected.length);
    await device.writeAll(Buffer.concat(chunks));
    expect(await received).toEqual(expected);
    const status = gps.status();
    expect(status.dropped).toEqual({ empty: 20, tooLong: 20, binary: 20, noStart: 20, noChecksum: 0, badChecksum: 0 });
    expect(status.trimmedPrefixes).toBe(20);
    expect(status.frames).toEqual({ 'ubx-01-07': 20 });
    expect(status.lines).toBe(status.sentences + 80);
  });

  it('survives unplug and replug: logs once per outage, keeps retrying, resumes', async () => {
    const { device, gps, records } = await rig({ reopenIntervalMs: 100 });
    gps.start();
    await untilState(gps, 'open');
    const before = collectLines(gps, 3);
    for (let i = 0; i < 3; i++) await device.writeAll(Buffer.from(sentence(i) + '\r\n'));
    await before;

    await device.unplug();
    await untilState(gps, 'outage');
    // It keeps retrying while the device is gone, each retry at debug level only.
    const retries = (): number => records.filter((r) => r.msg === 'GPS serial device still unavailable').length;
    await expect.poll(retries, { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
    expect(records.filter((r) => r.msg === 'GPS serial device still unavailable').every((r) => r.level === 20)).toBe(true);
    expect(records.filter((r) => r.level === 40)).toHaveLength(1);

    await device.plug();
    await untilState(gps, 'open');
    const after = collectLines(gps, 3);
    for (let i = 10; i < 13; i++) await device.writeAll(Buffer.from(sentence(i) + '\r\n'));
    expect(await after).toEqual([sentence(10), sentence(11), sentence(12)]);

    const status = gps.status();
    expect(status.outages).toBe(1);
    expect(status.outageSinceMs).toBeNull();
    const back = records.filter((r) => r.msg === 'GPS serial device back, reading again');
    expect(back).toHaveLength(1);
    expect(typeof back[0]!.outageMs).toBe('number');
    expect(records.filter((r) => r.level === 40)).toHaveLength(1);
  });

  it('waits for a device that is missing at start', async () => {
    const { device, gps, records } = await rig({ reopenIntervalMs: 100 });
    await device.unplug();
    gps.start();
    await untilState(gps, 'outage');
    await device.plug();
    await untilState(gps, 'open');
    expect(gps.status().outages).toBe(1);
    expect(records.filter((r) => r.level === 40)).toHaveLength(1);
  });

  it('sends set-up commands to the receiver', async () => {
    const { device, gps } = await rig();
    await expect(gps.write('$PMTK220,1000*1F\r\n')).rejects.toThrow(/not open/);
    gps.start();
    await untilState(gps, 'open');
    const received: Buffer[] = [];
    device.onReceive((b) => received.push(b));
    const command = Buffer.from([0xb5, 0x62, 0x06, 0x08, 0x06, 0x00, 0xe8, 0x03, 0x01, 0x00, 0x01, 0x00, 0x01, 0x39]);
    await gps.write(command);
    await expect.poll(() => Buffer.concat(received).length).toBe(command.length);
    expect(Buffer.concat(received).equals(command)).toBe(true);
  });
});
