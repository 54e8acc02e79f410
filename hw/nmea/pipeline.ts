import { createReadStream } from 'node:fs';
import type { Fix } from '../fix.js';
import { BinaryFrameReader, hasBinarySync, type BinaryFramesStats } from '../ubx/binary-frames.js';
import { NavSolutionAssembler } from '../ubx/nav-solution.js';
import { decodeSentence } from './decoder.js';
import { FixAssembler, type FixAssemblerStats } from './fix-assembler.js';
import { filterLine, LINE_FILTER_DEFAULTS, type DropReason } from './line-filter.js';

/**
 * The NMEA path in one object: received lines in, fixes out (line filter → decoder → fix
 * assembler). Pure and synchronous: no timers, no I/O; the caller owns the clock and the port.
 *
 * Lines carrying u-blox UBX or CASIC binary frames also go to `hw/ubx/` (frames reassembled
 * across lines; NAV-PVT, CASIC NAV-PV/TIMEUTC/DOP turned into fixes). NMEA is preferred: a
 * binary epoch during which an NMEA position sentence arrived yields no fix (the receiver
 * sends both and the NMEA epoch reports it), so binary fixes come only from receivers that
 * send their solution in binary alone.
 */
export const NMEA_PIPELINE_DEFAULTS = {
  referenceDate: undefined as string | undefined,
  maxSentenceChars: LINE_FILTER_DEFAULTS.maxSentenceChars,
};

export type NmeaPipelineOptions = Partial<typeof NMEA_PIPELINE_DEFAULTS>;

/** The fix assembler's counters (fixes include those from binary solutions), plus the line and sentence counts. */
export interface NmeaStats extends FixAssemblerStats {
  /** Lines pushed, including dropped ones. */
  lines: number;
  /** Sentences that passed the line filter, by address (`GNRMC`, `PGRME`, `AIVDM`, …). */
  sentences: Record<string, number>;
  checksumErrors: number;
  /** Lines dropped by the line filter, by reason (bad checksums included). */
  dropped: Partial<Record<DropReason, number>>;
  /** Lines kept whose sentence followed garbage or binary on the same line. */
  garbagePrefixed: number;
  /** Valid sentences fix assembly does not use (GSV, TXT, AIS, proprietary, …). */
  unknown: number;
  /** Known sentence types whose fields did not parse. */
  malformed: number;
  /** `Date.now()` of the last line that yielded a sentence, for staleness diagnostics. */
  lastSentenceAtMs?: number;
  lastFix?: Fix;
  /** UBX/CASIC frames found in the lines (valid checksums, by message) and fixes made from them. */
  binary: BinaryFramesStats & { fixes: number; supersededByNmea: number };
}

export class NmeaPipeline {
  private readonly assembler: FixAssembler;
  private readonly maxSentenceChars: number;
  private lines = 0;
  private readonly sentences: Record<string, number> = {};
  private readonly dropped: Partial<Record<DropReason, number>> = {};
  private garbagePrefixed = 0;
  private unknown = 0;
  private malformed = 0;
  private lastSentenceAtMs: number | undefined;
  private lastFix: Fix | undefined;
  private readonly binaryFrames = new BinaryFrameReader();
  private readonly navSolutions = new NavSolutionAssembler();
  /** An NMEA position sentence arrived since the binary epoch in progress began. */
  private nmeaDuringBinaryEpoch = false;
  /** The previous binary epoch was reported by NMEA: the receiver sends both. */
  private nmeaDuringPreviousBinaryEpoch = false;
  private binaryFixes = 0;
  private binarySuperseded = 0;

  constructor(options: NmeaPipelineOptions = {}) {
    this.assembler = new FixAssembler({ referenceDate: options.referenceDate ?? NMEA_PIPELINE_DEFAULTS.referenceDate });
    this.maxSentenceChars = options.maxSentenceChars ?? NMEA_PIPELINE_DEFAULTS.maxSentenceChars;
  }

  /** One received line (with or without CR/LF); returns every fix it completed, mode 1 included. */
  pushLine(line: string | Buffer): Fix[] {
    this.lines++;
    const binary = this.pushBinary(line);
    const nmea = this.pushNmea(line);
    return binary.length === 0 ? nmea : [...binary, ...nmea];
  }

  private pushNmea(line: string | Buffer): Fix[] {
    const framed = filterLine(line, { maxSentenceChars: this.maxSentenceChars });
    if (!framed.ok) {
      this.dropped[framed.reason] = (this.dropped[framed.reason] ?? 0) + 1;
      return [];
    }
    if (framed.garbagePrefixChars > 0) this.garbagePrefixed++;
    this.lastSentenceAtMs = Date.now();
    const decoded = decodeSentence(framed.sentence);
    this.sentences[decoded.kind === 'sentence' ? decoded.sentence.address : decoded.address] =
      (this.sentences[decoded.kind === 'sentence' ? decoded.sentence.address : decoded.address] ?? 0) + 1;
    if (decoded.kind === 'unknown') {
      this.unknown++;
      return [];
    }
    if (decoded.kind === 'malformed') {
      this.malformed++;
      return [];
    }
    if ('lat' in decoded.sentence && decoded.sentence.lat !== undefined) this.nmeaDuringBinaryEpoch = true;
    return this.remember(this.assembler.push(decoded.sentence));
  }

  private pushBinary(line: string | Buffer): Fix[] {
    if (typeof line === 'string') {
      // Binary lines arrive as latin1 strings from the serial layer; most lines have no 0xB5/0xBA at all.
      if (!this.binaryFrames.inFrame && !/\xb5b|\xba\xce/.test(line)) return [];
      line = Buffer.from(line, 'latin1');
    } else if (!this.binaryFrames.inFrame && !hasBinarySync(line)) return [];
    const out: Fix[] = [];
    for (const frame of this.binaryFrames.pushLine(line)) {
      const fix = this.navSolutions.push(frame);
      if (fix !== undefined) this.acceptBinaryFix(fix, out);
    }
    return this.remember(out);
  }

  /**
   * A binary epoch closed: its fix, unless NMEA reported this epoch or the previous one (the
   * receiver sends both; NMEA for the last epoch may be cut off by the end of input).
   */
  private acceptBinaryFix(fix: Fix, out: Fix[]): void {
    if (this.nmeaDuringBinaryEpoch || this.nmeaDuringPreviousBinaryEpoch) this.binarySuperseded++;
    else {
      this.binaryFixes++;
      out.push(fix);
    }
    this.nmeaDuringPreviousBinaryEpoch = this.nmeaDuringBinaryEpoch;
    this.nmeaDuringBinaryEpoch = false;
  }

  /** End of input: the epoch in progress. */
  flush(): Fix[] {
    const out: Fix[] = [];
    const binary = this.navSolutions.flush();
    if (binary !== undefined) this.acceptBinaryFix(binary, out);
    out.push(...this.assembler.flush());
    return this.remember(out);
  }

  stats(): NmeaStats {
    const assembler: FixAssemblerStats = this.assembler.stats();
    return {
      lines: this.lines,
      sentences: { ...this.sentences },
      checksumErrors: this.dropped.bad_checksum ?? 0,
      dropped: { ...this.dropped },
      garbagePrefixed: this.garbagePrefixed,
      unknown: this.unknown,
      malformed: this.malformed,
      ...assembler,
      fixes: assembler.fixes + this.binaryFixes,
      lastSentenceAtMs: this.lastSentenceAtMs,
      lastFix: this.lastFix,
      binary: { ...this.binaryFrames.stats(), fixes: this.binaryFixes, supersededByNmea: this.binarySuperseded },
    };
  }

  private remember(fixes: Fix[]): Fix[] {
    if (fixes.length > 0) this.lastFix = fixes[fixes.length - 1];
    return fixes;
  }
}

/** A gpsd capture line: either data, or the date announced by a `# Date:` header. */
export type CaptureLine = { kind: 'line'; line: Buffer } | { kind: 'date'; date: string };

/**
 * Reads a gpsd-style capture (`../shared/data/gpsd/*.log`): skips every line starting with
 * `#`, and reports `# Date: yyyy-mm-dd` headers (the date of time-only sentences). Lines are
 * split on `\n` only, as the serial layer does, and stay raw bytes (a trailing `\r` included):
 * captures mix in binary frames, whose bytes may be `\r`. A line starting with `#` inside an
 * unfinished UBX/CASIC frame is frame data, not a comment (gpsfake's packet lexer sees it so).
 */
export async function* readCaptureFile(path: string): AsyncGenerator<CaptureLine> {
  let rest: Buffer | undefined;
  const frames = new BinaryFrameReader();
  const toItem = (line: Buffer): CaptureLine | undefined => {
    if (line[0] !== 0x23 || frames.inFrame) {
      if (frames.inFrame || hasBinarySync(line)) frames.pushLine(line);
      return { kind: 'line', line };
    }
    const date = captureDate(line.toString('latin1'));
    return date ? { kind: 'date', date } : undefined;
  };
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    const data = rest ? Buffer.concat([rest, chunk]) : chunk;
    let from = 0;
    for (let nl = data.indexOf(0x0a); nl >= 0; nl = data.indexOf(0x0a, from)) {
      const item = toItem(data.subarray(from, nl));
      if (item) yield item;
      from = nl + 1;
    }
    rest = from < data.length ? Buffer.from(data.subarray(from)) : undefined;
  }
  if (rest) {
    const item = toItem(rest);
    if (item) yield item;
  }
}

/** `# Date: 2019-3-14` → `2019-03-14`; undefined for any other line or an impossible date. */
export function captureDate(line: string): string | undefined {
  const m = /^#\s*Date:\s*(\d{4})-(\d{1,2})-(\d{1,2})/i.exec(line);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return undefined;
  return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
}

/** A capture decoded lazily: `fixes` streams, `stats()` is complete once `fixes` is drained. */
export interface DecodedCapture {
  fixes: AsyncGenerator<Fix>;
  stats(): NmeaStats;
  /** The reference date used: the option, else the capture's `# Date:`, else none. */
  referenceDate(): string | undefined;
}

/** Decodes a capture file; `options.referenceDate` wins over the capture's `# Date:` line. */
export function decodeCaptureFile(path: string, options: NmeaPipelineOptions = {}): DecodedCapture {
  let pipeline: NmeaPipeline | undefined;
  let headerDate: string | undefined;
  const referenceDate = (): string | undefined => options.referenceDate ?? headerDate;
  // The pipeline is created at the first data line, once the header's date is known.
  const open = (): NmeaPipeline => (pipeline ??= new NmeaPipeline({ ...options, referenceDate: referenceDate() }));
  async function* fixes(): AsyncGenerator<Fix> {
    for await (const item of readCaptureFile(path)) {
      if (item.kind === 'date') {
        headerDate ??= item.date;
        continue;
      }
      yield* open().pushLine(item.line);
    }
    yield* open().flush();
  }
  return { fixes: fixes(), stats: () => open().stats(), referenceDate };
}
