import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Fix } from '../hw/fix.js';
import { AgentCore, type AgentStatus, type FixSource } from './agent-core.js';
import { AGENT_METRICS, startMetricsServer } from './metrics.js';
import { ScriptedGateway, until } from './test-support.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** One sample's value, or undefined when the metric has no sample. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('agent metrics (--metrics-port)', () => {
  it("serves the agent's status as Prometheus metrics, one status per scrape, with the process metrics", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agent-metrics-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const gw = new ScriptedGateway();
    const url = await gw.start();
    cleanups.push(() => gw.stop());
    let emit: ((f: Fix) => void) | undefined;
    const source: FixSource = { start: (onFix) => void (emit = onFix), stop: () => void (emit = undefined) };
    const core = new AgentCore({ vehicleId: 'truck-m', gateway: url, token: 'tok', dbPath: join(dir, 'agent.db'), source, sampler: { everyFix: true }, uploader: { intervalMs: 20 } });
    await core.start();
    cleanups.push(() => core.stop());
    let statusCalls = 0;
    const server = await startMetricsServer(0, (): AgentStatus => {
      statusCalls++;
      return core.status();
    });
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const scrape = async (): Promise<string> => {
      const res = await fetch(`${base}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      return res.text();
    };

    const idle = await scrape();
    expect(statusCalls).toBe(1);
    for (const m of AGENT_METRICS) expect(idle).toContain(`# TYPE ${m.name} ${m.type}\n`);
    expect(sample(idle, 'telematics_agent_gps_fixes_total')).toBe(0);
    expect(sample(idle, 'telematics_agent_buffer_writable')).toBe(1);
    // Not known before the first fix and the first upload: no sample rather than a made-up 0.
    expect(sample(idle, 'telematics_agent_gps_fix_mode')).toBeUndefined();
    expect(sample(idle, 'telematics_agent_gps_hdop')).toBeUndefined();
    expect(sample(idle, 'telematics_agent_upload_last_success_age_seconds')).toBeUndefined();
    for (const name of ['process_resident_memory_bytes', 'process_cpu_seconds_total', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
      expect(sample(idle, name)).toBeGreaterThanOrEqual(0);
    }
    expect(idle).toMatch(/^# TYPE nodejs_gc_duration_seconds histogram$/m);

    const T0 = Date.now() - 60_000;
    for (let i = 0; i < 12; i++) emit!({ class: 'TPV', mode: 3, time: new Date(T0 + i * 1000).toISOString(), lat: -25.4 + i * 1e-4, lon: -49.2, speed: 11, track: 0, uSat: 8, hdop: 0.9 });
    await until(() => core.status().uplink.sentPositions === 12, 'the 12 positions uploaded');
    const busy = await scrape();
    expect(statusCalls).toBe(2);
    expect(sample(busy, 'telematics_agent_gps_fixes_total')).toBe(12);
    expect(sample(busy, 'telematics_agent_gps_fix_mode')).toBe(3);
    expect(sample(busy, 'telematics_agent_gps_satellites_used')).toBe(8);
    expect(sample(busy, 'telematics_agent_gps_hdop')).toBe(0.9);
    expect(sample(busy, 'telematics_agent_positions_recorded_total')).toBe(12);
    expect(sample(busy, 'telematics_agent_gps_fixes_rejected_total{reason="jump"}')).toBe(0);
    expect(sample(busy, 'telematics_agent_gps_fixes_held_total')).toBe(0);
    expect(sample(busy, 'telematics_agent_upload_positions_total')).toBe(12);
    expect(sample(busy, 'telematics_agent_upload_not_gateway_answers_total')).toBe(0);
    expect(sample(busy, 'telematics_agent_buffer_dropped_total{reason="capacity"}')).toBe(0);
    expect(sample(busy, 'telematics_agent_buffer_depth')).toBe(0);
    expect(sample(busy, 'telematics_agent_upload_last_success_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(busy, 'telematics_agent_uptime_seconds')).toBeGreaterThan(sample(idle, 'telematics_agent_uptime_seconds')!);

    // A glitch: 1.1 km from the last fix in one second.
    emit!({ class: 'TPV', mode: 3, time: new Date(T0 + 12_000).toISOString(), lat: -25.4 + 0.011, lon: -49.2, speed: 11, track: 0, uSat: 8, hdop: 0.9 });
    const glitched = await scrape();
    expect(sample(glitched, 'telematics_agent_gps_fixes_rejected_total{reason="jump"}')).toBe(1);
    expect(sample(glitched, 'telematics_agent_gps_fixes_rejected_total{reason="frozen"}')).toBe(0);
    expect(sample(glitched, 'telematics_agent_positions_recorded_total')).toBe(12);

    expect((await fetch(`${base}/`)).status).toBe(404);
  });
});
