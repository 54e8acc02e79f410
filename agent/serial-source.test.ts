import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../common/paths.js';
import { pollUntil } from '../common/poll.js';
import { VirtualSerial } from '../hw/virtual/virtual-serial.js';
import type { ReceiverStatus } from './agent-core.js';
import { SerialFixSource } from './serial-source.js';
import { until } from './test-support.js';

const CAPTURE = join(PACKAGE_ROOT, '..', 'shared', 'data', 'gpsd', 'bt451.log');

type Satellites = NonNullable<ReceiverStatus['satellites']>;
const byPrn = (satellites: Satellites): Satellites => [...satellites].sort((a, b) => a.PRN - b.PRN).map(({ PRN, ss, used }) => ({ PRN, ss, used }));

describe('SerialFixSource', () => {
  let device: VirtualSerial | undefined;
  let source: SerialFixSource | undefined;
  afterEach(async () => {
    await source?.stop();
    await device?.close();
  });

  it("reports the receiver's sky view (satellites seen, SNR, used) as gpsd's SKY has it, and its sentence rate from the first second, through a real PTY", async () => {
    // gpsd's decoding of the same capture: its SKY reports with a satellite list.
    const skies = readFileSync(`${CAPTURE}.chk`, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"class":"SKY"') && l.includes('"satellites"'))
      .map((l) => byPrn((JSON.parse(l) as { satellites: Satellites }).satellites));
    const expected = skies.at(-1)!;

    device = await VirtualSerial.create();
    source = new SerialFixSource({ path: device.path, baud: 4800 });
    let fixes = 0;
    source.start(() => fixes++);
    const lines = readFileSync(CAPTURE, 'utf8').split('\n').filter((l) => l.startsWith('$'));
    // Bytes written before the port is read may be discarded on open: repeat the capture's first
    // line (a $GPTXT banner, part of no epoch) until the source counts it, then send the rest.
    await until(() => {
      device!.write(`${lines[0]}\r\n`);
      return (source!.status().sentences ?? 0) > 0;
    }, 'the serial source to read from the PTY', 20_000, 200);
    device.write(lines.slice(1).map((l) => `${l}\r\n`).join(''));
    // diag reads the rate from the status: it must show the sentences flowing now, not 0 until a first
    // 10 s window has ended (a technician runs diag right after a restart).
    const rate = await pollUntil('a sentence rate before the first 10 s window ended', () => source!.status().sentencesPerSec || null, { timeoutMs: 5_000, intervalMs: 50 });
    expect(rate).toBeGreaterThan(0);
    await until(
      () => JSON.stringify(byPrn(source!.status().satellites ?? [])) === JSON.stringify(expected),
      "the status to list gpsd's last sky view of the capture",
      20_000,
    );
    expect(expected.length).toBe(10);
    expect(expected.filter((s) => s.used)).toHaveLength(9);
    expect(fixes).toBeGreaterThan(0);
  });
});
