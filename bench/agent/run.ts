/**
 * The agent's footprint and backlog drain, against a local gateway and a real Kafka.
 * Prints a table (or `--json`); figures go in agent/README.md.
 *
 *   node dist-bench/bench/agent/run.js [--seconds 600] [--skip-steady] [--detection] [--skip-drain] [--drain-positions 86400] [--baseline DIR] [--json]
 *
 * Steady runs: a virtual GPS (PTY) at 1 Hz and 10 Hz feeds the real `telematics agent`
 * process (--every-fix, the worst case: one position per fix; and the default sampler at
 * 1 Hz). Measured from /proc/PID: CPU % of one core, RSS, disk bytes written per recorded
 * position (write_bytes). Baseline in the same run: an idle `node` process beside it.
 * Drain: 86,400 positions (24 h at 1 Hz) already in the buffer, then the agent starts;
 * seconds until the buffer is empty. Baseline: the same batches posted directly by this
 * process (no SQLite, no agent) to the same gateway.
 * Installed size: the vehicle's Debian package as `npm run package:deb` builds it (the .deb and
 * its Installed-Size). Baseline: a production install from source (every non-dev npm package
 * of the lock, optional ones included, + dist/), what the agent needed before the package.
 * --baseline DIR: another built checkout (its dist/, package-lock.json and systemd unit; say, the
 * branch's start) measured in the same run as "before": its package's size, and each steady run
 * of its agent (with its unit's node flags) just before this one's, on the same virtual GPS rate.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { randomUUID } from 'node:crypto';
import { setLogLevel } from '../../common/logger.js';
import { PACKAGE_ROOT } from '../../common/paths.js';
import { GatewayServer } from '../../gateway/server.js';
import { httpRequest, registerVehicle, tempRegistry } from '../../gateway/test-support.js';
import { VirtualSerial } from '../../hw/virtual/virtual-serial.js';
import { bootstrapAddress, freePort, kafkaDown, kafkaUp } from '../../kafka/local-broker.js';
import { encodeBinaryBatch } from '../../protocol/binary-batch.js';
import { BINARY_CONTENT_TYPE } from '../../protocol/content-types.js';
import type { Position } from '../../protocol/position.js';
import { PositionBuffer } from '../../agent/position-buffer.js';
import { readStatusFile } from '../../agent/status-file.js';
import { NmeaFeeder, startAgentProcess, until } from '../../agent/test-support.js';
import { buildDeb } from '../../packaging/deb.js';
import { fullInstallBytes } from '../../packaging/vehicle-files.js';

/** node's flags in the unit's ExecStart (between the node binary and the script): the agent is measured as the truck runs it. */
export function unitNodeFlags(unitFile = join(PACKAGE_ROOT, 'systemd', 'telematics-agent.service')): string[] {
  const execStart = /^ExecStart=(.*)$/m.exec(readFileSync(unitFile, 'utf8'))?.[1];
  if (execStart === undefined) throw new Error(`no ExecStart in ${unitFile}`);
  const words = execStart.split(/\s+/);
  return words.slice(1, words.findIndex((w) => w.endsWith('.js')));
}

/** An agent build to run: its entry point and the node flags of its unit. */
interface AgentBuild {
  label: string;
  agentJs: string;
  nodeFlags: string[];
}

function agentBuild(label: string, root: string): AgentBuild {
  return { label, agentJs: join(root, 'dist', 'agent', 'main.js'), nodeFlags: unitNodeFlags(join(root, 'systemd', 'telematics-agent.service')) };
}

export const AGENT_BENCH_DEFAULTS = {
  seconds: 600,
  warmupSeconds: 10,
  drainPositions: 86_400,
  drainBatch: 1_000,
};

const CLK_TCK = 100;

interface ProcSample {
  atMs: number;
  cpuTicks: number;
  rssKiB: number;
  anonKiB: number;
  hwmKiB: number;
  writeBytes: number;
}

function sample(pid: number): ProcSample {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  const io = readFileSync(`/proc/${pid}/io`, 'utf8');
  return {
    atMs: Date.now(),
    cpuTicks: Number(fields[11]) + Number(fields[12]),
    rssKiB: kib('VmRSS'),
    anonKiB: kib('RssAnon'),
    hwmKiB: kib('VmHWM'),
    writeBytes: Number(/^write_bytes:\s+(\d+)/m.exec(io)?.[1] ?? 0),
  };
}

const args = process.argv.slice(2);
const flag = (name: string): boolean => args.includes(`--${name}`);
const num = (name: string, dflt: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};

interface SteadyResult {
  name: string;
  build: string;
  seconds: number;
  positions: number;
  cpuPercent: number;
  rssMiB: number;
  /** The private part of RSS (heap, stacks, malloc); the rest is node's code and libraries, shared and reclaimable. */
  anonRssMiB: number;
  peakRssMiB: number;
  bytesWrittenPerPosition: number;
  baselineCpuPercent: number;
  baselineRssMiB: number;
}

async function steady(build: AgentBuild, name: string, hz: number, everyFix: boolean, seconds: number, ctx: { gatewayUrl: string; registry: string; dir: string }, config?: object): Promise<SteadyResult> {
  const vehicleId = `bench-${build.label}-${name.replace(/[^a-z0-9]/gi, '-')}-${Date.now()}`;
  const token = registerVehicle(ctx.registry, vehicleId);
  const device = await VirtualSerial.create({ linkPath: join(ctx.dir, `gps-${hz}-${everyFix}`) });
  const db = join(ctx.dir, `${vehicleId}.db`);
  // The status file goes to tmpfs as under systemd (RuntimeDirectory), so it is not counted as disk writes.
  const statusFile = join('/dev/shm', `${vehicleId}.status.json`);
  const feeder = new NmeaFeeder(device, Date.now() - 3 * 3_600_000, hz);
  feeder.start();
  const configFile = join(ctx.dir, `${vehicleId}.json`);
  writeFileSync(configFile, JSON.stringify(config ?? {}));
  const agent = startAgentProcess(['--config', configFile, '--serial', device.path, '--gateway', ctx.gatewayUrl, '--vehicle-id', vehicleId, `--token=${token}`, '--db', db, '--status-file', statusFile, ...(everyFix ? ['--every-fix'] : [])], {}, build.nodeFlags, build.agentJs);
  const idle = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  try {
    await until(() => (readStatusFile(statusFile)?.buffer.lastSeq ?? 0) > 0, 'agent recording', 30_000);
    await new Promise((r) => setTimeout(r, AGENT_BENCH_DEFAULTS.warmupSeconds * 1000));
    const seq0 = readStatusFile(statusFile)!.buffer.lastSeq;
    const a0 = sample(agent.child.pid!);
    const b0 = sample(idle.pid!);
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const a1 = sample(agent.child.pid!);
    const b1 = sample(idle.pid!);
    const seq1 = readStatusFile(statusFile)!.buffer.lastSeq;
    const wall = (a1.atMs - a0.atMs) / 1000;
    const positions = seq1 - seq0;
    return {
      name,
      build: build.label,
      seconds: Math.round(wall),
      positions,
      cpuPercent: ((a1.cpuTicks - a0.cpuTicks) / CLK_TCK / wall) * 100,
      rssMiB: a1.rssKiB / 1024,
      anonRssMiB: a1.anonKiB / 1024,
      peakRssMiB: a1.hwmKiB / 1024,
      bytesWrittenPerPosition: positions > 0 ? (a1.writeBytes - a0.writeBytes) / positions : NaN,
      baselineCpuPercent: ((b1.cpuTicks - b0.cpuTicks) / CLK_TCK / wall) * 100,
      baselineRssMiB: b1.rssKiB / 1024,
    };
  } finally {
    feeder.stop();
    idle.kill();
    agent.child.kill('SIGTERM');
    await agent.exited;
    await device.close();
    rmSync(statusFile, { force: true });
  }
}

function drainPositions(n: number): Omit<Position, 'seq'>[] {
  const start = Date.now() - n * 1000 - 60_000;
  return Array.from({ length: n }, (_, i) => ({ timeMs: start + i * 1000, lat: -25.43 + i * 1e-6, lon: -49.27 + i * 1e-6, speed: 12.5, track: (i * 3) % 360, altMSL: 920, hdop: 0.9, uSat: 9, mode: 3 as const }));
}

async function drain(n: number, ctx: { gatewayUrl: string; registry: string; dir: string }): Promise<{ positions: number; agentSeconds: number; baselineSeconds: number }> {
  const positions = drainPositions(n);
  // Baseline: the same batches straight from this process.
  const baseVehicle = `bench-drain-base-${Date.now()}`;
  const baseToken = registerVehicle(ctx.registry, baseVehicle);
  const epoch = randomUUID();
  const t0 = Date.now();
  for (let i = 0; i < n; i += AGENT_BENCH_DEFAULTS.drainBatch) {
    const batch = positions.slice(i, i + AGENT_BENCH_DEFAULTS.drainBatch).map((p, k) => ({ ...p, seq: i + k + 1 }));
    const answer = await httpRequest(`${ctx.gatewayUrl}/v1/positions`, { headers: { 'Content-Type': BINARY_CONTENT_TYPE, Authorization: `Bearer ${baseToken}` }, body: encodeBinaryBatch({ epoch, positions: batch }) });
    if (answer.status !== 200) throw new Error(`baseline post: ${answer.status} ${answer.body}`);
  }
  const baselineSeconds = (Date.now() - t0) / 1000;

  const vehicleId = `bench-drain-${Date.now()}`;
  const token = registerVehicle(ctx.registry, vehicleId);
  const db = join(ctx.dir, 'drain.db');
  const buffer = new PositionBuffer(db, { vehicleId, commitMaxRows: 10_000 });
  for (const p of positions) buffer.append(p);
  buffer.commit();
  buffer.close();
  const config = join(ctx.dir, 'drain.json');
  writeFileSync(config, JSON.stringify({ uploader: { batchMaxPositions: AGENT_BENCH_DEFAULTS.drainBatch } }));
  const statusFile = join('/dev/shm', `${vehicleId}.status.json`);
  const started = Date.now();
  const agent = startAgentProcess(['--config', config, '--serial', join(ctx.dir, 'no-gps'), '--gateway', ctx.gatewayUrl, '--vehicle-id', vehicleId, `--token=${token}`, '--db', db, '--status-file', statusFile], {}, unitNodeFlags());
  try {
    await until(() => (readStatusFile(statusFile)?.uplink.sentPositions ?? 0) >= n, 'drained', 600_000, 100);
    return { positions: n, agentSeconds: (Date.now() - started) / 1000, baselineSeconds };
  } finally {
    agent.child.kill('SIGTERM');
    await agent.exited;
    rmSync(statusFile, { force: true });
  }
}

interface InstallSize {
  debFile: string;
  debMiB: number;
  installedMiB: number;
  fullInstallMiB: number;
}

function installSize(dir: string): InstallSize {
  const deb = buildDeb({ outDir: dir });
  return { debFile: basename(deb.path), debMiB: statSync(deb.path).size / 1048576, installedMiB: deb.installedSizeKiB / 1024, fullInstallMiB: fullInstallBytes() / 1048576 };
}

/** The baseline checkout's package, built by its own packaging (its file list and exclusions). */
function baselineInstallSize(root: string, dir: string): InstallSize {
  const out = join(dir, 'baseline-deb');
  const path = execFileSync(process.execPath, [join(root, 'dist', 'packaging', 'deb.js'), '--out', out], { encoding: 'utf8' }).trim().split('\n').at(-1)!;
  const installedKiB = Number(execFileSync('dpkg-deb', ['-f', path, 'Installed-Size'], { encoding: 'utf8' }).trim());
  return { debFile: basename(path), debMiB: statSync(path).size / 1048576, installedMiB: installedKiB / 1024, fullInstallMiB: fullInstallBytes(root) / 1048576 };
}

async function main(): Promise<void> {
  setLogLevel('warn');
  const seconds = num('seconds', AGENT_BENCH_DEFAULTS.seconds);
  const dir = mkdtempSync(join(tmpdir(), 'bench-agent-'));
  const baselineAt = args.includes('--baseline') ? args[args.indexOf('--baseline') + 1] : undefined;
  // The baseline first, each time: "before" then "after", back to back.
  const builds = [...(baselineAt !== undefined ? [agentBuild('before', baselineAt)] : []), agentBuild(baselineAt !== undefined ? 'after' : 'this', PACKAGE_ROOT)];
  const size = installSize(dir);
  const baselineSize = baselineAt !== undefined ? baselineInstallSize(baselineAt, dir) : undefined;
  let kafkaDir: string | undefined;
  let brokers = process.env.KAFKA_BROKERS?.split(',');
  if (!brokers) {
    kafkaDir = mkdtempSync(join(tmpdir(), 'bench-agent-kafka-'));
    const up = await kafkaUp({ dir: kafkaDir, port: await freePort(), jvmProfile: 'bench', owned: true });
    brokers = [bootstrapAddress(up.state)];
  }
  const registry = tempRegistry();
  const gateway = new GatewayServer({ brokers, port: 0, registryFile: registry, topic: `bench-agent-${Date.now()}` });
  const gatewayUrl = await gateway.start();
  const ctx = { gatewayUrl, registry, dir };
  const steadyResults: SteadyResult[] = [];
  let drained: Awaited<ReturnType<typeof drain>> | undefined;
  try {
    const runs: [name: string, hz: number, everyFix: boolean, config?: object][] = flag('detection')
      ? // Driving-event detection (agent/driving-events.ts) on against off, each rate back to back.
        [1, 10].flatMap((hz): [string, number, boolean, object?][] => [
          [`${hz} Hz every fix, detection on`, hz, true],
          [`${hz} Hz every fix, detection off`, hz, true, { driving: { enabled: false } }],
        ])
      : flag('skip-steady')
        ? []
        : [
            ['1 Hz every fix', 1, true],
            ['10 Hz every fix', 10, true],
            ['1 Hz sampled (defaults)', 1, false],
            // The durability trade-off: 15 s group commits (a power cut loses ≤ 15 s) instead of 1 s.
            ['1 Hz every fix, 15 s commits', 1, true, { buffer: { commitIntervalMs: 15_000 } }],
          ];
    for (const [name, hz, everyFix, config] of runs) {
      for (const build of builds) steadyResults.push(await steady(build, name, hz, everyFix, seconds, ctx, config));
    }
    if (!flag('skip-drain')) drained = await drain(num('drain-positions', AGENT_BENCH_DEFAULTS.drainPositions), ctx);
  } finally {
    await gateway.stop();
    if (kafkaDir) {
      await kafkaDown({ dir: kafkaDir });
      rmSync(kafkaDir, { recursive: true, force: true });
    }
    rmSync(dir, { recursive: true, force: true });
  }
  if (flag('json')) {
    process.stdout.write(JSON.stringify({ installSize: size, baselineInstallSize: baselineSize, steady: steadyResults, drain: drained }, null, 2) + '\n');
    return;
  }
  const f = (n: number, d = 1): string => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
  for (const build of builds) process.stdout.write(`${build.label} agent run as its unit runs it: node ${[...build.nodeFlags, build.agentJs.startsWith(PACKAGE_ROOT) ? relative(PACKAGE_ROOT, build.agentJs) : build.agentJs].join(' ')}\n`);
  for (const [label, s] of [...(baselineSize ? [['before', baselineSize] as const] : []), [builds.at(-1)!.label, size] as const]) {
    process.stdout.write(
      `${label} installed size: ${s.debFile} ${f(s.debMiB)} MiB, installed ${f(s.installedMiB)} MiB; ` +
        `a production install from source (npm ci --omit=dev + dist/) ${f(s.fullInstallMiB)} MiB, ratio ${f(s.installedMiB / s.fullInstallMiB, 3)}\n`,
    );
  }
  for (const r of steadyResults) {
    process.stdout.write(
      `${r.build.padEnd(6)} ${r.name.padEnd(30)} ${r.seconds} s, ${r.positions} positions: CPU ${f(r.cpuPercent, 2)} % (idle node ${f(r.baselineCpuPercent, 2)} %), ` +
        `RSS ${f(r.rssMiB)} MiB (anon ${f(r.anonRssMiB)}, peak ${f(r.peakRssMiB)}, idle node ${f(r.baselineRssMiB)}), ${f(r.bytesWrittenPerPosition, 0)} B written/position\n`,
    );
  }
  if (drained) {
    process.stdout.write(
      `drain ${drained.positions} positions: ${f(drained.agentSeconds)} s by the agent (incl. start), ${f(drained.baselineSeconds)} s posted directly (baseline), ratio ${f(drained.agentSeconds / drained.baselineSeconds, 2)}\n`,
    );
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
