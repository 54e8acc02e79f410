import { captureItems, readCaptureFile, type CaptureItem } from '../framing/capture-file.js';
import { copyFramerCounts, Framer, type Framed, type FramerCounts } from '../framing/framer.js';
import type { BinaryFrame } from '../framing/binary-frames.js';
import { FieldChecker } from '../fix-bounds.js';
import type { Fix, FixReport, SkyView } from '../fix.js';
import { ErrorModel } from '../gpsd/error-model.js';
import { NavSolutionAssembler } from '../ubx/nav-solution.js';
import { decodeSentence } from './decoder.js';
import { FixAssembler, type FixAssemblerStats } from './fix-assembler.js';

/**
 * The decoding path in one object: framed sentences and binary frames in (see
 * hw/framing/framer.ts: the decoders never see raw bytes), reports out (decoder → fix
 * assembler → gpsd's derived fields, hw/gpsd/error-model.ts). Pure and synchronous: no timers,
 * no I/O; the caller owns the clock and the port.
 *
 * u-blox UBX and CASIC frames go to `hw/ubx/` (NAV-PVT, CASIC NAV-PV/TIMEUTC/DOP turned into
 * fixes). NMEA is preferred: a binary epoch during which an NMEA position sentence arrived
 * yields no fix (the receiver sends both and the NMEA epoch reports it), so binary fixes come
 * only from receivers that send their solution in binary alone.
 *
 * One range checker (hw/fix-bounds.ts) serves every decoder, so `stats().outOfRange` counts
 * every value dropped, whatever protocol carried it.
 */
export const NMEA_PIPELINE_DEFAULTS = {
  referenceDate: undefined as string | undefined,
};

export type NmeaPipelineOptions = Partial<typeof NMEA_PIPELINE_DEFAULTS>;

/** The fix assembler's counters (fixes include those from binary solutions), plus the sentence counts. */
export interface NmeaStats extends FixAssemblerStats {
  /** Sentences decoded, by address (`GNRMC`, `PGRME`, `AIVDM`, …). */
  sentences: Record<string, number>;
  /** Valid sentences fix assembly does not use (TXT, AIS, proprietary, …). */
  unknown: number;
  /** Known sentence types whose fields did not parse. */
  malformed: number;
  /** `Date.now()` of the last sentence, for staleness diagnostics. */
  lastSentenceAtMs?: number;
  lastFix?: Fix;
  /** Fixes made from UBX/CASIC solutions, and binary epochs left out because NMEA reported them. */
  binary: { fixes: number; supersededByNmea: number };
}

/** A binary solution's sky view: what NAV-PVT / NAV-DOP report (no satellite list). */
function binarySky(fix: Fix): SkyView | undefined {
  if (fix.uSat === undefined && fix.hdop === undefined && fix.pdop === undefined && fix.vdop === undefined) return undefined;
  const sky: SkyView = { class: 'SKY' };
  if (fix.time !== undefined) sky.time = fix.time;
  if (fix.uSat !== undefined) sky.uSat = fix.uSat;
  if (fix.hdop !== undefined) sky.hdop = fix.hdop;
  if (fix.pdop !== undefined) sky.pdop = fix.pdop;
  if (fix.vdop !== undefined) sky.vdop = fix.vdop;
  return sky;
}

export class NmeaPipeline {
  private readonly checker = new FieldChecker();
  private readonly assembler: FixAssembler;
  private readonly navSolutions = new NavSolutionAssembler({}, this.checker);
  private readonly errorModel = new ErrorModel(this.checker);
  private readonly sentences: Record<string, number> = {};
  private unknown = 0;
  private malformed = 0;
  private lastSentenceAtMs: number | undefined;
  private lastFix: Fix | undefined;
  /** An NMEA position sentence arrived since the binary epoch in progress began. */
  private nmeaDuringBinaryEpoch = false;
  /** The previous binary epoch was reported by NMEA: the receiver sends both. */
  private nmeaDuringPreviousBinaryEpoch = false;
  private binaryFixes = 0;
  private binarySuperseded = 0;

  constructor(options: NmeaPipelineOptions = {}) {
    this.assembler = new FixAssembler({ referenceDate: options.referenceDate ?? NMEA_PIPELINE_DEFAULTS.referenceDate }, this.checker);
  }

  /** One framed sentence or binary frame; returns every fix it completed, mode 1 included. */
  push(item: Framed): Fix[] {
    return this.pushReports(item).map((report) => report.fix);
  }

  /** As `push`, with each fix's sky view (gpsd's TPV and SKY). */
  pushReports(item: Framed): FixReport[] {
    const reports = item.kind === 'sentence' ? this.pushSentence(item.sentence) : this.pushFrame(item.frame);
    return this.finish(reports);
  }

  /** End of input: the epoch in progress. */
  flush(): Fix[] {
    return this.flushReports().map((report) => report.fix);
  }

  flushReports(): FixReport[] {
    const out: FixReport[] = [];
    const binary = this.navSolutions.flush();
    if (binary !== undefined) this.acceptBinaryFix(binary, out);
    out.push(...this.assembler.flush());
    return this.finish(out);
  }

  private pushSentence(sentence: string): FixReport[] {
    this.lastSentenceAtMs = Date.now();
    const decoded = decodeSentence(sentence);
    const address = decoded.kind === 'sentence' ? decoded.sentence.address : decoded.address;
    this.sentences[address] = (this.sentences[address] ?? 0) + 1;
    if (decoded.kind === 'unknown') {
      this.unknown++;
      return [];
    }
    if (decoded.kind === 'malformed') {
      this.malformed++;
      return [];
    }
    if ('lat' in decoded.sentence && decoded.sentence.lat !== undefined) this.nmeaDuringBinaryEpoch = true;
    return this.assembler.push(decoded.sentence);
  }

  private pushFrame(frame: BinaryFrame): FixReport[] {
    const out: FixReport[] = [];
    const fix = this.navSolutions.push(frame);
    if (fix !== undefined) this.acceptBinaryFix(fix, out);
    return out;
  }

  /**
   * A binary epoch closed: its fix, unless NMEA reported this epoch or the previous one (the
   * receiver sends both; NMEA for the last epoch may be cut off by the end of input).
   */
  private acceptBinaryFix(fix: Fix, out: FixReport[]): void {
    if (this.nmeaDuringBinaryEpoch || this.nmeaDuringPreviousBinaryEpoch) this.binarySuperseded++;
    else {
      this.binaryFixes++;
      const sky = binarySky(fix);
      out.push(sky === undefined ? { fix } : { fix, sky });
    }
    this.nmeaDuringPreviousBinaryEpoch = this.nmeaDuringBinaryEpoch;
    this.nmeaDuringBinaryEpoch = false;
  }

  stats(): NmeaStats {
    const assembler: FixAssemblerStats = this.assembler.stats();
    return {
      sentences: { ...this.sentences },
      unknown: this.unknown,
      malformed: this.malformed,
      ...assembler,
      fixes: assembler.fixes + this.binaryFixes,
      outOfRange: { ...this.checker.counts },
      lastSentenceAtMs: this.lastSentenceAtMs,
      lastFix: this.lastFix,
      binary: { fixes: this.binaryFixes, supersededByNmea: this.binarySuperseded },
    };
  }

  /** gpsd's derived fields on every report; the last fix remembered. */
  private finish(reports: FixReport[]): FixReport[] {
    if (reports.length === 0) return reports;
    const out = reports.map((report) => this.errorModel.apply(report));
    this.lastFix = out[out.length - 1]!.fix;
    return out;
  }
}

/**
 * A gpsd capture's items (see hw/framing/capture-file.ts) to reports: the capture's `# Date:`
 * dates time-only sentences unless `options.referenceDate` is given. The pipeline is created at
 * the first framed item, once a header's date is known.
 */
export class CaptureDecoder {
  private pipeline: NmeaPipeline | undefined;
  private headerDate: string | undefined;

  constructor(private readonly options: NmeaPipelineOptions = {}) {}

  push(item: CaptureItem): FixReport[] {
    if (item.kind !== 'date') return this.open().pushReports(item);
    this.headerDate ??= item.date;
    return [];
  }

  flush(): FixReport[] {
    return this.open().flushReports();
  }

  stats(): NmeaStats {
    return this.open().stats();
  }

  /** The reference date used: the option, else the capture's `# Date:`, else none. */
  referenceDate(): string | undefined {
    return this.options.referenceDate ?? this.headerDate;
  }

  private open(): NmeaPipeline {
    return (this.pipeline ??= new NmeaPipeline({ ...this.options, referenceDate: this.referenceDate() }));
  }
}

/** A capture decoded lazily: `reports` streams, `stats()` and `framing()` are complete once it is drained. */
export interface DecodedCapture {
  reports: AsyncGenerator<FixReport>;
  stats(): NmeaStats;
  /** What framing the file found and dropped. */
  framing(): FramerCounts;
  referenceDate(): string | undefined;
}

/** Decodes a capture file, streamed (any size, bounded memory). */
export function decodeCaptureFile(path: string, options: NmeaPipelineOptions = {}): DecodedCapture {
  const decoder = new CaptureDecoder(options);
  const framer = new Framer({ comments: true });
  async function* reports(): AsyncGenerator<FixReport> {
    for await (const item of readCaptureFile(path, framer)) yield* decoder.push(item);
    yield* decoder.flush();
  }
  return { reports: reports(), stats: () => decoder.stats(), framing: () => copyFramerCounts(framer.counts), referenceDate: () => decoder.referenceDate() };
}

/** Decodes a capture already in memory (trip files); the same framing and decoding as `decodeCaptureFile`. */
export function decodeCapture(bytes: Buffer, options: NmeaPipelineOptions = {}): Fix[] {
  const decoder = new CaptureDecoder(options);
  const framer = new Framer({ comments: true });
  const reports = [...captureItems(framer.push(bytes)), ...captureItems(framer.end())].flatMap((item) => decoder.push(item));
  return [...reports, ...decoder.flush()].map((report) => report.fix);
}
