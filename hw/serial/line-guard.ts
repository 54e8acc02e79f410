import { Transform, type TransformCallback } from 'node:stream';

/**
 * Line defence on the raw byte stream, before and after the readline parser.
 * The parser buffers until it sees `\n`, so a stream that never sends one (a wrong
 * baud rate, binary protocols, noise) would grow its buffer without bound: the
 * `RunCutter` in front of it ends every run at `maxRunBytes`. After the parser,
 * `classifyLine` keeps the sentence at the end of a line and says why anything else goes.
 */
export const LINE_GUARD_DEFAULTS = {
  /** NMEA 0183 allows 82 characters; vendor sentences (PUBX, Trimble, Teseo) run longer. */
  maxSentenceChars: 200,
  /**
   * Bytes without `\n` after which the run is cut. Larger than a sentence because binary
   * messages (UBX NAV-SAT runs to several hundred bytes) often precede one on the same line.
   */
  maxRunBytes: 4096,
} as const;

export type LineDropReason =
  /** Nothing left after removing CR. */
  | 'empty'
  /** Sentence longer than `maxSentenceChars`, or a run cut for having no `\n` in `maxRunBytes`. */
  | 'tooLong'
  /** Binary bytes with no sentence start after the last of them (UBX, CASIC, wrong baud). */
  | 'binary'
  /** Printable text without a `$`/`!` sentence start. */
  | 'noStart';

export const LINE_DROP_REASONS: readonly LineDropReason[] = ['empty', 'tooLong', 'binary', 'noStart'];

export type LineClass =
  | { ok: true; sentence: string; /** bytes before the sentence start that were discarded */ prefixBytes: number }
  | { ok: false; reason: LineDropReason };

/** Marks a line the cutter ended, so it is counted once, as `tooLong`. */
const CUT_MARK = 0x00;

/**
 * Passes bytes through unchanged except that a run of `maxRunBytes` bytes without `\n`
 * is ended with NUL `\n`: the parser's buffer stays bounded and the piece is dropped as
 * `tooLong`. Bytes are never held back, so latency is unchanged.
 */
export class RunCutter extends Transform {
  private runBytes = 0;
  cuts = 0;

  constructor(private readonly maxRunBytes: number = LINE_GUARD_DEFAULTS.maxRunBytes) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let from = 0;
    const pieces: Buffer[] = [];
    while (from < chunk.length) {
      const nl = chunk.indexOf(0x0a, from);
      const segmentEnd = nl < 0 ? chunk.length : nl;
      const room = this.maxRunBytes - this.runBytes;
      if (segmentEnd - from > room) {
        pieces.push(chunk.subarray(from, from + room), Buffer.from([CUT_MARK, 0x0a]));
        from += room;
        this.runBytes = 0;
        this.cuts++;
        continue;
      }
      if (nl < 0) {
        pieces.push(chunk.subarray(from));
        this.runBytes += chunk.length - from;
        break;
      }
      pieces.push(chunk.subarray(from, nl + 1));
      this.runBytes = 0;
      from = nl + 1;
    }
    callback(null, pieces.length === 1 ? pieces[0] : Buffer.concat(pieces));
  }
}

function isPrintable(code: number): boolean {
  return code >= 0x20 && code <= 0x7e;
}

/**
 * Classifies one line from the readline parser (latin1, so one char per byte, without
 * `\n`). The sentence is the printable tail of the line from its last `$`/`!`: binary
 * before it is discarded, and a truncated sentence whose newline was lost does not
 * swallow the complete one after it (`$` and `!` cannot occur inside a sentence).
 * Checksums are the decoder's business, not checked here.
 */
export function classifyLine(
  line: string,
  maxSentenceChars: number = LINE_GUARD_DEFAULTS.maxSentenceChars,
  maxRunBytes: number = LINE_GUARD_DEFAULTS.maxRunBytes,
): LineClass {
  let end = line.length;
  // A piece the cutter ended: exactly maxRunBytes plus the mark (NUL alone is common in binary).
  if (end === maxRunBytes + 1 && line.charCodeAt(end - 1) === CUT_MARK) return { ok: false, reason: 'tooLong' };
  while (end > 0 && line.charCodeAt(end - 1) === 0x0d) end--;
  if (end === 0) return { ok: false, reason: 'empty' };
  let start = -1;
  let sawBinary = false;
  for (let i = end - 1; i >= 0; i--) {
    const c = line.charCodeAt(i);
    if (!isPrintable(c)) {
      sawBinary = true;
      break;
    }
    if (c === 0x24 || c === 0x21) {
      start = i;
      break;
    }
  }
  if (start < 0) return { ok: false, reason: sawBinary ? 'binary' : 'noStart' };
  if (end - start > maxSentenceChars) return { ok: false, reason: 'tooLong' };
  return { ok: true, sentence: line.slice(start, end), prefixBytes: start };
}
