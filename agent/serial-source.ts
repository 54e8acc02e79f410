import type { Logger } from '../common/logger.js';
import type { Fix, Satellite } from '../hw/fix.js';
import type { Framed } from '../hw/framing/framer.js';
import { NmeaPipeline } from '../hw/nmea/pipeline.js';
import { SerialGps } from '../hw/serial/serial-gps.js';
import type { FixSource, ReceiverStatus } from './agent-core.js';

export const SERIAL_SOURCE_DEFAULTS = {
  /** Window over which sentences/s is measured. */
  rateWindowMs: 10_000,
};

/** The truck's receiver: a serial device (reconnecting, optional auto-baud) → NMEA → fixes. */
export class SerialFixSource implements FixSource {
  private gps: SerialGps | undefined;
  private pipeline = new NmeaPipeline();
  private rateTimer: NodeJS.Timeout | undefined;
  private rate = { atMs: 0, sentences: 0, perSec: 0 };
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
    this.rate = { atMs: Date.now(), sentences: 0, perSec: 0 };
    const windowMs = this.options.rateWindowMs ?? SERIAL_SOURCE_DEFAULTS.rateWindowMs;
    this.rateTimer = setInterval(() => {
      const now = Date.now();
      const total = this.sentenceCount();
      this.rate = { atMs: now, sentences: total, perSec: ((total - this.rate.sentences) * 1000) / Math.max(1, now - this.rate.atMs) };
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
      sentencesPerSec: Math.round(this.rate.perSec * 10) / 10,
      sentences: this.sentenceCount(),
      checksumErrors: s?.dropped.badChecksum ?? 0,
      droppedLines: dropped,
      ...(this.satellites && { satellites: this.satellites.map(({ PRN, ss, used }) => ({ PRN, ...(ss !== undefined && { ss }), used })) }),
    };
  }

  private sentenceCount(): number {
    return Object.values(this.pipeline.stats().sentences).reduce((a, b) => a + b, 0);
  }
}
