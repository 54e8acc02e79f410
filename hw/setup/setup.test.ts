import { execFile, spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../common/paths.js';
import { ubxFrame, type BinaryFrame } from '../framing/binary-frames.js';
import { Framer } from '../framing/framer.js';
import { withChecksum } from '../framing/nmea-checksum.js';
import { seededRandomBytes } from '../virtual/random-bytes.js';
import { nmeaDate, nmeaTime } from '../virtual/nmea-render.js';
import { VirtualSerial } from '../virtual/virtual-serial.js';
import { OUTPUT_SENTENCES, UBX_KEY, UBX_KEY_NMEA_UART1, ubxKeyValueBytes, type OutputSentence } from './receiver-commands.js';

// End to end: the built CLI (`npm test` builds first) talks to a scripted receiver behind a real PTY.
const CLI = join(PACKAGE_ROOT, 'dist', 'cli', 'telematics.js');
const run = promisify(execFile);

beforeAll(() => {
  for (const src of ['hw/setup/commands.ts', 'hw/setup/configure.ts', 'hw/setup/setup-plan.ts', 'hw/setup/receiver-commands.ts']) {
    const built = join(PACKAGE_ROOT, 'dist', src.replace(/\.ts$/, '.js'));
    if (!existsSync(built) || statSync(built).mtimeMs < statSync(join(PACKAGE_ROOT, src)).mtimeMs) {
      throw new Error(`${built} is missing or older than ${src}: build first (npx tsc -p tsconfig.json, or npm test)`);
    }
  }
});

type Kind = 'ublox' | 'ublox9' | 'mtk';

const UBX_ACK = 0x05;
const UBX_CFG = 0x06;
const UBX_NMEA_IDS: Record<number, OutputSentence> = { 0x00: 'GGA', 0x01: 'GLL', 0x02: 'GSA', 0x03: 'GSV', 0x04: 'RMC', 0x05: 'VTG', 0x08: 'ZDA' };

/**
 * A receiver on the far side of a PTY that answers as the vendors document: u-blox 8 (CFG-MSG,
 * CFG-RATE, CFG-PRT each answered by UBX-ACK-ACK; the ACK of a baud change goes out at the new
 * rate), u-blox generation 9 (CFG-VALSET; it refuses the legacy CFG messages with ACK-NAK here,
 * so the test shows the right protocol was used), MediaTek (PMTK314/220 answered by
 * `$PMTK001,<cmd>,3`, PMTK251 switching the rate without an answer). A PTY has no line speed,
 * but it keeps the speed the reader set (`stty -F`, sampled every 50 ms): bytes exchanged while
 * that differs from the receiver's rate are noise both ways, as on a UART. A command counts as
 * sent at the speed of any sample of the last 5 s or of a sample taken when it arrives: the reader
 * sets its speed before writing, and may switch again (after a baud command) before a loaded
 * machine lets the samples catch up with the bytes.
 */
class FakeReceiver {
  baud: number;
  periodMs: number;
  readonly sentences: Set<OutputSentence>;
  /** The receiver's clock: the time of the next epoch. */
  private timeMs = Date.UTC(2024, 5, 9, 12, 0, 0);
  private readonly framer = new Framer();
  private readonly noise = seededRandomBytes(0xfade);
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly speedSamples: { atMs: number; baud: number }[] = [];
  /** Received bytes are handled in order, each chunk after the speed check of the one before. */
  private receiving: Promise<void> = Promise.resolve();
  readonly commands: string[] = [];

  constructor(
    private readonly device: VirtualSerial,
    private readonly kind: Kind,
    initial: { baud: number; periodMs: number; sentences: OutputSentence[] },
    private readonly quirks: { refusePmtk?: number; ignorePmtk?: number } = {},
  ) {
    this.baud = initial.baud;
    this.periodMs = initial.periodMs;
    this.sentences = new Set(initial.sentences);
    device.onReceive((bytes) => this.receive(bytes));
    void this.sampleSpeeds();
    this.schedule(this.periodMs);
  }

  /** For failure messages. */
  state(): string {
    return JSON.stringify({ baud: this.baud, periodMs: this.periodMs, sentences: [...this.sentences], commands: this.commands, speeds: this.speedSamples.slice(-5) });
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async sampleSpeed(): Promise<number> {
    const baud = await run('stty', ['-F', this.device.ptsPath!, 'speed']).then(({ stdout }) => Number(stdout.trim()), () => 0);
    this.speedSamples.push({ atMs: Date.now(), baud });
    if (this.speedSamples.length > 100) this.speedSamples.shift();
    return baud;
  }

  private async sampleSpeeds(): Promise<void> {
    while (!this.stopped) {
      await this.sampleSpeed();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private send(bytes: Buffer): void {
    if (!this.stopped) this.device.write(this.speedSamples.at(-1)?.baud === this.baud ? bytes : this.noise(bytes.length));
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      const epoch = this.epoch();
      this.timeMs += this.periodMs;
      this.schedule(this.periodMs);
      this.send(epoch);
    }, delayMs);
  }

  /** A new measurement period applies from the next epoch on. */
  private setPeriod(periodMs: number): void {
    this.periodMs = periodMs;
    this.schedule(periodMs);
  }

  private epoch(): Buffer {
    const t = nmeaTime(this.timeMs);
    const pos = '4807.038,N,01131.000,E';
    const body: Record<OutputSentence, string> = {
      GGA: `GPGGA,${t},${pos},1,08,0.9,545.4,M,46.9,M,,`,
      GLL: `GPGLL,${pos},${t},A,A`,
      GSA: 'GPGSA,A,3,04,05,,09,12,,,24,,,,,2.5,1.3,2.1',
      GSV: 'GPGSV,1,1,04,04,45,120,40,05,30,200,35,09,60,300,42,12,10,050,30',
      RMC: `GPRMC,${t},A,${pos},0.0,,${nmeaDate(this.timeMs)},,,A`,
      VTG: 'GPVTG,,T,,M,0.0,N,0.0,K,A',
      ZDA: `GPZDA,${t},09,06,2024,00,00`,
    };
    return Buffer.from(OUTPUT_SENTENCES.filter((s) => this.sentences.has(s)).map((s) => `${withChecksum(body[s])}\r\n`).join(''), 'latin1');
  }

  private receive(bytes: Buffer): void {
    const arrivedMs = Date.now();
    this.receiving = this.receiving.then(async () => {
      const heard = this.speedSamples.some((s) => s.atMs >= arrivedMs - 5000 && s.baud === this.baud) || (await this.sampleSpeed()) === this.baud;
      // Sent at a rate the receiver does not listen at: it gets noise, as a UART would.
      if (heard) this.handle(bytes);
    });
  }

  private handle(bytes: Buffer): void {
    for (const item of this.framer.push(bytes)) {
      if (item.kind === 'frame') this.ubx(item.frame);
      else if (item.kind === 'sentence') this.pmtk(item.sentence);
    }
  }

  private ubx(frame: BinaryFrame): void {
    if (this.kind === 'mtk' || frame.msgClass !== UBX_CFG) return;
    const p = frame.payload;
    const ack = (ok: boolean) => ubxFrame(UBX_ACK, ok ? 0x01 : 0x00, Buffer.from([frame.msgClass, frame.msgId]));
    this.commands.push(`UBX-CFG-${frame.msgId.toString(16)}`);
    if (this.kind === 'ublox9') {
      if (frame.msgId !== 0x8a) return this.send(ack(false));
      let newBaud: number | undefined;
      for (let at = 4; at < p.length; ) {
        const key = p.readUInt32LE(at);
        const size = ubxKeyValueBytes(key);
        const value = p.readUIntLE(at + 4, size);
        at += 4 + size;
        const sentence = (Object.keys(UBX_KEY_NMEA_UART1) as OutputSentence[]).find((s) => UBX_KEY_NMEA_UART1[s] === key);
        if (sentence) value > 0 ? this.sentences.add(sentence) : this.sentences.delete(sentence);
        else if (key === UBX_KEY.rateMeas) this.setPeriod(value);
        else if (key === UBX_KEY.uart1Baudrate) newBaud = value;
        else return this.send(ack(false));
      }
      if (newBaud !== undefined) this.baud = newBaud;
      return this.send(ack(true));
    }
    if (frame.msgId === 0x01 && p.length === 3 && p[0] === 0xf0 && UBX_NMEA_IDS[p[1]!]) {
      const sentence = UBX_NMEA_IDS[p[1]!]!;
      p[2]! > 0 ? this.sentences.add(sentence) : this.sentences.delete(sentence);
      return this.send(ack(true));
    }
    if (frame.msgId === 0x08 && p.length === 6) {
      this.setPeriod(p.readUInt16LE(0));
      return this.send(ack(true));
    }
    if (frame.msgId === 0x00 && p.length === 20 && p[0] === 1) {
      this.baud = p.readUInt32LE(8);
      return this.send(ack(true));
    }
    return this.send(ack(false));
  }

  private pmtk(sentence: string): void {
    if (this.kind !== 'mtk') return;
    const m = /^\$PMTK(\d{3}),?([^*]*)\*/.exec(sentence);
    if (!m) return;
    const command = Number(m[1]);
    const fields = m[2]!.split(',').map(Number);
    this.commands.push(`PMTK${m[1]}`);
    const answer = (flag: number) => this.send(Buffer.from(`${withChecksum(`PMTK001,${command},${flag}`)}\r\n`, 'latin1'));
    if (command === this.quirks.refusePmtk) return answer(1);
    if (command === this.quirks.ignorePmtk) return answer(3);
    if (command === 220) {
      this.setPeriod(fields[0]!);
      return answer(3);
    }
    if (command === 314) {
      // GLL, RMC, VTG, GGA, GSA, GSV, 11 reserved, ZDA, MCHN
      const rates = [...fields.slice(0, 6), fields[17]];
      OUTPUT_SENTENCES.forEach((s, i) => (rates[i]! > 0 ? this.sentences.add(s) : this.sentences.delete(s)));
      return answer(3);
    }
    if (command === 251) {
      this.baud = fields[0]!;
      return;
    }
    return answer(1);
  }
}

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function rig(kind: Kind, initial: { baud: number; periodMs: number; sentences: OutputSentence[] }, quirks?: { refusePmtk?: number; ignorePmtk?: number }) {
  const device = await VirtualSerial.create();
  const receiver = new FakeReceiver(device, kind, initial, quirks);
  cleanups.push(() => device.close(), () => receiver.stop());
  return { device, receiver };
}

/** Runs the CLI; acknowledgements get a generous deadline, as the machine may be loaded. */
function setup(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, 'gps', 'setup', '--answer-timeout', '10', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'warn' } });
  cleanups.push(() => void (child.exitCode === null && child.kill('SIGKILL')));
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

const FACTORY: OutputSentence[] = ['GGA', 'GLL', 'GSA', 'GSV', 'RMC', 'VTG'];

describe('telematics gps setup against scripted receivers on a real PTY', () => {
  it('u-blox 8: sentence set, 5 Hz and 38400 baud, each acknowledged, then seen on the line', async () => {
    const { device, receiver } = await rig('ublox', { baud: 9600, periodMs: 1000, sentences: FACTORY });
    const result = await setup(['--serial', device.path, '--receiver', 'ublox', '--rate-hz', '5', '--sentences', 'RMC,GGA,GSA', '--set-baud', '38400']);
    expect(result.code, `${result.stderr} ${receiver.state()}`).toBe(0);
    expect(result.stdout.split('\n')).toEqual([
      ...OUTPUT_SENTENCES.map((s) => `${s} ${['RMC', 'GGA', 'GSA'].includes(s) ? 'on' : 'off'}: acknowledged`),
      'rate 5 Hz (200 ms): acknowledged',
      'baud 38400: sent; receiver left 9600 baud, line reopened at 38400 baud',
      'observed at 38400 baud: RMC GGA GSA every 200 ms',
      'OK',
      '',
    ]);
    expect(receiver).toMatchObject({ baud: 38400, periodMs: 200 });
    expect([...receiver.sentences].sort()).toEqual(['GGA', 'GSA', 'RMC']);
  });

  it('u-blox generation 9: one CFG-VALSET for sentences and rate, another for the baud', async () => {
    const { device, receiver } = await rig('ublox9', { baud: 38400, periodMs: 1000, sentences: FACTORY });
    const result = await setup(['--serial', device.path, '--baud', '38400', '--receiver', 'ublox9', '--rate-hz', '2', '--sentences', 'RMC,GGA,ZDA', '--set-baud', '115200']);
    expect(result.code, `${result.stderr} ${receiver.state()}`).toBe(0);
    expect(result.stdout).toContain('sentences RMC GGA ZDA, rate 2 Hz (500 ms): acknowledged\n');
    expect(result.stdout).toContain('baud 115200: sent; receiver left 38400 baud, line reopened at 115200 baud\n');
    expect(result.stdout).toContain('observed at 115200 baud: RMC GGA ZDA every 500 ms\nOK\n');
    expect(receiver.commands).toEqual(['UBX-CFG-8a', 'UBX-CFG-8a']);
    expect(receiver).toMatchObject({ baud: 115200, periodMs: 500 });
  });

  it('MediaTek, its rate hunted first: PMTK314 and PMTK220 acknowledged by PMTK001, PMTK251 confirmed by data at the new rate', async () => {
    const { device, receiver } = await rig('mtk', { baud: 9600, periodMs: 1000, sentences: ['GGA', 'GSA', 'GSV', 'RMC', 'VTG'] });
    const result = await setup(['--serial', device.path, '--baud', 'auto', '--receiver', 'mtk', '--rate-hz', '10', '--sentences', 'RMC,GGA', '--set-baud', '57600']);
    expect(result.code, `${result.stderr} ${receiver.state()}`).toBe(0);
    expect(result.stdout.split('\n')).toEqual([
      'sentences RMC GGA: acknowledged',
      'rate 10 Hz (100 ms): acknowledged',
      'baud 57600: sent; receiver left 9600 baud, line reopened at 57600 baud',
      'observed at 57600 baud: RMC GGA every 100 ms',
      'OK',
      '',
    ]);
    expect(receiver).toMatchObject({ baud: 57600, periodMs: 100 });
  });

  it('fails with exit 1 when the receiver refuses a command, and says which', async () => {
    const { device, receiver } = await rig('mtk', { baud: 9600, periodMs: 1000, sentences: ['RMC'] }, { refusePmtk: 220 });
    const result = await setup(['--serial', device.path, '--receiver', 'mtk', '--rate-hz', '5']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('rate 5 Hz (200 ms): unsupported command');
    expect(receiver.periodMs).toBe(1000);
  });

  it('fails with exit 1 when the line does not show what the receiver acknowledged', async () => {
    const { device } = await rig('mtk', { baud: 9600, periodMs: 1000, sentences: ['RMC', 'GGA', 'GSA'] }, { ignorePmtk: 314 });
    const result = await setup(['--serial', device.path, '--receiver', 'mtk', '--sentences', 'RMC']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('at 9600 baud the receiver sends RMC GGA GSA, not RMC');
  });

  it('fails with exit 1 when the receiver refuses the protocol (a generation-9 receiver given u-blox 8 messages)', async () => {
    const { device } = await rig('ublox9', { baud: 9600, periodMs: 1000, sentences: ['RMC'] });
    const result = await setup(['--serial', device.path, '--receiver', 'ublox', '--rate-hz', '2']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('rate 2 Hz (500 ms): UBX-ACK-NAK: the receiver refused it');
  });

  it('exits 2 on usage errors', async () => {
    const { device } = await rig('mtk', { baud: 9600, periodMs: 1000, sentences: ['RMC'] });
    for (const args of [['--rate-hz', '3'], ['--sentences', 'RMC,XYZ'], ['--set-baud', '12345'], []]) {
      expect((await setup(['--serial', device.path, '--receiver', 'mtk', ...args])).code, args.join(' ')).toBe(2);
    }
  });
});
