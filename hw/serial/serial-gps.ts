import { EventEmitter } from 'node:events';
import { stat } from 'node:fs/promises';
import { SerialPort } from 'serialport';
import { ReadlineParser } from '@serialport/parser-readline';
import { getLogger, type Logger } from '../../common/logger.js';
import { AUTO_BAUD_DEFAULTS, huntBaud, type BaudAttempt, type LineSource } from './auto-baud.js';
import { classifyLine, LINE_DROP_REASONS, LINE_GUARD_DEFAULTS, RunCutter, type LineDropReason } from './line-guard.js';

export const SERIAL_GPS_DEFAULTS = {
  /** The most common rate of current receivers (u-blox, MediaTek, Quectel); NMEA 0183 says 4800. */
  baud: 9600 as number | 'auto',
  /** Retry period while the device is missing or failing; also how often an open device's node is checked. */
  reopenIntervalMs: 2000,
  maxSentenceChars: LINE_GUARD_DEFAULTS.maxSentenceChars,
  maxRunBytes: LINE_GUARD_DEFAULTS.maxRunBytes,
  autoBaud: AUTO_BAUD_DEFAULTS,
} as const;

export interface SerialGpsOptions {
  path: string;
  baud?: number | 'auto';
  reopenIntervalMs?: number;
  maxSentenceChars?: number;
  maxRunBytes?: number;
  autoBaud?: Partial<{ rates: readonly number[]; perRateTimeoutMs: number; validSentencesNeeded: number }>;
  /** Defaults to the `hw.serial` component logger. */
  logger?: Logger;
}

export interface LineCounters {
  bytes: number;
  lines: number;
  /** Lines whose sentence was kept after discarding binary or a truncated sentence before it. */
  trimmedPrefixes: number;
  dropped: Record<LineDropReason, number>;
}

export function newLineCounters(): LineCounters {
  return { bytes: 0, lines: 0, trimmedPrefixes: 0, dropped: Object.fromEntries(LINE_DROP_REASONS.map((r) => [r, 0])) as Record<LineDropReason, number> };
}

export type SerialGpsState = 'connecting' | 'hunting' | 'open' | 'outage' | 'stopped';

export interface SerialGpsStatus {
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
  bytes: number;
  lines: number;
  lastLineAtMs: number | null;
  trimmedPrefixes: number;
  dropped: Record<LineDropReason, number>;
  baudHunt: { baud: number | null; attempts: BaudAttempt[] } | null;
}

/**
 * One open serial port at one rate, framed into sentences: port → RunCutter → readline
 * parser → classifyLine. Counts into `counters`, which the owner may swap (the auto-baud
 * hunt counts into scratch counters until the rate is settled).
 */
export class SerialLine implements LineSource {
  private readonly lineListeners = new Set<(line: string) => void>();
  private readonly rawListeners = new Set<(line: string) => void>();
  private readonly closeListeners: ((err?: Error) => void)[] = [];
  private closedByUs = false;
  private ended = false;

  private constructor(
    private readonly port: SerialPort,
    public counters: LineCounters,
    maxSentenceChars: number,
    maxRunBytes: number,
  ) {
    const parser = new ReadlineParser({ delimiter: '\n', encoding: 'latin1' });
    port.on('data', (chunk: Buffer) => {
      this.counters.bytes += chunk.length;
    });
    port.pipe(new RunCutter(maxRunBytes)).pipe(parser);
    parser.on('data', (line: string) => {
      const result = classifyLine(line, maxSentenceChars, maxRunBytes);
      if (this.rawListeners.size > 0) {
        const raw = result.ok || result.reason !== 'tooLong' || line.length !== maxRunBytes + 1 ? line : line.slice(0, -1);
        for (const listener of this.rawListeners) listener(raw);
      }
      if (!result.ok) {
        this.counters.dropped[result.reason]++;
        return;
      }
      this.counters.lines++;
      if (result.prefixBytes > 0) this.counters.trimmedPrefixes++;
      for (const listener of this.lineListeners) listener(result.sentence);
    });
    port.on('error', (err: Error) => this.end(err));
    port.on('close', (err?: Error | null) => this.end(err ?? undefined));
  }

  static open(
    path: string,
    baud: number,
    options: { counters?: LineCounters; maxSentenceChars?: number; maxRunBytes?: number } = {},
  ): Promise<SerialLine> {
    const port = new SerialPort({ path, baudRate: baud, autoOpen: false });
    const counters = options.counters ?? newLineCounters();
    const maxSentenceChars = options.maxSentenceChars ?? SERIAL_GPS_DEFAULTS.maxSentenceChars;
    const maxRunBytes = options.maxRunBytes ?? SERIAL_GPS_DEFAULTS.maxRunBytes;
    return new Promise((resolve, reject) => {
      port.open((err) => (err ? reject(err) : resolve(new SerialLine(port, counters, maxSentenceChars, maxRunBytes))));
    });
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

  onLine(listener: (line: string) => void): () => void {
    this.lineListeners.add(listener);
    return () => this.lineListeners.delete(listener);
  }

  /** Every line as the parser split it (latin1, no `\n`, CR and binary kept), before classification. */
  onRawLine(listener: (line: string) => void): () => void {
    this.rawListeners.add(listener);
    return () => this.rawListeners.delete(listener);
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
    this.lineListeners.clear();
    this.rawListeners.clear();
    if (!this.port.isOpen) {
      this.ended = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.port.close(() => resolve()));
  }
}

/**
 * A GPS receiver on a serial line that never gives up: emits `line` (one sentence, no
 * CR/LF), `rawLine` (every line as received, binary included: what `NmeaPipeline.pushLine`
 * wants, as it also reassembles UBX/CASIC frames) and `status` (a `SerialGpsStatus` on
 * every state change). When the device is
 * missing, vanishes or fails, it retries every `reopenIntervalMs`, logging once when an
 * outage starts and once when it ends, and resumes where the device comes back.
 * With `baud: 'auto'` it hunts for the rate first (see `huntBaud`) and keeps that rate
 * across reconnects.
 */
export class SerialGps extends EventEmitter {
  private readonly options: Required<Omit<SerialGpsOptions, 'autoBaud' | 'logger'>> & { autoBaud: SerialGpsOptions['autoBaud'] };
  private readonly log: Logger;
  private readonly counters = newLineCounters();
  private line: SerialLine | null = null;
  private state: SerialGpsState = 'stopped';
  private baud: number | null;
  private connectedSinceMs: number | null = null;
  private outages = 0;
  private outageSinceMs: number | null = null;
  private lastError: string | null = null;
  private lastLineAtMs: number | null = null;
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
      maxSentenceChars: options.maxSentenceChars ?? SERIAL_GPS_DEFAULTS.maxSentenceChars,
      maxRunBytes: options.maxRunBytes ?? SERIAL_GPS_DEFAULTS.maxRunBytes,
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
   * Sends bytes to the receiver (set-up commands, see `hw/receiver-setup.ts`). Fails when
   * the device is not open; the caller decides whether to retry after the next `open`.
   */
  async write(data: string | Buffer): Promise<void> {
    if (!this.line) throw new Error(`GPS serial device ${this.options.path} is not open (state ${this.state})`);
    await this.line.write(data);
  }

  status(): SerialGpsStatus {
    return {
      path: this.options.path,
      baudSetting: this.options.baud,
      baud: this.baud,
      state: this.state,
      connectedSinceMs: this.connectedSinceMs,
      outages: this.outages,
      outageSinceMs: this.outageSinceMs,
      lastError: this.lastError,
      bytes: this.counters.bytes,
      lines: this.counters.lines,
      lastLineAtMs: this.lastLineAtMs,
      trimmedPrefixes: this.counters.trimmedPrefixes,
      dropped: { ...this.counters.dropped },
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
    const { path, maxSentenceChars, maxRunBytes } = this.options;
    let line: SerialLine;
    try {
      if (this.baud === null) {
        line = await this.hunt();
      } else {
        this.setState('connecting');
        line = await SerialLine.open(path, this.baud, { counters: this.counters, maxSentenceChars, maxRunBytes });
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
    line.counters = this.counters;
    line.onRawLine((raw) => this.emit('rawLine', raw));
    line.onLine((sentence) => {
      this.lastLineAtMs = Date.now();
      this.emit('line', sentence);
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
    const { path, maxSentenceChars, maxRunBytes } = this.options;
    this.setState('hunting');
    const scratch = newLineCounters();
    this.huntAbort = new AbortController();
    const result = await huntBaud((baud) => SerialLine.open(path, baud, { counters: scratch, maxSentenceChars, maxRunBytes }), {
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
