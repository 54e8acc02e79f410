/**
 * Finds u-blox UBX and CASIC binary frames in a received byte stream that arrives as lines.
 *
 * The serial line is split on `\n`, but binary frames contain `\n` (and `\r`) bytes of their
 * own, so a frame can span several lines. The reader keeps the bytes of an unfinished frame
 * and puts the `\n` the line splitter took back between lines. Frames are accepted only with
 * a valid checksum; a sync pattern whose frame fails its checksum is skipped one byte at a
 * time, so a false sync inside payload or garbage costs nothing but a rescan.
 *
 * UBX:   B5 62 class id len(u16 LE) payload Fletcher-8 (CK_A CK_B over class..payload)
 * CASIC: BA CE len(u16 LE) class id payload checksum(u32 LE) = (id << 24) + (class << 16) + len
 *        + the payload's u32 LE words (CASIC payloads are multiples of 4 bytes)
 */
export const BINARY_FRAMES_DEFAULTS = {
  /** Longest payload accepted (UBX NAV-SIG reaches ~1.3 kB; CASIC caps at 2 kB). A larger length field is a false sync. */
  maxPayloadBytes: 4096,
};

export type BinaryFramesOptions = Partial<typeof BINARY_FRAMES_DEFAULTS>;

export type BinaryProtocol = 'ubx' | 'casic';

export interface BinaryFrame {
  protocol: BinaryProtocol;
  msgClass: number;
  msgId: number;
  payload: Buffer;
}

export interface BinaryFramesStats {
  /** Frames with a valid checksum, by `ubx-01-07` style key (protocol, class, id in hex). */
  frames: Record<string, number>;
  /** Sync patterns whose frame did not verify (false sync, corrupted or truncated frame). */
  checksumErrors: number;
}

const UBX_SYNC = [0xb5, 0x62] as const;
const CASIC_SYNC = [0xba, 0xce] as const;
const NEWLINE = Buffer.from([0x0a]);

/** True when the line holds the start of a UBX or CASIC frame. */
export function hasBinarySync(line: Buffer): boolean {
  return indexOfSync(line, 0) >= 0;
}

function indexOfSync(buf: Buffer, from: number): number {
  let best = -1;
  for (const [a, b] of [UBX_SYNC, CASIC_SYNC]) {
    let i = buf.indexOf(a, from);
    while (i >= 0 && i + 1 < buf.length && buf[i + 1] !== b) i = buf.indexOf(a, i + 1);
    if (i >= 0 && (best < 0 || i < best)) best = i;
  }
  return best;
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

export class BinaryFrameReader {
  private pending: Buffer | undefined;
  private readonly maxPayloadBytes: number;
  private readonly counts: BinaryFramesStats = { frames: {}, checksumErrors: 0 };

  constructor(options: BinaryFramesOptions = {}) {
    this.maxPayloadBytes = options.maxPayloadBytes ?? BINARY_FRAMES_DEFAULTS.maxPayloadBytes;
  }

  /** True while a frame started on an earlier line awaits its remaining bytes. */
  get inFrame(): boolean {
    return this.pending !== undefined;
  }

  /** One received line without its `\n`; returns the frames it completed. */
  pushLine(line: Buffer): BinaryFrame[] {
    const data = this.pending ? Buffer.concat([this.pending, line, NEWLINE]) : Buffer.concat([line, NEWLINE]);
    this.pending = undefined;
    const out: BinaryFrame[] = [];
    let at = indexOfSync(data, 0);
    while (at >= 0) {
      const frame = this.frameAt(data, at);
      if (frame === 'incomplete') {
        this.pending = data.subarray(at);
        break;
      }
      if (frame === undefined) {
        this.counts.checksumErrors++;
        at = indexOfSync(data, at + 1);
        continue;
      }
      out.push(frame.frame);
      const key = `${frame.frame.protocol}-${hex2(frame.frame.msgClass)}-${hex2(frame.frame.msgId)}`;
      this.counts.frames[key] = (this.counts.frames[key] ?? 0) + 1;
      at = indexOfSync(data, frame.end);
    }
    return out;
  }

  stats(): BinaryFramesStats {
    return { frames: { ...this.counts.frames }, checksumErrors: this.counts.checksumErrors };
  }

  private frameAt(data: Buffer, at: number): { frame: BinaryFrame; end: number } | 'incomplete' | undefined {
    if (at + 6 > data.length) return 'incomplete';
    if (data[at] === UBX_SYNC[0]) {
      const len = data.readUInt16LE(at + 4);
      if (len > this.maxPayloadBytes) return undefined;
      const end = at + 6 + len + 2;
      if (end > data.length) return 'incomplete';
      let a = 0;
      let b = 0;
      for (let i = at + 2; i < at + 6 + len; i++) {
        a = (a + data[i]!) & 0xff;
        b = (b + a) & 0xff;
      }
      if (a !== data[end - 2] || b !== data[end - 1]) return undefined;
      return { frame: { protocol: 'ubx', msgClass: data[at + 2]!, msgId: data[at + 3]!, payload: Buffer.from(data.subarray(at + 6, at + 6 + len)) }, end };
    }
    const len = data.readUInt16LE(at + 2);
    if (len > this.maxPayloadBytes || len % 4 !== 0) return undefined;
    const end = at + 6 + len + 4;
    if (end > data.length) return 'incomplete';
    const msgClass = data[at + 4]!;
    const msgId = data[at + 5]!;
    let sum = ((msgId << 24) + (msgClass << 16) + len) >>> 0;
    for (let i = at + 6; i < at + 6 + len; i += 4) sum = (sum + data.readUInt32LE(i)) >>> 0;
    if (sum !== data.readUInt32LE(end - 4)) return undefined;
    return { frame: { protocol: 'casic', msgClass, msgId, payload: Buffer.from(data.subarray(at + 6, at + 6 + len)) }, end };
  }
}
