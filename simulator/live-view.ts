import type { Writable } from 'node:stream';
import type { FleetSnapshot } from './fleet.js';

export type ViewMode = 'tty' | 'lines' | 'json' | 'none';

export const LIVE_VIEW_DEFAULTS = {
  /** A TTY is redrawn this often. */
  ttyRefreshMs: 250,
  /** Plain lines (not a TTY) and JSON lines come this often. */
  lineIntervalMs: 5_000,
  jsonIntervalMs: 2_000,
  barWidth: 30,
};

function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function fmtMs(ms: number | null): string {
  if (ms === null) return '–';
  return ms < 1000 ? `${ms} ms` : ms < 120_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 60_000).toFixed(1)} min`;
}

export function fmtDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(s % 60).padStart(2, '0')}s`;
}

export interface Rates {
  recordedPerS: number;
  ackedPerS: number;
}

/** The lines of the TTY view: pure, for tests. */
export function renderLines(s: FleetSnapshot, rates: Rates, barWidth = LIVE_VIEW_DEFAULTS.barWidth): string[] {
  const progress =
    s.durationMs !== undefined
      ? (() => {
          const f = Math.min(1, s.simElapsedMs / s.durationMs);
          const filled = Math.round(f * barWidth);
          return `[${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)}] ${(f * 100).toFixed(0).padStart(3)}%  ${fmtDuration(s.simElapsedMs)} of ${fmtDuration(s.durationMs)} driven`;
        })()
      : `${fmtDuration(s.simElapsedMs)} driven (until Ctrl-C)`;
  const errors = Object.entries(s.errors)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${fmtInt(v)}`)
    .join(', ');
  return [
    `telematics sim  ${s.phase}  ×${s.speedup}  ${progress}`,
    `trucks     ${fmtInt(s.trucksActive)}/${fmtInt(s.trucks)} active, ${fmtInt(s.trucksOutOfCoverage)} out of coverage, ${fmtInt(s.restarts)} restarts`,
    `positions  recorded ${fmtInt(s.recorded)} (${fmtInt(rates.recordedPerS)}/s)  buffered ${fmtInt(s.buffered)}  acknowledged ${fmtInt(s.acked)} (${fmtInt(rates.ackedPerS)}/s)`,
    `batch ack  p50 ${fmtMs(s.batchAckMs.p50)}  p99 ${fmtMs(s.batchAckMs.p99)}   fix→ack (sim) p50 ${fmtMs(s.fixToAckMs.p50)}  p99 ${fmtMs(s.fixToAckMs.p99)}`,
    `errors     ${errors || 'none'}   ${s.failedRequests ? `(${fmtInt(s.failedRequests)} failed requests, retried)` : ''}`.trimEnd(),
    `faults     ${s.faultsActive.length ? s.faultsActive.join(', ') : 'none active'}`,
  ];
}

/**
 * The live view: redrawn in place a few times a second on a TTY, a plain line every few
 * seconds otherwise, JSON lines (one snapshot each) with --json, nothing with 'none'.
 */
export class LiveView {
  private timer: NodeJS.Timeout | undefined;
  private drawn = 0;
  private last: { atMs: number; recorded: number; acked: number } | undefined;

  constructor(
    private readonly snapshot: () => FleetSnapshot,
    private readonly mode: ViewMode,
    private readonly out: Writable,
  ) {}

  start(): void {
    if (this.mode === 'none') return;
    const every = this.mode === 'tty' ? LIVE_VIEW_DEFAULTS.ttyRefreshMs : this.mode === 'json' ? LIVE_VIEW_DEFAULTS.jsonIntervalMs : LIVE_VIEW_DEFAULTS.lineIntervalMs;
    this.timer = setInterval(() => this.draw(), every);
    this.timer.unref();
  }

  /** Draws the final state and stops. */
  stop(): void {
    clearInterval(this.timer);
    if (this.mode !== 'none') this.draw();
  }

  private rates(s: FleetSnapshot): Rates {
    const prev = this.last;
    this.last = { atMs: s.atMs, recorded: s.recorded, acked: s.acked };
    if (!prev || s.atMs <= prev.atMs) return { recordedPerS: 0, ackedPerS: 0 };
    const dt = (s.atMs - prev.atMs) / 1000;
    return { recordedPerS: (s.recorded - prev.recorded) / dt, ackedPerS: (s.acked - prev.acked) / dt };
  }

  private draw(): void {
    const s = this.snapshot();
    const rates = this.rates(s);
    if (this.mode === 'json') {
      this.out.write(JSON.stringify({ type: 'progress', ...s, rates: { recordedPerS: Math.round(rates.recordedPerS), ackedPerS: Math.round(rates.ackedPerS) } }) + '\n');
      return;
    }
    const lines = renderLines(s, rates);
    if (this.mode === 'lines') {
      this.out.write(lines.slice(0, 4).join(' | ').replace(/\s+/g, ' ') + '\n');
      return;
    }
    // Move up over the previous frame and clear each line before rewriting it.
    const up = this.drawn > 0 ? `\x1b[${this.drawn}A` : '';
    this.out.write(up + lines.map((l) => `\x1b[2K${l}`).join('\n') + '\n');
    this.drawn = lines.length;
  }
}
