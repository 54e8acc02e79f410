import { BinaryFrameReader, hasFrameStartByte, type BinaryFrame, type BinaryFrameCounts } from './binary-frames.js';
import { hexDigitValue, nmeaChecksumOf } from './nmea-checksum.js';

/**
 * The one framer: received bytes in, checksummed NMEA sentences and UBX/CASIC binary frames
 * out, everything else dropped and counted by reason. The serial port (`SerialGps`), capture
 * files (`gps decode`, `readCaptureFile`) and `gps replay` all frame through it, so decoders
 * never see raw bytes. Like gpsd's packet lexer, one place does framing and checksums.
 *
 * Lines end at `\n`. Each line yields exactly one outcome: one sentence, or one drop reason
 * (or, with `comments`, one comment). Binary frames are found in the same bytes, across
 * lines (their bytes include `\n`), independently of the line outcome.
 */
export const FRAMER_DEFAULTS = {
  /** The max sentence length. NMEA 0183 allows 82 characters; vendor sentences (u-blox PUBX, Trimble, Teseo) run longer. */
  maxSentenceChars: 200,
  /**
   * Bytes without `\n` after which the run is cut and dropped as `tooLong`: memory stays bounded
   * whatever arrives. Larger than a sentence because binary messages (UBX NAV-SAT runs to several
   * hundred bytes) often precede one on the same line.
   */
  maxRunBytes: 4096,
  /** Longest binary payload accepted (UBX NAV-SIG reaches ~1.3 kB; CASIC caps at 2 kB). A larger length field is a false sync. */
  maxFramePayloadBytes: 4096,
  /** gpsd capture files: a line starting with `#` is a comment, unless it continues an unfinished binary frame (as gpsfake's lexer sees it). */
  comments: false,
};

export type FramerOptions = Partial<typeof FRAMER_DEFAULTS>;

export const DROP_REASONS = [
  /** Nothing left after removing trailing CR, space and NUL. */
  'empty',
  /** No sentence start in the last `maxSentenceChars` printable characters of a longer line, or a run cut at `maxRunBytes`. */
  'tooLong',
  /** Binary bytes with no sentence start after the last of them (UBX, CASIC, noise, a wrong baud rate). */
  'binary',
  /** Printable text without a `$`/`!` sentence start. */
  'noStart',
  /** A sentence without `*HH` at its end: never trusted (see hw/nmea/README.md, "Checksums"). */
  'noChecksum',
  'badChecksum',
] as const;

export type DropReason = (typeof DROP_REASONS)[number];

/** What a decoder gets. */
export type Framed = { kind: 'sentence'; sentence: string } | { kind: 'frame'; frame: BinaryFrame };

export type FramerItem = Framed | { kind: 'comment'; text: string };

export interface FramerCounts extends BinaryFrameCounts {
  bytes: number;
  /** Lines ended by `\n`, by a cut or by the end of input; comments excepted. Equals `sentences` + the sum of `dropped`. */
  lines: number;
  sentences: number;
  /** Sentences kept after discarding binary or a truncated sentence before them on the same line. */
  trimmedPrefixes: number;
  dropped: Record<DropReason, number>;
  comments: number;
}

export function newFramerCounts(): FramerCounts {
  const dropped = Object.fromEntries(DROP_REASONS.map((r) => [r, 0])) as Record<DropReason, number>;
  return { bytes: 0, lines: 0, sentences: 0, trimmedPrefixes: 0, dropped, comments: 0, frames: {}, frameChecksumErrors: 0 };
}

export function copyFramerCounts(c: FramerCounts): FramerCounts {
  return { ...c, dropped: { ...c.dropped }, frames: { ...c.frames } };
}

const NEWLINE = 0x0a;
const DOLLAR = 0x24;
const BANG = 0x21;
const STAR = 0x2a;
const HASH = 0x23;

function isPrintable(code: number): boolean {
  return code >= 0x20 && code <= 0x7e;
}

/** `bytes[from, to)` carries `*HH` at `star` matching the XOR of `(from, star)`. */
function checksumMatches(bytes: Uint8Array, from: number, star: number): boolean {
  const hi = hexDigitValue(bytes[star + 1]!);
  const lo = hexDigitValue(bytes[star + 2]!);
  return hi >= 0 && lo >= 0 && nmeaChecksumOf(bytes, from + 1, star) === hi * 16 + lo;
}

export class Framer {
  /** Counters; the owner may swap them (the auto-baud hunt counts into scratch counters). */
  counts: FramerCounts;
  private readonly options: typeof FRAMER_DEFAULTS;
  private readonly binary: BinaryFrameReader;
  /** The start of a line that spans pushes (at most `maxRunBytes`). */
  private readonly partial: Buffer;
  private partialLength = 0;
  /** The current line has begun: its first byte was seen, which decided whether it is a comment. */
  private lineBegun = false;
  private lineIsComment = false;
  /** The chunk being framed may hold binary frames. */
  private scanForFrames = true;

  constructor(options: FramerOptions = {}, counts: FramerCounts = newFramerCounts()) {
    this.options = { ...FRAMER_DEFAULTS, ...options };
    this.counts = counts;
    this.binary = new BinaryFrameReader(this.options.maxFramePayloadBytes);
    this.partial = Buffer.alloc(this.options.maxRunBytes);
  }

  /** The next received bytes; returns what they completed, in stream order. */
  push(chunk: Buffer): FramerItem[] {
    const out: FramerItem[] = [];
    const max = this.options.maxRunBytes;
    this.counts.bytes += chunk.length;
    // Most chunks hold no byte that can start a frame: then the per-line binary scan is skipped.
    this.scanForFrames = this.binary.inFrame || hasFrameStartByte(chunk);
    let from = 0;
    while (from < chunk.length) {
      if (!this.lineBegun) {
        this.lineBegun = true;
        this.lineIsComment = this.options.comments && chunk[from] === HASH && !this.binary.inFrame;
      }
      const nl = chunk.indexOf(NEWLINE, from);
      const contentEnd = nl < 0 ? chunk.length : nl;
      const room = max - this.partialLength;
      if (contentEnd - from > room) {
        this.scanBinary(chunk.subarray(from, from + room), out);
        this.endLine(out, undefined, 0, 0);
        from += room;
        continue;
      }
      const segmentEnd = nl < 0 ? chunk.length : nl + 1;
      this.scanBinary(chunk.subarray(from, segmentEnd), out);
      if (nl < 0) {
        chunk.copy(this.partial, this.partialLength, from, contentEnd);
        this.partialLength += contentEnd - from;
        break;
      }
      if (this.partialLength === 0) this.endLine(out, chunk, from, contentEnd);
      else {
        chunk.copy(this.partial, this.partialLength, from, contentEnd);
        this.endLine(out, this.partial, 0, this.partialLength + contentEnd - from);
      }
      from = segmentEnd;
    }
    return out;
  }

  /** End of input: the last line, if it had no `\n`. */
  end(): FramerItem[] {
    const out: FramerItem[] = [];
    if (this.lineBegun) this.endLine(out, this.partial, 0, this.partialLength);
    return out;
  }

  private scanBinary(bytes: Buffer, out: FramerItem[]): void {
    if (this.lineIsComment || !this.scanForFrames) return;
    for (const frame of this.binary.push(bytes, this.counts)) out.push({ kind: 'frame', frame });
  }

  /** Ends the current line `bytes[start, end)` (no `\n`); `bytes` undefined: it was cut. */
  private endLine(out: FramerItem[], bytes: Buffer | undefined, start: number, end: number): void {
    const comment = this.lineIsComment;
    this.lineBegun = false;
    this.lineIsComment = false;
    this.partialLength = 0;
    if (bytes === undefined) {
      this.drop('tooLong');
      return;
    }
    let e = end;
    while (e > start && (bytes[e - 1] === 0x0d || bytes[e - 1] === 0x20 || bytes[e - 1] === 0x00)) e--;
    if (comment) {
      this.counts.comments++;
      out.push({ kind: 'comment', text: bytes.toString('latin1', start, e) });
      return;
    }
    this.classify(out, bytes, start, e);
  }

  /**
   * The sentence is the printable tail of the line from a `$`/`!` within its last
   * `maxSentenceChars`: binary or garbage before it is discarded. The leftmost start is tried
   * first, then the last one: when a newline was lost, a truncated sentence precedes the
   * complete one (`$` and `!` cannot occur inside a sentence). Only the last `maxSentenceChars`
   * bytes are examined, so a long run costs no more than a normal line.
   */
  private classify(out: FramerItem[], bytes: Buffer, start: number, end: number): void {
    if (end === start) return this.drop('empty');
    const windowStart = Math.max(start, end - this.options.maxSentenceChars);
    let first = -1;
    let last = -1;
    let i = end - 1;
    for (; i >= windowStart; i--) {
      const c = bytes[i]!;
      if (!isPrintable(c)) break;
      if (c === DOLLAR || c === BANG) {
        if (last < 0) last = i;
        first = i;
      }
    }
    if (first < 0) return this.drop(i >= windowStart ? 'binary' : i >= start ? 'tooLong' : 'noStart');
    const star = end - 3;
    if (star <= first || bytes[star] !== STAR) return this.drop('noChecksum');
    const from = checksumMatches(bytes, first, star) ? first : last !== first && last < star && checksumMatches(bytes, last, star) ? last : -1;
    if (from < 0) return this.drop('badChecksum');
    this.counts.lines++;
    this.counts.sentences++;
    if (from > start) this.counts.trimmedPrefixes++;
    out.push({ kind: 'sentence', sentence: bytes.toString('latin1', from, end) });
  }

  private drop(reason: DropReason): void {
    this.counts.lines++;
    this.counts.dropped[reason]++;
  }
}

/** Frames a whole buffer (tests, small inputs): every item, the last line included. */
export function frameAll(bytes: Buffer, options: FramerOptions = {}): { items: FramerItem[]; counts: FramerCounts } {
  const framer = new Framer(options);
  const items = [...framer.push(bytes), ...framer.end()];
  return { items, counts: framer.counts };
}
