import { BatchFormatError } from './errors.js';

/**
 * LEB128 varints (7 bits a byte, least significant group first, high bit = more follows)
 * over JavaScript safe integers, and zigzag for signed values. Arithmetic, not bit
 * operators, because values exceed 32 bits (milliseconds since 1970 need 41).
 */
export const MAX_VARINT_BYTES = 8; // 8 × 7 = 56 bits ≥ 53

/** Largest magnitude whose zigzag form is still a safe integer. */
export const MAX_ZIGZAG_MAGNITUDE = 2 ** 52 - 1;

export function zigzag(n: number): number {
  return n >= 0 ? n * 2 : -n * 2 - 1;
}

export function unzigzag(u: number): number {
  return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
}

/** A growable output buffer. */
export class ByteWriter {
  private buf: Buffer;
  private length = 0;

  constructor(initialBytes = 256) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  private ensure(bytes: number): void {
    if (this.length + bytes <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + bytes));
    this.buf.copy(grown, 0, 0, this.length);
    this.buf = grown;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.length++] = b;
  }

  bytes(src: Buffer): void {
    this.ensure(src.length);
    src.copy(this.buf, this.length);
    this.length += src.length;
  }

  /** `n` must be a safe non-negative integer (callers check their ranges first). */
  uvarint(n: number): void {
    this.ensure(MAX_VARINT_BYTES);
    while (n >= 0x80) {
      this.buf[this.length++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.buf[this.length++] = n;
  }

  svarint(n: number): void {
    this.uvarint(zigzag(n));
  }

  /** Where the next byte goes; with `patchByte`, fills in a flags byte once the fields after it are known. */
  get position(): number {
    return this.length;
  }

  patchByte(at: number, b: number): void {
    this.buf[at] = b;
  }

  finish(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.length));
  }
}

/** Reads a buffer front to back; every read checks the bytes exist and throws BatchFormatError otherwise. */
export class ByteReader {
  offset = 0;

  constructor(private readonly buf: Buffer) {}

  get remaining(): number {
    return this.buf.length - this.offset;
  }

  byte(what: string): number {
    if (this.offset >= this.buf.length) throw this.truncated(what);
    return this.buf[this.offset++]!;
  }

  bytes(count: number, what: string): Buffer {
    if (count > this.remaining) throw this.truncated(what);
    const out = this.buf.subarray(this.offset, this.offset + count);
    this.offset += count;
    return out;
  }

  /** Rejects varints longer than 8 bytes, above 2^53 − 1, or with redundant trailing zero groups (one value, one encoding). */
  uvarint(what: string): number {
    const start = this.offset;
    let value = 0;
    let scale = 1;
    for (let i = 0; i < MAX_VARINT_BYTES; i++) {
      const b = this.byte(what);
      value += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) {
        if (b === 0 && i > 0) throw new BatchFormatError(`${what}: overlong varint at byte ${start}`);
        if (value > Number.MAX_SAFE_INTEGER) throw new BatchFormatError(`${what}: varint at byte ${start} exceeds 2^53 - 1`);
        return value;
      }
      scale *= 0x80;
    }
    throw new BatchFormatError(`${what}: varint at byte ${start} is longer than ${MAX_VARINT_BYTES} bytes`);
  }

  svarint(what: string): number {
    return unzigzag(this.uvarint(what));
  }

  private truncated(what: string): BatchFormatError {
    return new BatchFormatError(`binary batch truncated: ${what} needs more bytes than the ${this.buf.length} received (at byte ${this.offset})`);
  }
}
