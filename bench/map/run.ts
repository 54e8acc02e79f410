/**
 * The live map at fleet scale, in one run (no Kafka: the fleet is SyntheticFleet, real trackers
 * on real trips, 1 Hz):
 *   A. the monitor side with no page open: its CPU per second (the baseline);
 *   B. one page in headless Chromium, first the whole fleet in view (clusters), then zoomed in
 *      on a vehicle with its card open and followed: per 1-s update the page's main-thread time
 *      (the page's own `feed`, `map` and `list` measures on the Performance timeline, and
 *      Chromium's TaskDuration — everything on the main thread — from the DevTools protocol),
 *      long tasks (PerformanceObserver) and frames dropped (requestAnimationFrame gaps);
 *   C. 50 pages' event streams (plain connections in another process): the monitor's CPU for
 *      the fan-out, over the baseline.
 * Targets: median main-thread time per update ≤ 50 ms, no long task over 200 ms.
 *
 *   node dist-bench/bench/map/run.js [--vehicles 10000] [--seconds 30] [--pages 50] [--json] [--serve]
 * (--serve: keep the fleet and its page up for a look, until Ctrl-C.)
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Page } from 'playwright-core';
import { PACKAGE_ROOT } from '../../common/paths.js';
import { startFleetHttp } from '../../monitor/http.js';
import { CHROMIUM, CHROMIUM_ARGS } from '../../monitor/test-support.js';
import { SYNTHETIC_FLEET_DEFAULTS, SyntheticFleet } from './synthetic-fleet.js';

export const MAP_BENCH_DEFAULTS = {
  vehicles: SYNTHETIC_FLEET_DEFAULTS.vehicles,
  /** Length of each measured phase. */
  seconds: 30,
  pages: 50,
  viewport: { width: 1600, height: 1000 },
  /** A frame is late when it comes this much after the one before (60 Hz: 16.7 ms). */
  frameMs: 1000 / 60,
};

type Options = typeof MAP_BENCH_DEFAULTS & { json: boolean; serve: boolean };

function parseArgs(argv: string[]): Options {
  const options: Options = { ...MAP_BENCH_DEFAULTS, json: false, serve: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') options.json = true;
    else if (arg === '--serve') options.serve = true;
    else if (arg === '--vehicles' || arg === '--seconds' || arg === '--pages') {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value <= 0) throw new Error(`${arg} needs a positive integer`);
      options[arg.slice(2) as 'vehicles' | 'seconds' | 'pages'] = value;
    } else throw new Error(`unknown argument ${arg}; usage: run.js [--vehicles N] [--seconds N] [--pages N] [--json] [--serve]`);
  }
  return options;
}

/** CPU (user + system) this process spends per second of wall time over `seconds`, in ms. */
async function cpuPerSecond(seconds: number): Promise<number> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / 1000 / ((performance.now() - start) / 1000);
}

/** Installed before the page's own script: long tasks, animation frames. */
const PROBES = `
  window.__bench = { longTasks: [], frames: [] };
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__bench.longTasks.push(e.duration); }).observe({ type: 'longtask', buffered: true });
  const frame = (t) => { window.__bench.frames.push(t); requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
`;

interface PagePhase {
  updates: number;
  /** Per update: the page's feed + map + list measures. */
  perUpdateMs: { median: number; p95: number; max: number };
  /** Chromium's main-thread task time over the phase, per update. */
  taskMsPerUpdate: number;
  longTasks: { count: number; maxMs: number };
  frames: { drawn: number; dropped: number };
  serverCpuMsPerS: number;
}

function quantile(sorted: number[], q: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN;
}

async function measurePage(page: Page, seconds: number, frameMs: number): Promise<PagePhase> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const taskDuration = async (): Promise<number> => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')!.value;
  await page.evaluate(() => {
    performance.clearMeasures();
    const b = (window as unknown as { __bench: { longTasks: number[]; frames: number[] } }).__bench;
    b.longTasks = [];
    b.frames = [];
  });
  const tasksBefore = await taskDuration();
  const serverCpuMsPerS = await cpuPerSecond(seconds);
  const tasksMs = ((await taskDuration()) - tasksBefore) * 1000;
  const probe = await page.evaluate(() => ({
    measures: performance.getEntriesByType('measure').map((m) => ({ name: m.name, start: m.startTime, duration: m.duration })),
    ...(window as unknown as { __bench: { longTasks: number[]; frames: number[] } }).__bench,
  }));
  // Each feed message starts an update; the map and list work its change schedules belongs to it.
  const updates: number[] = [];
  for (const m of probe.measures.sort((a, b) => a.start - b.start)) {
    if (m.name === 'feed') updates.push(m.duration);
    else if (updates.length) updates[updates.length - 1] += m.duration;
  }
  const sorted = [...updates].sort((a, b) => a - b);
  let dropped = 0;
  for (let i = 1; i < probe.frames.length; i++) dropped += Math.max(0, Math.round((probe.frames[i] - probe.frames[i - 1]) / frameMs) - 1);
  await cdp.detach();
  return {
    updates: updates.length,
    perUpdateMs: { median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted.at(-1) ?? NaN },
    taskMsPerUpdate: tasksMs / Math.max(1, updates.length),
    longTasks: { count: probe.longTasks.length, maxMs: Math.max(0, ...probe.longTasks) },
    frames: { drawn: probe.frames.length, dropped },
    serverCpuMsPerS,
  };
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const say = (line: string): void => {
    if (!o.json) process.stdout.write(line + '\n');
  };
  const fleet = new SyntheticFleet({ ...SYNTHETIC_FLEET_DEFAULTS, vehicles: o.vehicles });
  fleet.tick();
  const http = await startFleetHttp(fleet, fleet.plan, 0, { tiles: null });
  fleet.start();
  say(`live map bench: ${o.vehicles} vehicles at 1 Hz (real NDS-BR trips, SyntheticFleet), ${o.seconds} s per phase, page at ${http.url}`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    if (o.serve) {
      say('serving until Ctrl-C');
      await once(process, 'SIGINT');
      return;
    }
    const baselineCpu = await cpuPerSecond(o.seconds);
    say(`  A. no page open: monitor side ${baselineCpu.toFixed(0)} ms CPU/s (trackers + feed bookkeeping)`);

    const page = await browser.newPage({ viewport: o.viewport });
    await page.addInitScript(PROBES);
    await page.goto(http.url);
    await page.waitForFunction((n) => document.getElementById('fleet-count')?.textContent === `${n.toLocaleString()} vehicles`, o.vehicles, { timeout: 120_000 });
    const whole = await measurePage(page, o.seconds, o.frameMs);
    const report = (label: string, p: PagePhase): void =>
      say(
        `  B. ${label}: ${p.updates} updates; main thread per update: median ${p.perUpdateMs.median.toFixed(1)} ms, p95 ${p.perUpdateMs.p95.toFixed(1)}, max ${p.perUpdateMs.max.toFixed(1)} (page measures); ` +
          `${p.taskMsPerUpdate.toFixed(1)} ms all main-thread tasks (Chromium); long tasks ${p.longTasks.count}, longest ${p.longTasks.maxMs.toFixed(0)} ms; ` +
          `frames ${p.frames.drawn} drawn, ${p.frames.dropped} dropped; monitor side ${p.serverCpuMsPerS.toFixed(0)} ms CPU/s`,
      );
    report('whole fleet in view (clusters)', whole);
    // Zoomed in on one vehicle, its card open and followed.
    await page.locator('.search').first().fill('sim-00042');
    await page.locator('[data-vehicle="sim-00042"]').first().click();
    await page.locator('#card .follow').check();
    const zoomed = await measurePage(page, o.seconds, o.frameMs);
    report('zoomed in, card open, following', zoomed);
    await page.close();

    const clients = spawn(process.execPath, [join(PACKAGE_ROOT, 'dist-bench', 'bench', 'map', 'sse-clients.js'), http.url, String(o.pages)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = createInterface({ input: clients.stdout! })[Symbol.asyncIterator]();
    await lines.next(); // all open
    const fanOutCpu = await cpuPerSecond(o.seconds);
    clients.kill('SIGTERM');
    const { bytes } = JSON.parse((await lines.next()).value as string) as { bytes: number };
    const perPageMs = (fanOutCpu - baselineCpu) / o.pages;
    say(
      `  C. ${o.pages} pages' event streams: monitor side ${fanOutCpu.toFixed(0)} ms CPU/s = ${(fanOutCpu - baselineCpu).toFixed(0)} ms/s for the fan-out over the baseline ` +
        `(${perPageMs.toFixed(2)} ms/s per page); ${(bytes / o.pages / o.seconds / 1024).toFixed(0)} KiB/s per page`,
    );
    const ok = whole.perUpdateMs.median <= 50 && zoomed.perUpdateMs.median <= 50 && Math.max(whole.longTasks.maxMs, zoomed.longTasks.maxMs) <= 200;
    say(`  targets: median main-thread time per update ≤ 50 ms, no long task over 200 ms: ${ok ? 'met' : 'NOT met'}`);
    if (o.json) process.stdout.write(JSON.stringify({ vehicles: o.vehicles, seconds: o.seconds, baselineCpu, whole, zoomed, pages: o.pages, fanOutCpu, perPageMs, bytesPerPagePerS: bytes / o.pages / o.seconds, ok }) + '\n');
  } finally {
    await browser.close();
    fleet.stop();
    await http.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
