/**
 * Issue 13.3 in one run: 1,000 normal vehicles posting 60-position binary batches open-loop at
 * a fixed rate, first alone, then while `--attackers` closed-loop senders on one stolen token
 * send the bodies that stalled the gateway (attackers.ts, a process of its own), then alone
 * again. Prints the normal vehicles' batch-ack p50/p99 and their 503s and timeouts (the agent
 * gives up after AGENT_REQUEST_TIMEOUT_MS) in each phase, the gateway's CPU, what the attackers
 * got, and the target: p99 under attack within 2× of the attack-free p99 (the mean of the runs
 * before and after), and no 503 to a normal vehicle.
 *
 *   node dist-bench/bench/gateway/attack.js [--vehicles 1000] [--rate 1000] [--seconds 30] [--attackers 24]
 *        [--bodies issue|within-bounds] [--gateway-cli FILE] [--json]
 *   (--gateway-cli runs another build's dist/cli/telematics.js, e.g. one from before the change)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import { createKafka } from '../../kafka/config.js';
import { ensureTopics, positionsTopic } from '../../kafka/topics.js';
import { NDSBR_CSV } from '../../trips/trip-csv.js';
import type { AttackBodies } from './attackers.js';
import { benchBrokers, Fleet, FLEET_DEFAULTS, GATEWAY_CLI, loadTrack, oneOf, parseBenchArgs, positiveNumber, processCpuUs, registerFleet, runStep, startGateway, type StepOptions, type StepResult } from './load.js';

export const ATTACK_BENCH_DEFAULTS = {
  ...FLEET_DEFAULTS,
  /** Positions/s the normal vehicles offer (open loop): the fleet at 1 Hz, a 60-position batch per vehicle a minute. */
  rate: 1_000,
  /** Per phase: 500 batches at the default rate, so p99 is the 5th slowest. */
  seconds: 30,
  attackers: 24,
  bodies: 'issue' as AttackBodies,
  gatewayCli: GATEWAY_CLI,
  /** Unused limits of a load step (the rate is fixed here, not stepped to saturation). */
  minDeliveredShare: 0,
  maxP99Ms: Number.POSITIVE_INFINITY,
  maxOutstanding: 4_000,
  /** Targets (issue 13): p99 under attack at most this many times the attack-free p99, and no 503. */
  maxP99Ratio: 2,
};

type Options = typeof ATTACK_BENCH_DEFAULTS & { json: boolean };

function parseArgs(argv: string[]): Options {
  return parseBenchArgs(
    argv,
    ATTACK_BENCH_DEFAULTS,
    {
      '--vehicles': (o, v) => (o.vehicles = positiveNumber('--vehicles', v)),
      '--rate': (o, v) => (o.rate = positiveNumber('--rate', v)),
      '--seconds': (o, v) => (o.seconds = positiveNumber('--seconds', v)),
      '--attackers': (o, v) => (o.attackers = positiveNumber('--attackers', v)),
      '--bodies': (o, v) => (o.bodies = oneOf('--bodies', v, ['issue', 'within-bounds'] as const)),
      '--gateway-cli': (o, v) => (o.gatewayCli = v),
    },
    'attack.js [--vehicles N] [--rate P/S] [--seconds S] [--attackers N] [--bodies issue|within-bounds] [--gateway-cli FILE] [--json]',
  );
}

interface Phase {
  name: string;
  step: StepResult;
  /** 503s and timeouts among the normal vehicles' answers. */
  unavailable: number;
  timeouts: number;
  /** Cores the gateway process used on average. */
  gatewayCores: number;
  attack?: { requests: number; statuses: Record<string, number>; seconds: number };
}

/** The attackers' process, once its first request was answered (so the attack is on when the measured step begins). */
async function startAttackers(options: Options, url: string, token: string): Promise<{ child: ChildProcess; stop: () => Promise<Phase['attack']> }> {
  const script = join(fileURLToPath(new URL('.', import.meta.url)), 'attackers.js');
  const child = spawn(process.execPath, [script, '--url', url, '--token', token, '--senders', String(options.attackers), '--bodies', options.bodies], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done || first.value !== 'sending') throw new Error(`the attackers did not start (${first.done ? 'exited' : first.value})`);
  return {
    child,
    stop: async () => {
      child.kill('SIGTERM');
      const report = await lines.next();
      return report.done ? undefined : (JSON.parse(report.value) as Phase['attack']);
    },
  };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const work = mkdtempSync(join(tmpdir(), 'bench-gateway-attack-'));
  const children: ChildProcess[] = [];
  let stopBroker = async (): Promise<void> => undefined;
  try {
    const { brokers, stop } = await benchBrokers(work);
    stopBroker = stop;
    const topic = `bench-attack-${Date.now()}`;
    const admin = createKafka('bench-gateway-attack', brokers).admin();
    await admin.connect();
    await ensureTopics(admin, [positionsTopic({ name: topic })]);
    await admin.disconnect();

    const log = (line: string) => !options.json && process.stdout.write(line + '\n');
    const fleet = new Fleet(loadTrack(NDSBR_CSV), options.vehicles, options.batchPositions);
    const registryFile = join(work, 'devices.json');
    const tokens = registerFleet(registryFile, fleet, ['bench-attacker']);
    const gateway = await startGateway(brokers, registryFile, topic, { cli: options.gatewayCli });
    children.push(gateway.child);
    const pid = gateway.child.pid!;
    const agent = new Agent({ keepAlive: true, maxSockets: options.vehicles });
    const stepOptions: StepOptions = options;
    log(
      `gateway attack bench: ${options.vehicles} vehicles, ${options.batchPositions}-position ${options.encoding} batches at ${options.rate} positions/s, ` +
        `${options.seconds} s per phase; ${options.attackers} attackers on one token (${options.bodies} bodies); gateway ${options.gatewayCli}; broker ${brokers.join(',')}`,
    );
    await runStep(gateway.url, pid, tokens, fleet, agent, options.rate / 2, 2, stepOptions); // warm-up: connections, JIT

    const phase = async (name: string, attacked: boolean): Promise<Phase> => {
      const attackers = attacked ? await startAttackers(options, gateway.url, tokens[tokens.length - 1]!) : undefined;
      if (attackers) children.push(attackers.child);
      const cpuBefore = processCpuUs(pid);
      const started = performance.now();
      const step = await runStep(gateway.url, pid, tokens, fleet, agent, options.rate, options.seconds, stepOptions);
      const gatewayCores = (processCpuUs(pid) - cpuBefore) / 1000 / (performance.now() - started);
      const attack = await attackers?.stop();
      const result: Phase = { name, step, unavailable: step.statuses['503'] ?? 0, timeouts: step.statuses['timeout'] ?? 0, gatewayCores, attack };
      log(
        `${name.padEnd(22)} batch-ack ${step.statuses['200'] ? `p50 ${String(step.p50Ms).padStart(5)} ms, p99 ${String(step.p99Ms).padStart(5)} ms` : 'none acknowledged'}; normal vehicles' answers ${JSON.stringify(step.statuses)}; ` +
          `gateway ${result.gatewayCores.toFixed(2)} cores` +
          (attack ? `; attackers: ${attack.requests} requests (${Math.round(attack.requests / attack.seconds)}/s) ${JSON.stringify(attack.statuses)}` : ''),
      );
      return result;
    };
    const before = await phase('1. no attack', false);
    const attacked = await phase(`2. ${options.attackers} attackers`, true);
    const after = await phase('3. no attack again', false);
    agent.destroy();

    const baselineP99 = (before.step.p99Ms + after.step.p99Ms) / 2;
    // No batch acknowledged under attack is as bad as it gets.
    const ratio = attacked.step.statuses['200'] ? attacked.step.p99Ms / baselineP99 : Number.POSITIVE_INFINITY;
    const p99Ok = ratio <= options.maxP99Ratio;
    const no503 = attacked.unavailable === 0 && attacked.timeouts === 0;
    log(
      `normal vehicles' batch-ack p99 under attack: ${attacked.step.p99Ms} ms = ${ratio.toFixed(2)}× the attack-free ${baselineP99.toFixed(0)} ms ` +
        `(target ≤ ${options.maxP99Ratio}× ${p99Ok ? '✔' : '✘'}); 503s ${attacked.unavailable}, timeouts ${attacked.timeouts} (target 0 ${no503 ? '✔' : '✘'})`,
    );
    if (options.json) process.stdout.write(JSON.stringify({ options, phases: [before, attacked, after], baselineP99, ratio, p99Ok, no503 }) + '\n');
  } finally {
    for (const child of children.reverse()) {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    }
    await stopBroker();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
