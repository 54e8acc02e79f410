/**
 * Fleet roll-out speed: `telematics gateway add-devices` for N trucks (registry entries + one SD
 * card bundle each), against the baseline of the same trucks provisioned one `add-device` run at a
 * time, as before. Prints the figures (or `--json`); they go in gateway/README.md.
 *
 *   node dist-bench/bench/provisioning/run.js [--trucks 1000] [--runs 5] [--existing 10000] [--json]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { numberedVehicleIds, provisionDevices } from '../../gateway/provisioning.js';
import { addDevices } from '../../gateway/registry.js';

export const PROVISIONING_BENCH_DEFAULTS = {
  trucks: 1000,
  runs: 5,
  /** Vehicles already in the registry before each run (a fleet that grows). */
  existing: 10_000,
  /** `add-device` processes timed for the baseline (each one truck). */
  baselineCalls: 5,
};

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'cli', 'telematics.js');

/** Wall and CPU (user + system) time of one process. */
interface Timing {
  wallMs: number;
  cpuMs: number;
}

/**
 * Runs `telematics gateway ARGS` under GNU time: on a machine shared with other jobs the wall
 * time swings with the load, the CPU time much less (the command is single-threaded).
 */
function cli(args: string[]): Timing {
  const run = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S', process.execPath, CLI, 'gateway', ...args], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'error' } });
  const times = /TIME ([\d.]+) ([\d.]+) ([\d.]+)\s*$/.exec(run.stderr);
  if (run.status !== 0 || !times) throw new Error(`telematics gateway ${args.join(' ')} failed (${run.status ?? run.error?.message}): ${run.stderr}`);
  return { wallMs: Number(times[1]) * 1000, cpuMs: (Number(times[2]) + Number(times[3])) * 1000 };
}

/** Wall and CPU time of `work` in this process. */
function timed(work: () => void): Timing {
  const cpu = process.cpuUsage();
  const started = performance.now();
  work();
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

function summary(timings: Timing[]): { wallMs: number; cpuMs: number; wallMinMs: number; cpuMinMs: number } {
  const wall = timings.map((t) => t.wallMs);
  const cpu = timings.map((t) => t.cpuMs);
  return { wallMs: Math.round(median(wall)), cpuMs: Math.round(median(cpu)), wallMinMs: Math.round(Math.min(...wall)), cpuMinMs: Math.round(Math.min(...cpu)) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** A temporary registry holding `existing` vehicles, and a folder for bundles. */
function freshSetup(existing: number): { dir: string; registryFile: string; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bench-provisioning-'));
  const registryFile = join(dir, 'devices.json');
  if (existing > 0) addDevices(registryFile, numberedVehicleIds('existing', existing));
  return { dir, registryFile, out: join(dir, 'bundles') };
}

function main(): void {
  const { values } = parseArgs({ options: { trucks: { type: 'string' }, runs: { type: 'string' }, existing: { type: 'string' }, json: { type: 'boolean' } } });
  const o = PROVISIONING_BENCH_DEFAULTS;
  const trucks = Number(values.trucks ?? o.trucks);
  const runs = Number(values.runs ?? o.runs);
  const existing = Number(values.existing ?? o.existing);
  const gateway = 'https://gw.example.com';

  const inProcess: Timing[] = [];
  const whole: Timing[] = [];
  for (let run = 0; run < runs; run++) {
    let s = freshSetup(existing);
    inProcess.push(timed(() => provisionDevices({ registryFile: s.registryFile, vehicleIds: numberedVehicleIds('truck', trucks), gateway, outDir: s.out })));
    rmSync(s.dir, { recursive: true, force: true });

    s = freshSetup(existing);
    whole.push(cli(['add-devices', '--count', String(trucks), '--prefix', 'truck', '--gateway-url', gateway, '--out', s.out, '--registry', s.registryFile]));
    rmSync(s.dir, { recursive: true, force: true });
  }

  const s = freshSetup(existing);
  const baseline = summary(Array.from({ length: o.baselineCalls }, (_, i) => cli(['add-device', `single-${i}`, '--registry', s.registryFile])));
  rmSync(s.dir, { recursive: true, force: true });

  const result = {
    trucks,
    existingInRegistry: existing,
    runs,
    addDevicesProcess: summary(whole),
    provisionInProcess: summary(inProcess),
    baselineAddDevice: baseline,
    ratioWall: Math.round((median(whole.map((t) => t.wallMs)) / (baseline.wallMs * trucks)) * 10_000) / 10_000,
  };
  if (values.json) {
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    return;
  }
  const r = result;
  const line = (t: ReturnType<typeof summary>): string => `median ${t.wallMs} ms wall, ${t.cpuMs} ms CPU (min ${t.wallMinMs} wall, ${t.cpuMinMs} CPU)`;
  process.stdout.write(
    [
      `provisioning ${trucks} trucks (registry already holding ${existing}), ${runs} runs:`,
      `  telematics gateway add-devices --count ${trucks}, whole process (node start included): ${line(r.addDevicesProcess)}`,
      `  of which the work (registry edit + ${trucks} bundles, in process): ${line(r.provisionInProcess)}`,
      `  baseline: one add-device process per truck: ${line(r.baselineAddDevice)} → ${((r.baselineAddDevice.wallMs * trucks) / 1000).toFixed(0)} s wall for ${trucks}`,
      `  ratio add-devices / baseline (wall): ${r.ratioWall}`,
    ].join('\n') + '\n',
  );
}

main();
