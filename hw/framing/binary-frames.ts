/**
 * u-blox UBX and CASIC binary frames: the one checksum of each protocol, the UBX frame
 * builder (receiver commands) and the scanner that finds frames in a received byte stream.
 *
 * The scanner sees the bytes in order, newlines included (frames contain `\n` and `\r` bytes
 * of their own), and keeps the bytes of an unfinished frame until the rest arrives. Frames
 * are accepted only with a valid checksum; a sync pattern whose frame fails its checksum is
 * skipped one byte at a time, so a false sync inside payload or garbage costs only a rescan.
 *
 * UBX:   B5 62 class id len(u16 LE) payload Fletcher-8 (CK_A CK_B over class..payload)
 * CASIC: BA CE len(u16 LE) class id payload checksum(u32 LE) = (id << 24) + (class << 16) + len
 *        + the payload's u32 LE words (CASIC payloads are multiples of 4 bytes)
 */
export type BinaryProtocol = 'ubx' | 'casic';

export interface BinaryFrame {
  protocol: BinaryProtocol;
  msgClass: number;
  msgId: number;
  payload: Buffer;
}

/** What the scanner counts (the framer's counters include these). */
export interface BinaryFrameCounts {
  /** Frames with a valid checksum, by `ubx-01-07` style key (protocol, class, id in hex). */
  frames: Record<string, number>;
  /** Sync patterns whose frame did not verify (false sync, corrupted or truncated frame). */
  frameChecksumErrors: number;
}

const UBX_SYNC = [0xb5, 0x62] as const;
const CASIC_SYNC = [0xba, 0xce] as const;
/** Sync, class, id, length. */
const UBX_HEADER_BYTES = 6;

/** UBX 8-bit Fletcher checksum over `bytes[from, to)` (class..payload), as CK_A | CK_B << 8 (the u16 LE on the wire). */
export function ubxChecksum(bytes: Uint8Array, from: number, to: number): number {
  let a = 0;
  let b = 0;
  for (let i = from; i < to; i++) {
    a = (a + bytes[i]!) & 0xff;
    b = (b + a) & 0xff;
  }
  return a | (b << 8);
}

/** CASIC checksum of the frame at `at` with payload length `len`. */
function casicChecksum(data: Buffer, at: number, len: number): number {
  let sum = ((data[at + 5]! << 24) + (data[at + 4]! << 16) + len) >>> 0;
  for (let i = at + 6; i < at + 6 + len; i += 4) sum = (sum + data.readUInt32LE(i)) >>> 0;
  return sum;
}

/** A UBX frame: sync, class, id, little-endian length, payload, checksum. */
export function ubxFrame(msgClass: number, msgId: number, payload: Uint8Array = new Uint8Array()): Buffer {
  const frame = Buffer.alloc(UBX_HEADER_BYTES + payload.length + 2);
  frame.set([UBX_SYNC[0], UBX_SYNC[1], msgClass, msgId], 0);
  frame.writeUInt16LE(payload.length, 4);
  frame.set(payload, UBX_HEADER_BYTES);
  frame.writeUInt16LE(ubxChecksum(frame, 2, UBX_HEADER_BYTES + payload.length), UBX_HEADER_BYTES + payload.length);
  return frame;
}

/** True when the bytes hold a first sync byte of either protocol: a cheap test before scanning. */
export function hasFrameStartByte(bytes: Buffer): boolean {
  return bytes.indexOf(UBX_SYNC[0]) >= 0 || bytes.indexOf(CASIC_SYNC[0]) >= 0;
}

/** True when the bytes hold the start of a UBX or CASIC frame (a first sync byte at the very end counts). */
export function hasBinarySync(bytes: Buffer): boolean {
  return indexOfSync(bytes, 0) >= 0;
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

/** Finds frames in a byte stream; used by the framer (see framer.ts), which owns the limits. */
export class BinaryFrameReader {
  private pending: Buffer | undefined;

  constructor(private readonly maxPayloadBytes: number) {}

  /** True while a frame started in earlier bytes awaits its remaining bytes. */
  get inFrame(): boolean {
    return this.pending !== undefined;
  }

  /** The next bytes of the stream; returns the frames they completed, counting into `counts`. */
  push(bytes: Buffer, counts: BinaryFrameCounts): BinaryFrame[] {
    if (this.pending === undefined && !hasBinarySync(bytes)) return [];
    const data = this.pending ? Buffer.concat([this.pending, bytes]) : bytes;
    this.pending = undefined;
    const out: BinaryFrame[] = [];
    let at = indexOfSync(data, 0);
    while (at >= 0) {
      const frame = this.frameAt(data, at);
      if (frame === 'incomplete') {
        // A copy: the caller may reuse the buffer it pushed.
        this.pending = Buffer.from(data.subarray(at));
        break;
      }
      if (frame === undefined) {
        counts.frameChecksumErrors++;
        at = indexOfSync(data, at + 1);
        continue;
      }
      out.push(frame.frame);
      const key = `${frame.frame.protocol}-${hex2(frame.frame.msgClass)}-${hex2(frame.frame.msgId)}`;
      counts.frames[key] = (counts.frames[key] ?? 0) + 1;
      at = indexOfSync(data, frame.end);
    }
    return out;
  }

  private frameAt(data: Buffer, at: number): { frame: BinaryFrame; end: number } | 'incomplete' | undefined {
    if (at + UBX_HEADER_BYTES > data.length) return 'incomplete';
    const ubx = data[at] === UBX_SYNC[0];
    const len = data.readUInt16LE(ubx ? at + 4 : at + 2);
    if (len > this.maxPayloadBytes || (!ubx && len % 4 !== 0)) return undefined;
    const end = at + UBX_HEADER_BYTES + len + (ubx ? 2 : 4);
    if (end > data.length) return 'incomplete';
    const verified = ubx ? ubxChecksum(data, at + 2, end - 2) === data.readUInt16LE(end - 2) : casicChecksum(data, at, len) === data.readUInt32LE(end - 4);
    if (!verified) return undefined;
    const [msgClass, msgId] = ubx ? [data[at + 2]!, data[at + 3]!] : [data[at + 4]!, data[at + 5]!];
    const payload = Buffer.from(data.subarray(at + UBX_HEADER_BYTES, at + UBX_HEADER_BYTES + len));
    return { frame: { protocol: ubx ? 'ubx' : 'casic', msgClass, msgId, payload }, end };
  }
}
