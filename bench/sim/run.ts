/**
 * How many trucks at 1 Hz (real time, --speedup 1) one simulator process sustains on this
 * machine while fewer than 1 % of positions are late (acknowledged more than one upload
 * interval after due: fix → ack > 2 × the uploader's interval), stepping the truck count up:
 *   1. against a null sink (a local HTTP server answering 200 at once): the simulator's own ceiling;
 *   2. end to end: the real gateway (its own process) and Kafka (local broker) on the same machine.
 * Every step is bounded (--step-seconds of driving + a bounded drain); traffic goes to 127.0.0.1 only.
 *
 *   node dist-bench/bench/sim/run.js [--steps 2500,5000,10000,15000,18000] [--step-seconds 60]
 *                              [--buffer memory|sqlite] [--modes null,gateway] [--json]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PACKAGE_ROOT } from '../../common/paths.js';
import { bootstrapAddress, freePort, kafkaDown, kafkaUp } from '../../kafka/local-broker.js';
import type { BufferMode } from '../../simulator/fleet.js';
import { runSimulation } from '../../simulator/simulation.js';
import { defaultTripPaths } from '../../simulator/trip-files.js';

export const SIM_BENCH_DEFAULTS = {
  steps: [2500, 5000, 10_000, 15_000, 18_000],
  stepSeconds: 60,
  /** In-memory SQLite per truck: file buffers need 3 descriptors per truck, beyond the 20,000 limit at 10,000 trucks. */
  buffer: 'memory' as BufferMode,
  modes: ['null', 'gateway'] as ('null' | 'gateway')[],
  /** A step passes while fewer than this share of positions is late. */
  maxLateShare: 0.01,
  drainTimeoutMs: 30_000,
};

type Mode = 'null' | 'gateway';

interface StepResult {
  mode: Mode;
  trucks: number;
  seconds: number;
  recorded: number;
  acknowledged: number;
  ackedPerS: number;
  requestsPerS: number;
  lateShare: number;
  batchAckP50Ms: number | null;
  batchAckP99Ms: number | null;
  simCpuPercent: number;
  /** CPU of the target process (gateway or null sink), % of one core; null where /proc is not available. */
  targetCpuPercent: number | null;
  simRssMiB: number;
  failedRequests: number;
  errors: Record<string, number>;
  pass: boolean;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function startChild(args: string[], env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, args, { env: { ...process.env, LOG_LEVEL: 'error', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (l) => resolve(l.trim()));
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code} before printing its URL`)));
  });
  return { child, url };
}

/** utime + stime of a process in ms, from /proc (Linux). */
function processCpuMs(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S;
  } catch {
    return null;
  }
}

/** USER_HZ on Linux. */
const CLOCK_TICKS_PER_S = 100;

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function main(): Promise<void> {
  const steps = arg('steps')?.split(',').map(Number) ?? SIM_BENCH_DEFAULTS.steps;
  const stepSeconds = Number(arg('step-seconds') ?? SIM_BENCH_DEFAULTS.stepSeconds);
  const buffer = (arg('buffer') ?? SIM_BENCH_DEFAULTS.buffer) as BufferMode;
  const modes = (arg('modes')?.split(',') ?? SIM_BENCH_DEFAULTS.modes) as Mode[];
  const json = process.argv.includes('--json');
  const say = (line: string) => {
    if (!json) process.stdout.write(line + '\n');
  };

  let brokers = process.env.KAFKA_BROKERS;
  let kafkaDir: string | undefined;
  if (!brokers && modes.includes('gateway')) {
    kafkaDir = mkdtempSync(join(tmpdir(), 'bench-sim-kafka-'));
    const up = await kafkaUp({ dir: kafkaDir, port: await freePort(), jvmProfile: 'bench', owned: true });
    brokers = bootstrapAddress(up.state);
    say(`Kafka up at ${brokers}`);
  }
  const work = mkdtempSync(join(tmpdir(), 'bench-sim-'));
  const registryFile = join(work, 'devices.json');
  const results: StepResult[] = [];
  try {
    for (const mode of modes) {
      const target =
        mode === 'null'
          ? await startChild([join(PACKAGE_ROOT, 'dist', 'bench', 'sim', 'null-sink.js')], {})
          : await startChild([join(PACKAGE_ROOT, 'dist', 'cli', 'telematics.js'), 'gateway', '--port', '0', '--registry', registryFile], { KAFKA_BROKERS: brokers });
      say(`\n${mode === 'null' ? 'null sink' : 'gateway + Kafka'} at ${target.url}: ${stepSeconds} s per step, buffer ${buffer}, speedup 1`);
      say(`  trucks   acked/s  requests/s  late %   batch ack p50/p99 ms   sim CPU %  ${mode === 'null' ? 'sink' : 'gateway'} CPU %  sim RSS MiB  failed`);
      try {
        for (const trucks of steps) {
          const cpu0 = process.cpuUsage();
          const targetCpu0 = processCpuMs(target.child.pid);
          const t0 = Date.now();
          const report = await runSimulation({
            trucks,
            tripPaths: defaultTripPaths(PACKAGE_ROOT),
            gateway: target.url,
            registryFile,
            vehiclePrefix: `bench-${mode}-${trucks}`,
            speedup: 1,
            durationMs: stepSeconds * 1000,
            buffer,
            drainTimeoutMs: SIM_BENCH_DEFAULTS.drainTimeoutMs,
            view: 'none',
          });
          const wallS = (Date.now() - t0) / 1000;
          const cpu = process.cpuUsage(cpu0);
          const targetCpu1 = processCpuMs(target.child.pid);
          const f = report.fleet;
          const r: StepResult = {
            mode,
            trucks,
            seconds: stepSeconds,
            recorded: f.recorded,
            acknowledged: f.acknowledged,
            ackedPerS: Math.round(f.acknowledged / stepSeconds),
            requestsPerS: Math.round(f.ackedBatches / stepSeconds),
            lateShare: f.late.share,
            batchAckP50Ms: f.batchAckMs.p50,
            batchAckP99Ms: f.batchAckMs.p99,
            simCpuPercent: Math.round(((cpu.user + cpu.system) / 1000 / (wallS * 1000)) * 100),
            targetCpuPercent: targetCpu0 === null || targetCpu1 === null ? null : Math.round(((targetCpu1 - targetCpu0) / (wallS * 1000)) * 100),
            simRssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
            failedRequests: f.failedRequests,
            errors: f.errors,
            pass: f.late.share < SIM_BENCH_DEFAULTS.maxLateShare && report.lost === 0,
          };
          results.push(r);
          say(
            `  ${String(trucks).padStart(6)}  ${String(r.ackedPerS).padStart(8)}  ${String(r.requestsPerS).padStart(10)}  ${(r.lateShare * 100).toFixed(2).padStart(6)}   ${`${r.batchAckP50Ms}/${r.batchAckP99Ms}`.padStart(20)}   ${String(r.simCpuPercent).padStart(9)}  ${String(r.targetCpuPercent ?? '–').padStart(mode === 'null' ? 11 : 14)}  ${String(r.simRssMiB).padStart(11)}  ${String(r.failedRequests).padStart(6)}  ${r.pass ? 'ok' : 'LATE'}${r.failedRequests ? `  (${Object.entries(r.errors).map(([k, v]) => `${k} ${v}`).join(', ')})` : ''}`,
          );
          if (!r.pass) break;
        }
      } finally {
        await stopChild(target.child);
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
    if (kafkaDir) {
      await kafkaDown({ dir: kafkaDir });
      rmSync(kafkaDir, { recursive: true, force: true });
    }
  }
  const sustained = (mode: Mode) => Math.max(0, ...results.filter((r) => r.mode === mode && r.pass).map((r) => r.trucks));
  const summary = { sustainedTrucks: { nullSink: sustained('null'), gateway: sustained('gateway') }, steps: results };
  if (json) process.stdout.write(JSON.stringify(summary) + '\n');
  else {
    say(`\nsustained at 1 Hz with < 1 % late: null sink ${summary.sustainedTrucks.nullSink} trucks, gateway + Kafka ${summary.sustainedTrucks.gateway} trucks` +
      (summary.sustainedTrucks.nullSink ? ` (ratio ${(summary.sustainedTrucks.gateway / summary.sustainedTrucks.nullSink).toFixed(2)})` : ''));
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench/sim failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
