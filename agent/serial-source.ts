import type { Logger } from '../common/logger.js';
import type { Fix, Satellite } from '../hw/fix.js';
import type { Framed } from '../hw/framing/framer.js';
import { NmeaPipeline } from '../hw/nmea/pipeline.js';
import { SerialGps } from '../hw/serial/serial-gps.js';
import type { FixSource, ReceiverStatus } from './agent-core.js';

export const SERIAL_SOURCE_DEFAULTS = {
  /** Sentences/s is measured over the last one to two of these windows (since start, before the first ends). */
  rateWindowMs: 10_000,
  /** No rate is given over less than this (right after start). */
  minRateSpanMs: 1_000,
};

/** The truck's receiver: a serial device (reconnecting, optional auto-baud) → NMEA → fixes. */
export class SerialFixSource implements FixSource {
  private gps: SerialGps | undefined;
  private pipeline = new NmeaPipeline();
  private rateTimer: NodeJS.Timeout | undefined;
  /** Sentence counts, the older and the newer of the last two window ends (at first: the start). */
  private rateSamples: { atMs: number; sentences: number }[] = [];
  /** The last sky view that listed satellites (GSV), for diag's satellites seen and their SNR. */
  private satellites: Satellite[] | undefined;

  constructor(private readonly options: { path: string; baud: number | 'auto'; logger?: Logger; rateWindowMs?: number }) {}

  start(onFix: (fix: Fix) => void): void {
    this.gps = new SerialGps({ path: this.options.path, baud: this.options.baud, logger: this.options.logger });
    this.gps.on('framed', (item: Framed) => {
      for (const { fix, sky } of this.pipeline.pushReports(item)) {
        if (sky?.satellites !== undefined) this.satellites = sky.satellites;
        onFix(fix);
      }
    });
    this.gps.start();
    this.rateSamples = [{ atMs: Date.now(), sentences: 0 }];
    const windowMs = this.options.rateWindowMs ?? SERIAL_SOURCE_DEFAULTS.rateWindowMs;
    this.rateTimer = setInterval(() => {
      this.rateSamples.push({ atMs: Date.now(), sentences: this.sentenceCount() });
      if (this.rateSamples.length > 2) this.rateSamples.shift();
    }, windowMs);
    this.rateTimer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.rateTimer);
    await this.gps?.stop();
  }

  status(): ReceiverStatus {
    const s = this.gps?.status();
    const n = this.pipeline.stats();
    const dropped = s ? Object.values(s.dropped).reduce((a, b) => a + b, 0) : 0;
    return {
      kind: 'serial',
      device: this.options.path,
      baud: s?.baud ?? null,
      baudSetting: this.options.baud,
      state: s?.state ?? 'stopped',
      lastError: s?.lastError ?? null,
      outages: s?.outages ?? 0,
      lastSentenceAtMs: n.lastSentenceAtMs,
      sentencesPerSec: this.sentenceRate(Date.now()),
      sentences: this.sentenceCount(),
      checksumErrors: s?.dropped.badChecksum ?? 0,
      droppedLines: dropped,
      ...(this.satellites && { satellites: this.satellites.map(({ PRN, ss, used }) => ({ PRN, ...(ss !== undefined && { ss }), used })) }),
    };
  }

  /**
   * Sentences/s from the older sample to now: over one to two windows, so a status read just
   * after start, or just after a window ended, still has a rate of what the line carries now.
   */
  private sentenceRate(nowMs: number): number | undefined {
    const from = this.rateSamples[0];
    if (!from || nowMs - from.atMs < SERIAL_SOURCE_DEFAULTS.minRateSpanMs) return undefined;
    return Math.round(((this.sentenceCount() - from.sentences) * 10_000) / (nowMs - from.atMs)) / 10;
  }

  private sentenceCount(): number {
    return Object.values(this.pipeline.stats().sentences).reduce((a, b) => a + b, 0);
  }
}
