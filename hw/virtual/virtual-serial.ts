import { write as fsWrite } from 'node:fs';
import { mkdir, rm, symlink, unlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import tty from 'node:tty';
import { getLogger } from '../../common/logger.js';
import { UserError } from '../../common/errors.js';

const log = getLogger('hw.virtual');

/** node-pty's native openpty(3) binding (`native.open(cols, rows)`); not in its typings. */
interface PtyNative {
  open(cols: number, rows: number): { master: number; slave: number; pty: string };
}

function loadPtyNative(): PtyNative {
  try {
    const require = createRequire(import.meta.url);
    const native = (require('node-pty') as { native?: PtyNative | null }).native;
    if (!native) throw new Error('node-pty has no native pty module on this platform');
    return native;
  } catch (err) {
    const absent = (err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND';
    throw new UserError(
      `cannot create a pseudo-terminal: ${absent ? 'node-pty is not installed' : (err as Error).message}`,
      'virtual serial devices (gps replay, sim --pty-trucks) need node-pty, an optional dependency the vehicle package leaves out: use a full install (npm install) on Linux or macOS',
      1,
    );
  }
}

export const VIRTUAL_SERIAL_DEFAULTS = {
  /** Bytes queued towards the reader beyond which writes are dropped, like a UART nobody reads. */
  maxQueuedBytes: 64 * 1024,
  /** Pause before writing again when the PTY's input buffer is full (EAGAIN), doubling up to `fullRetryMaxMs` while nobody reads. */
  fullRetryMs: 5,
  fullRetryMaxMs: 50,
} as const;

export interface VirtualSerialOptions {
  /** Stable path the reader opens (a symlink to the current /dev/pts/N); default `<tmp>/telematics-gps-<pid>-<n>/gps0`. */
  linkPath?: string;
  maxQueuedBytes?: number;
}

interface OpenPty {
  ptsPath: string;
  masterFd: number;
  /** Master side: what we write is what the reader of the slave receives. */
  master: tty.ReadStream;
  /** Slave side, kept open so the master never sees EIO while no reader has the device open. */
  slave: tty.ReadStream;
}

let instances = 0;

/**
 * A serial device backed by a real pseudo-terminal: `serialport` opens `path` like any
 * tty and reads what `write()` sends. `unplug()` removes the device (the PTY closes and
 * the link disappears, as when a USB receiver is pulled), `plug()` brings a new one up
 * behind the same path.
 */
export class VirtualSerial {
  readonly path: string;
  private readonly ownsDir: boolean;
  private readonly maxQueuedBytes: number;
  private current: OpenPty | null = null;
  private droppedBytesCount = 0;
  private writtenBytesCount = 0;
  /** Bytes accepted but not yet taken by the kernel, written in order by `pump`. */
  private queue: Buffer[] = [];
  private queuedBytes = 0;
  private pumping: Promise<void> | null = null;
  private roomWaiters: Array<() => void> = [];
  private readonly receiveListeners = new Set<(bytes: Buffer) => void>();

  private constructor(path: string, ownsDir: boolean, maxQueuedBytes: number) {
    this.path = path;
    this.ownsDir = ownsDir;
    this.maxQueuedBytes = maxQueuedBytes;
  }

  /** Creates the device and plugs it in. */
  static async create(options: VirtualSerialOptions = {}): Promise<VirtualSerial> {
    const ownsDir = options.linkPath === undefined;
    const path = options.linkPath ?? join(tmpdir(), `telematics-gps-${process.pid}-${instances++}`, 'gps0');
    await mkdir(dirname(path), { recursive: true });
    const device = new VirtualSerial(path, ownsDir, options.maxQueuedBytes ?? VIRTUAL_SERIAL_DEFAULTS.maxQueuedBytes);
    await device.plug();
    return device;
  }

  get plugged(): boolean {
    return this.current !== null;
  }

  /** The /dev/pts/N behind `path` while plugged. */
  get ptsPath(): string | undefined {
    return this.current?.ptsPath;
  }

  get droppedBytes(): number {
    return this.droppedBytesCount;
  }

  get writtenBytes(): number {
    return this.writtenBytesCount;
  }

  /** Bytes the reader writes to the device (set-up commands to the receiver); returns the unsubscribe function. */
  onReceive(listener: (bytes: Buffer) => void): () => void {
    this.receiveListeners.add(listener);
    return () => this.receiveListeners.delete(listener);
  }

  async plug(): Promise<void> {
    if (this.current) return;
    const { master, slave, pty } = loadPtyNative().open(80, 24);
    const masterStream = new tty.ReadStream(master);
    // Whatever the reader sends (receiver commands) must be drained; listeners may look at it.
    masterStream.on('data', (bytes: Buffer) => {
      for (const listener of this.receiveListeners) listener(bytes);
    });
    masterStream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EIO') log.warn({ err, pts: pty }, 'virtual serial master error');
    });
    const slaveStream = new tty.ReadStream(slave);
    // A serial line carries bytes untouched: no echo, no CR→NL, no line buffering,
    // also while no reader has set the line up. The stream is never read (manual start).
    slaveStream.setRawMode(true);
    this.current = { ptsPath: pty, masterFd: master, master: masterStream, slave: slaveStream };
    await unlink(this.path).catch(() => {});
    await symlink(pty, this.path);
    log.debug({ path: this.path, pts: pty }, 'virtual serial plugged');
  }

  /** Pulls the device: the link disappears and the PTY closes, so an open reader sees a hang-up. */
  async unplug(): Promise<void> {
    const pty = this.current;
    if (!pty) return;
    this.current = null;
    this.queue = [];
    this.queuedBytes = 0;
    this.wakeWriters();
    await unlink(this.path).catch(() => {});
    // No write may still be on its way to the fd number once the streams close it.
    await this.pumping;
    await Promise.all([destroyStream(pty.master), destroyStream(pty.slave)]);
    log.debug({ path: this.path, pts: pty.ptsPath }, 'virtual serial unplugged');
  }

  /**
   * Sends bytes to the reader, in order. While unplugged, or when the reader does not keep
   * up and `maxQueuedBytes` are already waiting, the bytes are dropped (counted in
   * `droppedBytes`) as a UART nobody reads would lose them; returns false then.
   */
  write(data: string | Buffer): boolean {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    if (!this.current || this.queuedBytes + bytes.length > this.maxQueuedBytes) {
      this.droppedBytesCount += bytes.length;
      return false;
    }
    this.enqueue(bytes);
    return true;
  }

  /** Sends bytes with backpressure: waits while the reader is slow instead of dropping. */
  async writeAll(data: Buffer): Promise<void> {
    for (let from = 0; from < data.length; ) {
      if (!this.current) throw new Error('virtual serial device is unplugged');
      const room = this.maxQueuedBytes - this.queuedBytes;
      if (room <= 0) {
        await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
        continue;
      }
      const piece = data.subarray(from, from + room);
      this.enqueue(piece);
      from += piece.length;
    }
  }

  /** Resolves once every accepted byte was taken by the kernel (or dropped by an unplug). */
  async drained(): Promise<void> {
    while (this.pumping) await this.pumping;
  }

  private enqueue(bytes: Buffer): void {
    this.queue.push(bytes);
    this.queuedBytes += bytes.length;
    this.pumping ??= this.pump().finally(() => {
      this.pumping = null;
    });
  }

  private wakeWriters(): void {
    for (const wake of this.roomWaiters.splice(0)) wake();
  }

  /**
   * Writes the queue with fs.write on the non-blocking master fd. Not through the tty
   * stream: libuv writes a PTY master in blocking mode and would spin the event loop
   * for as long as nobody reads the slave.
   */
  private async pump(): Promise<void> {
    let retryMs: number = VIRTUAL_SERIAL_DEFAULTS.fullRetryMs;
    for (;;) {
      const pty = this.current;
      const head = this.queue[0];
      if (!pty || !head) return;
      let written = 0;
      try {
        written = await new Promise<number>((resolve, reject) => fsWrite(pty.masterFd, head, 0, head.length, null, (err, n) => (err ? reject(err) : resolve(n))));
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'EAGAIN') {
          log.warn({ err, pts: pty.ptsPath }, 'virtual serial write failed; dropping queued bytes');
          this.droppedBytesCount += this.queuedBytes;
          this.queue = [];
          this.queuedBytes = 0;
          this.wakeWriters();
          return;
        }
        await new Promise((r) => setTimeout(r, retryMs));
        retryMs = Math.min(retryMs * 2, VIRTUAL_SERIAL_DEFAULTS.fullRetryMaxMs);
        continue;
      }
      if (this.current !== pty || this.queue[0] !== head) return;
      retryMs = VIRTUAL_SERIAL_DEFAULTS.fullRetryMs;
      this.writtenBytesCount += written;
      this.queuedBytes -= written;
      if (written === head.length) this.queue.shift();
      else this.queue[0] = head.subarray(written);
      this.wakeWriters();
    }
  }

  async close(): Promise<void> {
    await this.unplug();
    if (this.ownsDir) await rm(dirname(this.path), { recursive: true, force: true });
  }
}

function destroyStream(stream: tty.ReadStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed) return resolve();
    stream.once('close', () => resolve());
    stream.destroy();
  });
}
