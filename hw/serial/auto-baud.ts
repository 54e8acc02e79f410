/**
 * Baud-rate hunting: open the line at each rate in turn and listen; the right rate is
 * the one where checksum-valid NMEA sentences arrive. At a wrong rate a UART delivers
 * garbage, in which a valid checksum is a 1-in-256 accident per sentence-shaped line,
 * so a few in a row are conclusive.
 */
export const AUTO_BAUD_DEFAULTS = {
  /** The rates GPS receivers ship with, slowest first (the NMEA 0183 default 4800 leads). */
  rates: [4800, 9600, 19200, 38400, 57600, 115200] as readonly number[],
  /** Listening time per rate before moving on. */
  perRateTimeoutMs: 3000,
  /** Valid sentences needed at one rate to settle on it. */
  validSentencesNeeded: 2,
} as const;

export type AutoBaudOptions = Partial<{
  rates: readonly number[];
  perRateTimeoutMs: number;
  validSentencesNeeded: number;
  /** Called as each rate is tried, for logs and status. */
  onTry: (attempt: BaudAttempt) => void;
  /** Ends the hunt early (closing the source in use); it then reports no rate found. */
  signal: AbortSignal;
}>;

/** Something that delivers framed sentences, opened at one rate (a serial port, a test source). */
export interface LineSource {
  /** Subscribes to checksum-verified sentences (see hw/framing/framer.ts); returns the unsubscribe function. */
  onSentence(listener: (sentence: string) => void): () => void;
  /** Lines framed so far, kept or dropped: what arrived at this rate. */
  linesSeen(): number;
  /** Called with an error when the source closes on its own (device gone). */
  onClose(listener: (err?: Error) => void): void;
  close(): Promise<void>;
}

export interface BaudAttempt {
  baud: number;
  lines: number;
  validSentences: number;
  listenedMs: number;
}

export type BaudHunt<S extends LineSource> =
  | { found: true; baud: number; source: S; attempts: BaudAttempt[] }
  | { found: false; attempts: BaudAttempt[] };

/**
 * Tries each rate until `validSentencesNeeded` checksum-valid sentences arrive within
 * `perRateTimeoutMs`. On success the source at the right rate is returned still open,
 * so no sentence is lost to a reopen. A failing `openAt` (device gone) or a source that
 * closes on its own ends the hunt with that error.
 */
export async function huntBaud<S extends LineSource>(
  openAt: (baud: number) => Promise<S>,
  options: AutoBaudOptions = {},
): Promise<BaudHunt<S>> {
  const rates = options.rates ?? AUTO_BAUD_DEFAULTS.rates;
  const timeoutMs = options.perRateTimeoutMs ?? AUTO_BAUD_DEFAULTS.perRateTimeoutMs;
  const needed = options.validSentencesNeeded ?? AUTO_BAUD_DEFAULTS.validSentencesNeeded;
  const attempts: BaudAttempt[] = [];
  for (const baud of rates) {
    if (options.signal?.aborted) break;
    const source = await openAt(baud);
    const startedMs = Date.now();
    const linesBefore = source.linesSeen();
    const attempt: BaudAttempt = { baud, lines: 0, validSentences: 0, listenedMs: 0 };
    let unsubscribe = (): void => {};
    const outcome = await new Promise<'found' | 'timeout' | Error>((resolve) => {
      const timer = setTimeout(() => resolve('timeout'), timeoutMs);
      options.signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve('timeout');
      }, { once: true });
      source.onClose((err) => {
        clearTimeout(timer);
        resolve(err ?? new Error(`line closed while listening at ${baud} baud`));
      });
      unsubscribe = source.onSentence(() => {
        if (attempt.validSentences >= needed) return;
        if (++attempt.validSentences >= needed) {
          clearTimeout(timer);
          resolve('found');
        }
      });
    });
    unsubscribe();
    attempt.lines = source.linesSeen() - linesBefore;
    attempt.listenedMs = Date.now() - startedMs;
    attempts.push(attempt);
    options.onTry?.(attempt);
    if (outcome === 'found') return { found: true, baud, source, attempts };
    await source.close().catch(() => {});
    if (outcome instanceof Error) throw outcome;
  }
  return { found: false, attempts };
}
