import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Fix } from '../fix.js';
import { decodeSentence } from './decoder.js';
import { FixAssembler, type FixAssemblerStats } from './fix-assembler.js';
import { filterLine, LINE_FILTER_DEFAULTS, type DropReason } from './line-filter.js';

/**
 * The NMEA path in one object: received lines in, fixes out (line filter → decoder → fix
 * assembler). Pure and synchronous: no timers, no I/O; the caller owns the clock and the port.
 */
export const NMEA_PIPELINE_DEFAULTS = {
  referenceDate: undefined as string | undefined,
  maxSentenceChars: LINE_FILTER_DEFAULTS.maxSentenceChars,
};

export type NmeaPipelineOptions = Partial<typeof NMEA_PIPELINE_DEFAULTS>;

export interface NmeaStats {
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
  fixes: number;
  noFixEpochs: number;
  lateSentences: number;
  lateTimedSentences: number;
  undatedEpochs: number;
  weekRolloverCorrections: number;
  cycleEnder?: string;
  /** `Date.now()` of the last line that yielded a sentence, for staleness diagnostics. */
  lastSentenceAtMs?: number;
  lastFix?: Fix;
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

  constructor(options: NmeaPipelineOptions = {}) {
    this.assembler = new FixAssembler({ referenceDate: options.referenceDate ?? NMEA_PIPELINE_DEFAULTS.referenceDate });
    this.maxSentenceChars = options.maxSentenceChars ?? NMEA_PIPELINE_DEFAULTS.maxSentenceChars;
  }

  /** One received line (with or without CR/LF); returns every fix it completed, mode 1 included. */
  pushLine(line: string | Buffer): Fix[] {
    this.lines++;
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
    return this.remember(this.assembler.push(decoded.sentence));
  }

  /** End of input: the epoch in progress. */
  flush(): Fix[] {
    return this.remember(this.assembler.flush());
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
      lastSentenceAtMs: this.lastSentenceAtMs,
      lastFix: this.lastFix,
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
 * `#`, and reports `# Date: yyyy-mm-dd` headers (the date of time-only sentences). Lines stay
 * raw bytes, since captures mix in binary.
 */
export async function* readCaptureFile(path: string): AsyncGenerator<CaptureLine> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'latin1' }), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.startsWith('#')) {
      const date = captureDate(line);
      if (date) yield { kind: 'date', date };
      continue;
    }
    yield { kind: 'line', line: Buffer.from(line, 'latin1') };
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
