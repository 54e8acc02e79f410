import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../common/paths.js';
import { FIX_BOUNDS, isIsoUtcTime, withinBounds, type BoundedField } from '../fix-bounds.js';
import type { FixReport } from '../fix.js';
import { ubxFrame, type BinaryFrame } from '../framing/binary-frames.js';
import { frameAll, Framer, FRAMER_DEFAULTS } from '../framing/framer.js';
import { withChecksum } from '../framing/nmea-checksum.js';
import { gpsdJsonLines } from '../gpsd/json.js';
import { casicFrame } from '../ubx/test-support.js';
import { seededRandom } from '../virtual/random-bytes.js';
import { NmeaPipeline } from './pipeline.js';

/**
 * Fuzzing the decoding path: real sentences and UBX/CASIC frames of the gpsd corpus, mutated
 * (nonsense fields with recomputed checksums, bit flips, truncations, junk, overlong lines,
 * binary field edits), through the real framer and pipeline in random-sized chunks. Nothing may
 * throw, and every report must hold only values within their physical range, an ISO time, and
 * render as gpsd JSON that parses. Seeded: the seed is printed, `NMEA_FUZZ_SEED=<seed>` replays
 * a run, `NMEA_FUZZ_LINES=<n>` sets how many mutated inputs it makes (real capture sentences run
 * between them, in capture order, so that epochs form, close and get amended).
 */
const GPSD_DIR = join(PACKAGE_ROOT, '..', 'shared', 'data', 'gpsd');
const MUTATED = Number(process.env.NMEA_FUZZ_LINES ?? 100_000);
const SEED = Number(process.env.NMEA_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** About 10 s on a quiet core; a loaded CI machine may take several times that (the duration is printed). */
const FUZZ_TIMEOUT_MS = 600_000;

/** What a corrupted field may become: numbers out of every range, non-decimal spellings, garbage. */
const NONSENSE = [
  '', '-', '+', '.', '..', '-0', '0', '-1', '-5.5', '1e20', '1e308', '1.8e308', '-1e300', '0x10', 'Infinity', 'NaN', '99999999999999999999',
  '9999', '9999.9999', '360', '360.0', '-360', '99.99', '0.00', '235960.999', '246060', '999999', '310299', '01019999', '01011850', '00000000',
  '4875.000', '9100.000', '18100.000', 'A', 'V', 'N', 'E', 'W', 'S', 'M', 'ZZ', '\t', ' 5', '5 ', '١٢', '1,2', '*', '$',
];

interface Corpus {
  sentences: string[];
  frames: BinaryFrame[];
}

function loadCorpus(): Corpus {
  const sentences: string[] = [];
  const frames: BinaryFrame[] = [];
  for (const file of readdirSync(GPSD_DIR).filter((f) => f.endsWith('.log'))) {
    const bytes = readFileSync(join(GPSD_DIR, file));
    for (const item of frameAll(bytes, { comments: true }).items) {
      if (item.kind === 'sentence') sentences.push(item.sentence);
      else if (item.kind === 'frame' && item.frame.msgClass === 1) frames.push(item.frame);
    }
  }
  return { sentences, frames };
}

function reframe(frame: BinaryFrame, payload: Buffer): Buffer {
  return frame.protocol === 'ubx' ? ubxFrame(frame.msgClass, frame.msgId, payload) : casicFrame(frame.msgClass, frame.msgId, payload);
}

class Mutator {
  constructor(
    private readonly random: () => number,
    private readonly corpus: Corpus,
  ) {}

  private int(n: number): number {
    return Math.floor(this.random() * n);
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** One mutated input unit: a line (with its newline, or none) or a binary frame. */
  next(): Buffer {
    const kind = this.int(100);
    const sentence = this.pick(this.corpus.sentences);
    if (kind < 40) return this.line(this.nonsenseFields(sentence));
    if (kind < 50) return this.line(this.bitFlips(sentence));
    if (kind < 58) return this.line(this.truncated(sentence));
    if (kind < 64) return this.junk();
    if (kind < 68) return this.overlong(sentence);
    if (kind < 88 && this.corpus.frames.length > 0) return this.binaryEdit(this.pick(this.corpus.frames));
    return this.line(sentence);
  }

  private line(text: string): Buffer {
    const ending = this.pick(['\r\n', '\r\n', '\n', '', '\r']);
    return Buffer.from(text + ending, 'latin1');
  }

  /** 1–3 fields replaced by nonsense, the checksum recomputed: the sentence passes framing. */
  private nonsenseFields(sentence: string): string {
    const star = sentence.lastIndexOf('*');
    const fields = sentence.slice(1, star).split(',');
    for (let n = 1 + this.int(3); n > 0 && fields.length > 1; n--) {
      const at = 1 + this.int(fields.length - 1);
      fields[at] = this.int(4) === 0 ? String((this.random() - 0.5) * 10 ** this.int(25)) : this.pick(NONSENSE);
    }
    if (this.int(10) === 0) fields.splice(1 + this.int(fields.length), 0, this.pick(NONSENSE));
    return withChecksum(fields.join(','), sentence[0] === '!' ? '!' : '$');
  }

  private bitFlips(sentence: string): string {
    const bytes = Buffer.from(sentence, 'latin1');
    for (let n = 1 + this.int(3); n > 0; n--) bytes[this.int(bytes.length)]! ^= 1 << this.int(8);
    const flipped = bytes.toString('latin1');
    // Half the time with a checksum that matches the damage (what a checksum cannot catch).
    const star = flipped.lastIndexOf('*');
    return this.int(2) === 0 && star > 1 ? withChecksum(flipped.slice(1, star)) : flipped;
  }

  private truncated(sentence: string): string {
    const cut = sentence.slice(0, this.int(sentence.length));
    return this.int(2) === 0 || cut.length < 2 ? cut : withChecksum(cut.slice(1).replace(/\*.*$/, ''));
  }

  private junk(): Buffer {
    return Buffer.from(Array.from({ length: 1 + this.int(300) }, () => this.int(256)));
  }

  /** Longer than a sentence may be, or than a run may be without a newline. */
  private overlong(sentence: string): Buffer {
    const limit = this.int(2) === 0 ? FRAMER_DEFAULTS.maxSentenceChars : FRAMER_DEFAULTS.maxRunBytes;
    const body = sentence.slice(1, sentence.lastIndexOf('*'));
    return Buffer.from(`${withChecksum(body + ','.repeat(limit))}\r\n`, 'latin1');
  }

  /** A real UBX/CASIC navigation frame with fields overwritten, checksum recomputed (the frame verifies). */
  private binaryEdit(frame: BinaryFrame): Buffer {
    const payload = Buffer.from(frame.payload);
    const special = [Number.NaN, Number.POSITIVE_INFINITY, -1, 999, 1e300, -1e300, 0];
    for (let n = 1 + this.int(4); n > 0 && payload.length > 0; n--) {
      const at = this.int(payload.length);
      switch (this.int(4)) {
        case 0:
          payload[at] = this.int(256);
          break;
        case 1:
          if (at + 8 <= payload.length) payload.writeDoubleLE(this.pick(special), at - (at % 4));
          break;
        case 2:
          if (at + 4 <= payload.length) payload.writeFloatLE(this.pick(special), at - (at % 4));
          break;
        default:
          if (at + 2 <= payload.length) payload.writeUInt16LE(this.pick([0, 255, 65535, 1980, 2099, 2100]), at);
      }
    }
    // Sometimes cut short (a runt: the frame verifies but the message is too short); CASIC payloads stay whole words.
    const cut = this.int(payload.length);
    return reframe(frame, this.int(10) === 0 ? payload.subarray(0, frame.protocol === 'casic' ? cut - (cut % 4) : cut) : payload);
  }
}

/** Why a report is not acceptable, or undefined. */
function problem(report: FixReport): string | undefined {
  const fix = report.fix as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(fix)) {
    if (typeof value === 'number' && !Number.isFinite(value)) return `${key} ${value}`;
    if (key in FIX_BOUNDS && typeof value === 'number' && !withinBounds(FIX_BOUNDS[key as BoundedField], value)) return `${key} ${value} out of range`;
  }
  for (const key of ['eph', 'epv', 'eps', 'ept'] as const) if (report.fix[key] !== undefined && !(report.fix[key]! >= 0)) return `${key} ${report.fix[key]}`;
  if (report.fix.time !== undefined && !isIsoUtcTime(report.fix.time)) return `time ${report.fix.time}`;
  if ((report.fix.mode === 2 || report.fix.mode === 3) && (report.fix.lat === undefined || report.fix.lon === undefined)) return 'a fix without a position';
  for (const s of report.sky?.satellites ?? []) {
    for (const key of ['PRN', 'el', 'az', 'ss'] as const) if (s[key] !== undefined && !withinBounds(FIX_BOUNDS[key], s[key])) return `satellite ${key} ${s[key]}`;
  }
  for (const line of gpsdJsonLines(report).trim().split('\n')) {
    if (/NaN|Infinity|null/.test(line)) return `JSON ${line}`;
    JSON.parse(line);
  }
  return undefined;
}

describe('fuzzing the framer and the decoding pipeline', () => {
  it(`${MUTATED} mutated lines and frames: no crash, only in-range values and ISO times (replay with NMEA_FUZZ_SEED=${SEED})`, { timeout: FUZZ_TIMEOUT_MS }, async () => {
    console.log(`nmea fuzz: seed ${SEED}, ${MUTATED} mutated inputs (NMEA_FUZZ_SEED=${SEED} replays this run)`);
    const started = process.hrtime.bigint();
    const cpuStarted = process.cpuUsage();
    const corpus = loadCorpus();
    expect(corpus.sentences.length).toBeGreaterThan(20_000);
    expect(corpus.frames.length).toBeGreaterThan(100);
    const random = seededRandom(SEED);
    const mutator = new Mutator(random, corpus);
    const framer = new Framer();
    let pipeline = new NmeaPipeline();
    /** The last inputs, for the failure message. */
    const recent: Buffer[] = [];
    let reports = 0;
    let pending: Buffer[] = [];
    let cursor = Math.floor(random() * corpus.sentences.length);
    const check = (out: FixReport[]) => {
      for (const report of out) {
        reports++;
        const why = problem(report);
        if (why !== undefined) {
          const context = recent.map((b) => JSON.stringify(b.toString('latin1'))).join('\n');
          throw new Error(`seed ${SEED}: ${why} in ${JSON.stringify(report)} after\n${context}`);
        }
      }
    };
    const feed = (bytes: Buffer) => {
      for (const item of framer.push(bytes)) if (item.kind !== 'comment') check(pipeline.pushReports(item));
    };
    for (let mutated = 0; mutated < MUTATED; mutated++) {
      // The loop is synchronous work: let the test runner's messages through now and then.
      if (mutated % 5000 === 0) await new Promise((resolve) => setImmediate(resolve));
      const units = [mutator.next()];
      // Real sentences between the mutations, in capture order: epochs form, close and get amended.
      while (random() < 0.5) units.push(Buffer.from(`${corpus.sentences[cursor++ % corpus.sentences.length]}\r\n`, 'latin1'));
      for (const unit of units) {
        recent.push(unit);
        if (recent.length > 30) recent.shift();
        pending.push(unit);
      }
      // Random chunking: sentences and frames split across reads, as a serial port delivers them.
      if (random() < 0.3) {
        const bytes = Buffer.concat(pending);
        pending = [];
        for (let at = 0; at < bytes.length; ) {
          const size = 1 + Math.floor(random() * 512);
          feed(bytes.subarray(at, at + size));
          at += size;
        }
      }
      // A new receiver now and then: fresh state, with a reference date or none.
      if (random() < 0.0005) {
        check(pipeline.flushReports());
        pipeline = new NmeaPipeline(random() < 0.5 ? {} : { referenceDate: '2024-02-29' });
      }
    }
    feed(Buffer.concat(pending));
    for (const item of framer.end()) if (item.kind !== 'comment') check(pipeline.pushReports(item));
    check(pipeline.flushReports());
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = process.cpuUsage(cpuStarted);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const c = framer.counts;
    console.log(
      `nmea fuzz: ${MUTATED} mutated inputs, ${c.lines} lines (${c.sentences} sentences), ${Object.values(c.frames).reduce((a, b) => a + b, 0)} binary frames, ` +
        `${reports} reports checked in ${seconds.toFixed(1)} s (${cpuSeconds.toFixed(1)} s of CPU); framer drops ${JSON.stringify(c.dropped)}; last receiver's out-of-range drops ${JSON.stringify(pipeline.stats().outOfRange)}`,
    );
    expect(reports).toBeGreaterThan(1000);
  });
});
