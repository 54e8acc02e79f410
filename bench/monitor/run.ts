/**
 * Fleet monitor throughput against a real broker, in one run:
 *   1. the baseline: a bare kafkajs consumer (a fresh group) reading the pre-filled
 *      positions topic to its end, counting records, with the monitor's fetch sizes;
 *   2. one monitor instance (a fresh group, a plan for every vehicle) reading the same
 *      topic to its end: parse, reorder, trackers, route matching, alerts and status
 *      produced at acks=all, offsets committed after the status.
 * Both are timed from their first batch to the last record (group joins excluded), polled every
 * 5 ms, with the process's CPU time over the same span (CPU per position: what each costs whatever
 * else loads the machine; the broker runs in its own process).
 * The records are real 1 Hz trips (NDS-BR), one trip per vehicle, cycled over the fleet.
 * The two phases run `--rounds` times, alternating, each on fresh groups (and a fresh monitor):
 * one phase lasts about a second here, so a single pair swings with whatever else the machine
 * does, and the first round also pays the JIT's warm-up (a monitor runs for days). Prints
 * positions/s for both and the ratio monitor/baseline per round, and their medians. Uses
 * KAFKA_BROKERS, or starts its own broker on 127.0.0.1 for the run. Bounded: --positions caps the input.
 * --profile-dir DIR writes a V8 CPU profile of the last round's monitor phase there (monitor.cpuprofile;
 * summarize it with node dist-bench/bench/gateway/profile-summary.js DIR/monitor.cpuprofile).
 *
 *   node dist-bench/bench/monitor/run.js [--vehicles 60] [--positions 120000] [--rounds 3] [--profile-dir DIR] [--json]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createKafka } from '../../kafka/config.js';
import { bootstrapAddress, freePort, kafkaDown, kafkaUp } from '../../kafka/local-broker.js';
import { FleetMonitor, MONITOR_DEFAULTS } from '../../monitor/monitor.js';
import { parsePlan } from '../../monitor/plan.js';
import { createPositionsTopic, producePositions } from '../../monitor/produce-records.js';
import { uniqueName } from '../../monitor/test-support.js';
import { pollUntil } from '../../common/poll.js';
import { loadTrips, routeFromTrip, tripRecords } from '../../monitor/trips.js';
import type { PositionRecord } from '../../protocol/position-record.js';

export const MONITOR_BENCH_DEFAULTS = {
  vehicles: 60,
  /** Upper bound on the records produced (the run stays bounded in time). */
  positions: 120_000,
  partitions: 12,
  /** Pairs of phases (bare consumer, then monitor); the figures are their medians. */
  rounds: 3,
  /** Give up on a phase after this long. */
  phaseTimeoutMs: 300_000,
  /** How often a phase's start and end are looked for: small against the phases' seconds. */
  pollMs: 5,
};

/** Process CPU time (user + system), µs. */
function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

type Options = typeof MONITOR_BENCH_DEFAULTS & { json: boolean; profileDir?: string };

function parseArgs(argv: string[]): Options {
  const options: Options = { ...MONITOR_BENCH_DEFAULTS, json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') options.json = true;
    else if (arg === '--profile-dir') {
      const dir = argv[++i];
      if (!dir) throw new Error('--profile-dir needs a directory');
      options.profileDir = dir;
    }
    else if (arg === '--vehicles' || arg === '--positions' || arg === '--rounds') {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value <= 0) throw new Error(`${arg} needs a positive integer`);
      options[arg.slice(2) as 'vehicles' | 'positions' | 'rounds'] = value;
    } else throw new Error(`unknown argument ${arg}; usage: run.js [--vehicles N] [--positions N] [--rounds N] [--profile-dir DIR] [--json]`);
  }
  return options;
}

function fleet(vehicles: number, maxPositions: number): { records: PositionRecord[]; plan: ReturnType<typeof parsePlan> } {
  const trips = [...loadTrips().values()];
  const perVehicle: PositionRecord[][] = [];
  const features: object[] = [];
  for (let v = 0; v < vehicles; v++) {
    const points = trips[v % trips.length];
    const vehicleId = `bench-${String(v).padStart(4, '0')}`;
    perVehicle.push(tripRecords(points, vehicleId));
    const last = points[points.length - 1];
    features.push({ type: 'Feature', properties: { vehicleId }, geometry: { type: 'LineString', coordinates: routeFromTrip(points) } });
    features.push({ type: 'Feature', properties: { vehicleId, stopId: 'end', promisedAt: last.time }, geometry: { type: 'Point', coordinates: [last.lon, last.lat] } });
  }
  // Interleaved as a live fleet produces them: minute by minute, vehicle after vehicle.
  const records: PositionRecord[] = [];
  for (let i = 0; records.length < maxPositions && perVehicle.some((r) => i < r.length); i += 60) {
    for (const r of perVehicle) records.push(...r.slice(i, i + 60));
  }
  return { records: records.slice(0, maxPositions), plan: parsePlan({ type: 'FeatureCollection', features }) };
}

interface Phase {
  seconds: number;
  cpuUs: number;
}

/** The monitor's committed transactions over a phase, from its histogram: how many, their mean, and the bucket bound their 99th percentile is under. */
interface TransactionFigures {
  count: number;
  meanMs: number;
  p99AtMostMs: number;
}

interface Round {
  bare: Phase;
  monitor: Phase & { stats: FleetMonitor['stats']; transactions: TransactionFigures };
}

async function transactionFigures(monitor: FleetMonitor): Promise<TransactionFigures> {
  const metric = await monitor.metrics.getSingleMetric('telematics_monitor_transaction_seconds')?.get();
  const committed = (metric?.values ?? []).filter((v) => v.labels.outcome === 'committed');
  const of = (name: string) => committed.filter((v) => (v as { metricName?: string }).metricName === `telematics_monitor_transaction_seconds_${name}`);
  const count = of('count')[0]?.value ?? 0;
  const sum = of('sum')[0]?.value ?? 0;
  const p99 = of('bucket').find((b) => b.value >= 0.99 * count)?.labels.le;
  return { count, meanMs: count ? Number(((sum / count) * 1000).toFixed(1)) : 0, p99AtMostMs: p99 === undefined || p99 === '+Inf' ? Infinity : Number(p99) * 1000 };
}

type Poll = { timeoutMs: number; intervalMs: number };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : Number(((sorted[mid - 1]! + sorted[mid]!) / 2).toFixed(3));
}

/** The baseline: a bare consumer (a fresh group) counting records, fetching as the monitor fetches (what is compared is the processing). */
async function bareConsumerPhase(kafka: ReturnType<typeof createKafka>, topic: string, total: number, poll: Poll): Promise<Phase> {
  const consumer = kafka.consumer({ groupId: uniqueName('bench-bare'), maxWaitTimeInMs: 100, maxBytesPerPartition: MONITOR_DEFAULTS.maxBytesPerPartition });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let counted = 0;
  let start = 0;
  let cpuStart = 0;
  await consumer.run({
    eachBatch: async ({ batch }) => {
      if (start === 0) [start, cpuStart] = [performance.now(), cpuMicros()];
      counted += batch.messages.length;
    },
  });
  await pollUntil('the bare consumer to reach the end', () => counted >= total, poll);
  const phase = { seconds: (performance.now() - start) / 1000, cpuUs: cpuMicros() - cpuStart };
  await consumer.disconnect();
  return phase;
}

/** One monitor instance (a fresh group and output topics) reading the topic to its end. */
async function monitorPhase(brokers: string[], plan: ReturnType<typeof parsePlan>, topic: string, total: number, poll: Poll, profileFile?: string): Promise<Round['monitor']> {
  const name = uniqueName('bench-monitor');
  const monitor = new FleetMonitor({ brokers, plan, groupId: name, positionsTopic: topic, alertsTopic: `${name}-alerts`, statusTopic: `${name}-status`, fromBeginning: true });
  await monitor.start();
  // Started once the monitor has joined its group: the profile holds the phase, not the topic checks and the join.
  const profiler = profileFile ? new Session() : null;
  if (profiler) {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  }
  const [start, cpuStart] = await pollUntil('the monitor to start consuming', () => (monitor.stats.positions > 0 ? [performance.now(), cpuMicros()] : null), poll);
  await pollUntil('the monitor to reach the end', () => monitor.stats.committed >= total, poll);
  const phase = { seconds: (performance.now() - start) / 1000, cpuUs: cpuMicros() - cpuStart, stats: { ...monitor.stats }, transactions: await transactionFigures(monitor) };
  if (profiler && profileFile) {
    const { profile } = await profiler.post('Profiler.stop');
    writeFileSync(profileFile, JSON.stringify(profile));
    profiler.disconnect();
  }
  await monitor.stop();
  return phase;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  let work: string | null = null;
  let brokers = process.env.KAFKA_BROKERS?.split(',').map((b) => b.trim());
  if (!brokers?.length) {
    work = mkdtempSync(join(tmpdir(), 'telematics-bench-monitor-'));
    const up = await kafkaUp({ dir: join(work, 'kafka'), port: await freePort(), jvmProfile: 'bench', owned: true });
    brokers = [bootstrapAddress(up.state)];
  }
  try {
    const kafka = createKafka('bench-monitor', brokers);
    const { records, plan } = fleet(options.vehicles, options.positions);
    const topic = uniqueName('bench-positions');
    await createPositionsTopic(kafka, topic, options.partitions);
    const fillStart = performance.now();
    await producePositions(kafka, topic, records, { chunk: 2_000 });
    const fillS = (performance.now() - fillStart) / 1000;

    const poll = { timeoutMs: options.phaseTimeoutMs, intervalMs: options.pollMs };
    const rounds: Round[] = [];
    if (options.profileDir) mkdirSync(options.profileDir, { recursive: true });
    for (let round = 0; round < options.rounds; round++) {
      // Only the last round is profiled: the profiler's own cost stays out of the other rounds' figures.
      const profileFile = options.profileDir && round === options.rounds - 1 ? join(options.profileDir, 'monitor.cpuprofile') : undefined;
      rounds.push({ bare: await bareConsumerPhase(kafka, topic, records.length, poll), monitor: await monitorPhase(brokers, plan, topic, records.length, poll, profileFile) });
    }
    const perRound = rounds.map(({ bare, monitor }) => ({
      bareConsumerPositionsPerS: Math.round(records.length / bare.seconds),
      monitorPositionsPerS: Math.round(records.length / monitor.seconds),
      ratioMonitorToBare: Number((bare.seconds / monitor.seconds).toFixed(3)),
      bareConsumerCpuUsPerPosition: Number((bare.cpuUs / records.length).toFixed(2)),
      monitorCpuUsPerPosition: Number((monitor.cpuUs / records.length).toFixed(2)),
    }));
    const middle = (pick: (r: (typeof perRound)[number]) => number): number => median(perRound.map(pick));
    const last = rounds[rounds.length - 1]!.monitor.stats;
    const lastTransactions = rounds[rounds.length - 1]!.monitor.transactions;
    const result = {
      positions: records.length,
      vehicles: options.vehicles,
      partitions: options.partitions,
      rounds: options.rounds,
      fillPositionsPerS: Math.round(records.length / fillS),
      bareConsumerPositionsPerS: middle((r) => r.bareConsumerPositionsPerS),
      monitorPositionsPerS: middle((r) => r.monitorPositionsPerS),
      ratioMonitorToBare: middle((r) => r.ratioMonitorToBare),
      bareConsumerCpuUsPerPosition: middle((r) => r.bareConsumerCpuUsPerPosition),
      monitorCpuUsPerPosition: middle((r) => r.monitorCpuUsPerPosition),
      monitorBatches: last.batches,
      statusWrites: last.statusWrites,
      alerts: last.alerts,
      transactions: lastTransactions,
      perRound,
    };
    if (options.json) process.stdout.write(JSON.stringify(result) + '\n');
    else {
      process.stdout.write(
        [
          `fleet monitor bench: ${result.positions} positions of ${result.vehicles} vehicles (real NDS-BR trips), ${result.partitions} partitions; medians of ${result.rounds} rounds`,
          `  bare kafkajs consumer (baseline): ${result.bareConsumerPositionsPerS} positions/s  (CPU ${result.bareConsumerCpuUsPerPosition} µs/position)`,
          `  one monitor instance:             ${result.monitorPositionsPerS} positions/s  (CPU ${result.monitorCpuUsPerPosition} µs/position; last round ${result.monitorBatches} batches, ${result.statusWrites} status records, ${result.alerts} alerts)`,
          `  its transactions (last round):    ${lastTransactions.count}, mean ${lastTransactions.meanMs} ms, p99 ≤ ${lastTransactions.p99AtMostMs} ms`,
          `  ratio monitor / bare consumer:    ${result.ratioMonitorToBare}  (rounds: ${perRound.map((r) => r.ratioMonitorToBare).join(', ')})`,
        ].join('\n') + '\n',
      );
    }
  } finally {
    if (work) {
      await kafkaDown({ dir: join(work, 'kafka') });
      rmSync(work, { recursive: true, force: true });
    }
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench/monitor: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
