import { EventEmitter } from 'node:events';
import { stat } from 'node:fs/promises';
import { SerialPort } from 'serialport';
import { getLogger, type Logger } from '../../common/logger.js';
import { copyFramerCounts, Framer, newFramerCounts, type Framed, type FramerCounts, type FramerOptions } from '../framing/framer.js';
import { AUTO_BAUD_DEFAULTS, huntBaud, type BaudAttempt, type LineSource } from './auto-baud.js';

export const SERIAL_GPS_DEFAULTS = {
  /** The most common rate of current receivers (u-blox, MediaTek, Quectel); NMEA 0183 says 4800. */
  baud: 9600 as number | 'auto',
  /** Retry period while the device is missing or failing; also how often an open device's node is checked. */
  reopenIntervalMs: 2000,
  /**
   * How long an open retries while the port's lock is still held: serialport's close can leave
   * its flock in place for a moment (serialport/node-serialport#2735), so a quick reopen at
   * another rate (the baud hunt, `gps setup`) may find the port locked by our own last close.
   */
  lockWaitMs: 1000,
  autoBaud: AUTO_BAUD_DEFAULTS,
} as const;

export interface SerialGpsOptions {
  path: string;
  baud?: number | 'auto';
  reopenIntervalMs?: number;
  /** Line limits (default `FRAMER_DEFAULTS` in hw/framing/framer.ts). */
  framing?: Omit<FramerOptions, 'comments'>;
  autoBaud?: Partial<{ rates: readonly number[]; perRateTimeoutMs: number; validSentencesNeeded: number }>;
  /** Defaults to the `hw.serial` component logger. */
  logger?: Logger;
}

export type SerialGpsState = 'connecting' | 'hunting' | 'open' | 'outage' | 'stopped';

/** The state of the line, and the framer's counters (bytes, lines, sentences, frames, drops by reason). */
export interface SerialGpsStatus extends FramerCounts {
  path: string;
  baudSetting: number | 'auto';
  /** The rate in use (found by the hunt with `auto`), null until known. */
  baud: number | null;
  state: SerialGpsState;
  connectedSinceMs: number | null;
  /** Outages since start (a device missing at start counts as one). */
  outages: number;
  outageSinceMs: number | null;
  lastError: string | null;
  /** `Date.now()` of the last sentence or binary frame delivered. */
  lastFramedAtMs: number | null;
  baudHunt: { baud: number | null; attempts: BaudAttempt[] } | null;
}

/**
 * One open serial port at one rate, framed (hw/framing/framer.ts) into sentences and binary
 * frames. Counts into `counts`, which the owner may swap (the auto-baud hunt counts into
 * scratch counters until the rate is settled).
 */
export class SerialLine implements LineSource {
  private readonly framer: Framer;
  private readonly listeners = new Set<(item: Framed) => void>();
  private readonly chunkListeners = new Set<() => void>();
  private readonly closeListeners: ((err?: Error) => void)[] = [];
  private closedByUs = false;
  private ended = false;

  private constructor(
    private readonly port: SerialPort,
    counts: FramerCounts,
    framing: FramerOptions,
  ) {
    this.framer = new Framer(framing, counts);
    port.on('data', (chunk: Buffer) => {
      for (const item of this.framer.push(chunk)) {
        if (item.kind !== 'comment') for (const listener of this.listeners) listener(item);
      }
      for (const listener of this.chunkListeners) listener();
    });
    port.on('error', (err: Error) => this.end(err));
    port.on('close', (err?: Error | null) => this.end(err ?? undefined));
  }

  static async open(path: string, baud: number, options: { counts?: FramerCounts; framing?: FramerOptions } = {}): Promise<SerialLine> {
    const deadline = Date.now() + SERIAL_GPS_DEFAULTS.lockWaitMs;
    for (;;) {
      const port = new SerialPort({ path, baudRate: baud, autoOpen: false });
      const err = await new Promise<Error | null>((resolve) => port.open(resolve));
      if (!err) return new SerialLine(port, options.counts ?? newFramerCounts(), options.framing ?? {});
      if (!/Cannot lock port/.test(err.message) || Date.now() >= deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  get counts(): FramerCounts {
    return this.framer.counts;
  }

  set counts(counts: FramerCounts) {
    this.framer.counts = counts;
  }

  /** Writes to the device and waits until the bytes are transmitted. */
  write(data: string | Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      this.port.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data, (err) => {
        if (err) return reject(err);
        this.port.drain((drainErr) => (drainErr ? reject(drainErr) : resolve()));
      });
    });
  }

  /** Every sentence and binary frame, in stream order; returns the unsubscribe function. */
  onFramed(listener: (item: Framed) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onSentence(listener: (sentence: string) => void): () => void {
    return this.onFramed((item) => {
      if (item.kind === 'sentence') listener(item.sentence);
    });
  }

  /** Called after each received chunk is framed (its counts included); returns the unsubscribe function. */
  onChunk(listener: () => void): () => void {
    this.chunkListeners.add(listener);
    return () => this.chunkListeners.delete(listener);
  }

  linesSeen(): number {
    return this.framer.counts.lines;
  }

  onClose(listener: (err?: Error) => void): void {
    this.closeListeners.push(listener);
  }

  private end(err?: Error): void {
    if (this.ended) return;
    this.ended = true;
    if (this.port.isOpen) this.port.close(() => {});
    if (this.closedByUs) return;
    for (const listener of this.closeListeners) listener(err ?? new Error('serial port closed'));
  }

  close(): Promise<void> {
    this.closedByUs = true;
    this.listeners.clear();
    this.chunkListeners.clear();
    if (!this.port.isOpen) {
      this.ended = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.port.close(() => resolve()));
  }
}

/**
 * A GPS receiver on a serial line that never gives up: emits `framed` (a checksummed
 * sentence or a UBX/CASIC frame, what `NmeaPipeline.push` takes) and `status` (a
 * `SerialGpsStatus` on every state change). When the device is
 * missing, vanishes or fails, it retries every `reopenIntervalMs`, logging once when an
 * outage starts and once when it ends, and resumes where the device comes back.
 * With `baud: 'auto'` it hunts for the rate first (see `huntBaud`) and keeps that rate
 * across reconnects.
 */
export class SerialGps extends EventEmitter {
  private readonly options: Required<Omit<SerialGpsOptions, 'autoBaud' | 'logger'>> & { autoBaud: SerialGpsOptions['autoBaud'] };
  private readonly log: Logger;
  private readonly counts = newFramerCounts();
  private line: SerialLine | null = null;
  private state: SerialGpsState = 'stopped';
  private baud: number | null;
  private connectedSinceMs: number | null = null;
  private outages = 0;
  private outageSinceMs: number | null = null;
  private lastError: string | null = null;
  private lastFramedAtMs: number | null = null;
  private baudHunt: SerialGpsStatus['baudHunt'] = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  private huntAbort: AbortController | null = null;

  constructor(options: SerialGpsOptions) {
    super();
    this.options = {
      path: options.path,
      baud: options.baud ?? SERIAL_GPS_DEFAULTS.baud,
      reopenIntervalMs: options.reopenIntervalMs ?? SERIAL_GPS_DEFAULTS.reopenIntervalMs,
      framing: options.framing ?? {},
      autoBaud: options.autoBaud,
    };
    this.baud = this.options.baud === 'auto' ? null : this.options.baud;
    this.log = options.logger ?? getLogger('hw.serial');
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.huntAbort?.abort();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const line = this.line;
    this.line = null;
    this.setState('stopped');
    if (line) await line.close();
  }

  /**
   * Sends bytes to the receiver (set-up commands, see `hw/setup/receiver-commands.ts`). Fails when
   * the device is not open; the caller decides whether to retry after the next `open`.
   */
  async write(data: string | Buffer): Promise<void> {
    if (!this.line) throw new Error(`GPS serial device ${this.options.path} is not open (state ${this.state})`);
    await this.line.write(data);
  }

  status(): SerialGpsStatus {
    return {
      ...copyFramerCounts(this.counts),
      path: this.options.path,
      baudSetting: this.options.baud,
      baud: this.baud,
      state: this.state,
      connectedSinceMs: this.connectedSinceMs,
      outages: this.outages,
      outageSinceMs: this.outageSinceMs,
      lastError: this.lastError,
      lastFramedAtMs: this.lastFramedAtMs,
      baudHunt: this.baudHunt && { ...this.baudHunt, attempts: [...this.baudHunt.attempts] },
    };
  }

  private setState(state: SerialGpsState): void {
    if (this.state === state) return;
    this.state = state;
    this.emit('status', this.status());
  }

  private async connect(): Promise<void> {
    this.timer = null;
    if (this.stopped) return;
    const { path, framing } = this.options;
    let line: SerialLine;
    try {
      if (this.baud === null) {
        line = await this.hunt();
      } else {
        this.setState('connecting');
        line = await SerialLine.open(path, this.baud, { counts: this.counts, framing });
      }
    } catch (err) {
      this.failed(err as Error);
      return;
    }
    if (this.stopped) {
      await line.close();
      return;
    }
    this.line = line;
    line.counts = this.counts;
    line.onFramed((item) => {
      this.lastFramedAtMs = Date.now();
      this.emit('framed', item);
    });
    line.onClose((err) => {
      if (this.line !== line) return;
      this.line = null;
      this.failed(err ?? new Error('serial port closed'));
    });
    this.connectedSinceMs = Date.now();
    if (this.outageSinceMs !== null) {
      this.log.info({ path, baud: this.baud, outageMs: this.connectedSinceMs - this.outageSinceMs }, 'GPS serial device back, reading again');
      this.outageSinceMs = null;
    } else {
      this.log.info({ path, baud: this.baud }, 'GPS serial device open');
    }
    this.lastError = null;
    this.setState('open');
    this.watchNode(line);
  }

  /** Tries each rate; throws when the device is missing so that counts as an outage. */
  private async hunt(): Promise<SerialLine> {
    const { path, framing } = this.options;
    this.setState('hunting');
    const scratch = newFramerCounts();
    this.huntAbort = new AbortController();
    const result = await huntBaud((baud) => SerialLine.open(path, baud, { counts: scratch, framing }), {
      ...this.options.autoBaud,
      signal: this.huntAbort.signal,
      onTry: (attempt) => this.log.debug({ path, ...attempt }, 'baud rate tried'),
    }).finally(() => (this.huntAbort = null));
    this.baudHunt = { baud: result.found ? result.baud : null, attempts: result.attempts };
    if (!result.found) {
      throw new Error(`no valid NMEA at any of ${result.attempts.map((a) => a.baud).join(', ')} baud`);
    }
    this.baud = result.baud;
    this.log.info({ path, baud: result.baud, attempts: result.attempts }, 'baud rate found');
    this.emit('baud', { baud: result.baud, attempts: result.attempts });
    return result.source;
  }

  /** USB serial drivers usually error on unplug, but a vanished node is the ground truth. */
  private watchNode(line: SerialLine): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.line !== line || this.stopped) return;
      stat(this.options.path).then(
        () => this.watchNode(line),
        (err: NodeJS.ErrnoException) => {
          if (this.line !== line || this.stopped) return;
          this.line = null;
          void line.close();
          this.failed(new Error(`device node gone (${err.code ?? err.message})`));
        },
      );
    }, this.options.reopenIntervalMs);
  }

  private failed(err: Error): void {
    if (this.stopped) return;
    this.lastError = err.message;
    this.connectedSinceMs = null;
    if (this.outageSinceMs === null) {
      this.outageSinceMs = Date.now();
      this.outages++;
      this.log.warn({ path: this.options.path, err: err.message, retryMs: this.options.reopenIntervalMs }, 'GPS serial device unavailable; retrying until it returns');
    } else {
      this.log.debug({ path: this.options.path, err: err.message }, 'GPS serial device still unavailable');
    }
    this.setState('outage');
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.connect(), this.options.reopenIntervalMs);
  }
}
