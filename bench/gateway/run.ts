/**
 * Gateway throughput against the local broker, all at acks=all, in one run:
 *   0. the broker's ceiling: Kafka's own Java producer (ProducerPerformance from kafka-tools)
 *      on the same records (values as the gateway makes them, one key per vehicle, gzip);
 *   1. the client's ceiling: the same position records produced straight from one kafkajs producer;
 *   2. the gateway (its own process): many vehicles posting 60-position batches over
 *      keep-alive connections, open-loop at a fixed offered rate, stepped up until saturation;
 *   3. the peer, Strimzi Kafka Bridge: see bench/gateway/README section in gateway/README.md
 *      (not published on Maven Central, so it runs only with --strimzi-home).
 * Prints the figures and the ratios gateway/Java producer and gateway/kafkajs. Traffic goes to
 * 127.0.0.1 only; every step is bounded in time.
 *
 *   node dist/bench/gateway/run.js [--vehicles 1000] [--step-seconds 4] [--encoding binary|json] [--java-records N] [--json]
 *   (--profile-dir DIR writes a V8 CPU profile of the gateway process there; summarize it with
 *   node dist/bench/gateway/profile-summary.js DIR/*.cpuprofile)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { CompressionTypes, type Kafka, type Message } from 'kafkajs';
import { PACKAGE_ROOT } from '../../common/paths.js';
import { createKafka } from '../../kafka/config.js';
import { KAFKA_TOOLS_VERSION } from '../../kafka/broker-versions.js';
import { runJavaProducerPerf, type JavaProducerPerfResult } from '../../kafka/java-producer-perf.js';
import { bootstrapAddress, freePort, kafkaDown, kafkaUp } from '../../kafka/local-broker.js';
import { ensureTopics, positionsTopic } from '../../kafka/topics.js';
import { encodeBinaryBatch } from '../../protocol/binary-batch.js';
import { BINARY_CONTENT_TYPE, JSON_CONTENT_TYPE } from '../../protocol/content-types.js';
import { encodeJsonBatch } from '../../protocol/json-batch.js';
import type { Position } from '../../protocol/position.js';
import { NDSBR_CSV, positionFields, readTripCsv } from '../../trips/trip-csv.js';
import { GATEWAY_DEFAULTS } from '../../gateway/config.js';
import { positionMessage } from '../../gateway/records.js';
import { hashToken, newToken, writeRegistryFile } from '../../gateway/registry.js';

export const GATEWAY_BENCH_DEFAULTS = {
  vehicles: 1000,
  batchPositions: 60,
  encoding: 'binary' as 'binary' | 'json',
  /** Seconds per measured step (and for the ceiling). */
  stepSeconds: 4,
  /** First offered rate, positions/s; each next step offers `rateFactor` times more. */
  startRate: 10_000,
  rateFactor: 1.25,
  maxSteps: 10,
  /** A step is saturated when less than this share of the offered positions is acknowledged in time, or p99 exceeds `maxP99Ms`. */
  minDeliveredShare: 0.95,
  maxP99Ms: 2_000,
  /** Requests the load generator keeps open at most; beyond, an offered batch counts as not delivered. */
  maxOutstanding: 4_000,
  tripsCsv: NDSBR_CSV,
  /** Records the Java producer sends per run, the first `javaWarmupRecords` left out of its figures. */
  javaRecords: 600_000,
  javaWarmupRecords: 150_000,
  /** Distinct record values the Java producer picks from at random. */
  javaPayloads: 20_000,
};

type Options = typeof GATEWAY_BENCH_DEFAULTS & { json: boolean; profileDir?: string };

function parseArgs(argv: string[]): Options {
  const options: Options = { ...GATEWAY_BENCH_DEFAULTS, json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => argv[++i] ?? '';
    if (arg === '--json') options.json = true;
    else if (arg === '--vehicles') options.vehicles = Number(value());
    else if (arg === '--step-seconds') options.stepSeconds = Number(value());
    else if (arg === '--start-rate') options.startRate = Number(value());
    else if (arg === '--max-steps') options.maxSteps = Number(value());
    else if (arg === '--profile-dir') options.profileDir = value();
    else if (arg === '--java-records') options.javaRecords = Number(value());
    else if (arg === '--encoding') options.encoding = value() === 'json' ? 'json' : 'binary';
    else {
      process.stderr.write(`unknown argument ${arg}\nusage: run.js [--vehicles N] [--step-seconds S] [--start-rate P/S] [--max-steps N] [--encoding binary|json] [--java-records N] [--profile-dir DIR] [--json]\n`);
      process.exit(2);
    }
  }
  return options;
}

/** Real 1 Hz driving (NDS-BR Curitiba cars, every trip in file order) as the shape of every vehicle's track. */
function loadTrack(csv: string): Omit<Position, 'seq' | 'time'>[] {
  return [...readTripCsv(csv).values()].flatMap(({ points }) =>
    points.map((p) => {
      const position: Omit<Position, 'seq' | 'time'> = { ...positionFields(p), mode: 3 };
      if (position.speed !== undefined) position.speed = Math.round(position.speed * 100) / 100;
      return position;
    }),
  );
}

/** Each vehicle walks the real track from its own offset, one position per second, times a day back (inside the validation window). */
class Fleet {
  private readonly next: number[];
  private readonly startMs = Date.now() - 24 * 3600_000;
  constructor(
    private readonly track: Omit<Position, 'seq' | 'time'>[],
    readonly vehicles: number,
    private readonly batchPositions: number,
  ) {
    this.next = new Array<number>(vehicles).fill(1);
  }

  vehicleId(v: number): string {
    return `bench-${String(v).padStart(5, '0')}`;
  }

  nextBatch(v: number): { epoch: string; positions: Position[] } {
    const first = this.next[v]!;
    this.next[v] = first + this.batchPositions;
    const positions: Position[] = [];
    for (let i = 0; i < this.batchPositions; i++) {
      const seq = first + i;
      const p = this.track[(v * 7919 + seq) % this.track.length]!;
      positions.push({ seq, time: new Date(this.startMs + seq * 1000).toISOString(), ...p });
    }
    return { epoch: `bench-epoch-${v}`, positions };
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** 1. The ceiling: one kafkajs producer, the same records, gathered into the same produce requests the gateway makes. */
async function runCeiling(kafka: Kafka, topic: string, fleet: Fleet, seconds: number): Promise<{ rate: number; cpuUsPerPosition: number }> {
  const producer = kafka.producer({ idempotent: false, allowAutoTopicCreation: false });
  await producer.connect();
  const chunk = GATEWAY_DEFAULTS.batchMaxRecords;
  const concurrency = 8;
  const deadline = performance.now() + seconds * 1000;
  let produced = 0;
  let v = 0;
  const makeChunk = (): Message[] => {
    const messages: Message[] = [];
    const receivedAtMs = Date.now();
    const receivedAt = new Date(receivedAtMs).toISOString();
    while (messages.length < chunk) {
      const vehicle = v++ % fleet.vehicles;
      const batch = fleet.nextBatch(vehicle);
      for (const p of batch.positions) messages.push(positionMessage(fleet.vehicleId(vehicle), batch.epoch, p, receivedAtMs, receivedAt));
    }
    return messages;
  };
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const messages = makeChunk();
        await producer.sendBatch({ acks: -1, compression: CompressionTypes.GZIP, topicMessages: [{ topic, messages }] });
        produced += messages.length;
      }
    }),
  );
  const rate = produced / ((performance.now() - started) / 1000);
  const cpu = process.cpuUsage(cpuBefore);
  await producer.disconnect();
  return { rate, cpuUsPerPosition: (cpu.user + cpu.system) / produced };
}

/** The records the gateway would produce for the fleet's next batches, as the Java producer's payload file (one value per line). */
function writeJavaPayloads(file: string, fleet: Fleet, count: number): { valueBytes: number } {
  const values: string[] = [];
  const receivedAtMs = Date.now();
  const receivedAt = new Date(receivedAtMs).toISOString();
  for (let v = 0; values.length < count; v = (v + 1) % fleet.vehicles) {
    const batch = fleet.nextBatch(v);
    for (const p of batch.positions) values.push(positionMessage(fleet.vehicleId(v), batch.epoch, p, receivedAtMs, receivedAt).value as string);
  }
  writeFileSync(file, values.join('\n') + '\n');
  return { valueBytes: values.reduce((sum, v) => sum + Buffer.byteLength(v), 0) / values.length };
}

/** 0. Kafka's Java producer: keys 0…vehicles-1 in turn, acks=all, gzip, its other settings the defaults. */
async function runJava(brokers: string[], topic: string, payloadFile: string, options: Options): Promise<JavaProducerPerfResult> {
  return runJavaProducerPerf({
    brokers,
    topic,
    payloadFile,
    records: options.javaRecords,
    warmupRecords: options.javaWarmupRecords,
    keys: options.vehicles,
    producerProps: { acks: 'all', 'compression.type': 'gzip' },
  });
}

function javaRate(result: JavaProducerPerfResult): number {
  return (result.steadyState ?? result.total).recordsPerS;
}

interface StepResult {
  offeredPositionsPerS: number;
  ackedPositionsPerS: number;
  deliveredShare: number;
  p50Ms: number;
  p99Ms: number;
  statuses: Record<string, number>;
  saturated: boolean;
  /** CPU time of the gateway process per acknowledged position. */
  gatewayCpuUsPerPosition: number;
  /** CPU time of this load generator per acknowledged position. */
  loadCpuUsPerPosition: number;
}

/** CPU time (user + system) a process has used so far, µs, from /proc (Linux). */
function processCpuUs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100; // utime, stime in USER_HZ (100)
}

/** 2. One open-loop step: batches are sent on schedule whatever the answers; latency counts from the scheduled time. */
async function runStep(
  url: string,
  gatewayPid: number,
  tokens: string[],
  fleet: Fleet,
  agent: Agent,
  ratePositions: number,
  seconds: number,
  options: Options,
): Promise<StepResult> {
  const cpuBefore = processCpuUs(gatewayPid);
  const loadCpuBefore = process.cpuUsage();
  const batchesPerS = ratePositions / options.batchPositions;
  const total = Math.round(batchesPerS * seconds);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let acked = 0;
  let outstanding = 0;
  let sent = 0;
  let lastAckAt = 0;
  let vehicle = 0;
  const started = performance.now();
  const contentType = options.encoding === 'binary' ? BINARY_CONTENT_TYPE : JSON_CONTENT_TYPE;
  const inflight: Promise<void>[] = [];

  const sendOne = (scheduledAt: number): Promise<void> => {
    const v = vehicle++ % fleet.vehicles;
    const batch = fleet.nextBatch(v);
    const body = options.encoding === 'binary' ? encodeBinaryBatch(batch) : Buffer.from(encodeJsonBatch(batch));
    outstanding++;
    return new Promise<void>((resolve) => {
      const done = (status: string) => {
        outstanding--;
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status === '200') {
          acked += batch.positions.length;
          lastAckAt = performance.now();
          latencies.push(lastAckAt - scheduledAt);
        }
        resolve();
      };
      const req = request(
        url,
        { method: 'POST', agent, headers: { 'Content-Type': contentType, 'Content-Length': body.length, Authorization: `Bearer ${tokens[v]}` } },
        (res) => {
          res.resume();
          res.on('end', () => done(String(res.statusCode)));
          res.on('error', () => done('error'));
        },
      );
      req.setTimeout(15_000, () => req.destroy(new Error('timeout')));
      req.on('error', () => done('error'));
      req.end(body);
    });
  };

  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - started) / 1000) * batchesPerS));
      while (sent < due) {
        const scheduledAt = started + (sent / batchesPerS) * 1000;
        sent++;
        if (outstanding >= options.maxOutstanding) statuses['not sent (client limit)'] = (statuses['not sent (client limit)'] ?? 0) + 1;
        else inflight.push(sendOne(scheduledAt));
      }
      if (sent >= total) {
        clearInterval(tick);
        resolve();
      }
    }, 2);
  });
  await Promise.all(inflight);
  latencies.sort((a, b) => a - b);
  const elapsedS = Math.max(seconds, (lastAckAt - started) / 1000);
  const offered = total * options.batchPositions;
  const result: StepResult = {
    offeredPositionsPerS: Math.round(offered / seconds),
    ackedPositionsPerS: Math.round(acked / elapsedS),
    deliveredShare: acked / offered,
    p50Ms: Math.round(percentile(latencies, 50)),
    p99Ms: Math.round(percentile(latencies, 99)),
    statuses,
    saturated: false,
    gatewayCpuUsPerPosition: (processCpuUs(gatewayPid) - cpuBefore) / Math.max(1, acked),
    loadCpuUsPerPosition: ((c) => (c.user + c.system) / Math.max(1, acked))(process.cpuUsage(loadCpuBefore)),
  };
  result.saturated = result.ackedPositionsPerS < options.minDeliveredShare * result.offeredPositionsPerS || !(result.p99Ms <= options.maxP99Ms);
  return result;
}

async function startGateway(brokers: string[], registryFile: string, topic: string, profileDir?: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), join(PACKAGE_ROOT, 'dist', 'cli', 'telematics.js'), 'gateway', '--port', String(port), '--registry', registryFile, '--topic', topic],
    { env: { ...process.env, KAFKA_BROKERS: brokers.join(','), LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the gateway did not start within 30 s')), 30_000);
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`the gateway exited with ${code}`)));
  });
  return { url: `${url}/v1/positions`, child };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const work = mkdtempSync(join(tmpdir(), 'bench-gateway-'));
  let ownBroker = false;
  let gateway: ChildProcess | undefined;
  try {
    let brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
    if (brokers.length === 0) {
      const up = await kafkaUp({ dir: join(work, 'kafka'), port: await freePort(), jvmProfile: 'bench', owned: true });
      brokers = [bootstrapAddress(up.state)];
      ownBroker = true;
    }
    const kafka = createKafka('bench-gateway', brokers);
    const runId = `${Date.now()}`;
    const ceilingTopic = `bench-ceiling-${runId}`;
    const gatewayTopic = `bench-gateway-${runId}`;
    const javaTopic = `bench-java-${runId}`;
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [positionsTopic({ name: ceilingTopic }), positionsTopic({ name: gatewayTopic }), positionsTopic({ name: javaTopic })]);
    await admin.disconnect();

    const track = loadTrack(options.tripsCsv);
    const log = (line: string) => !options.json && process.stdout.write(line + '\n');
    log(`gateway bench: ${options.vehicles} vehicles, ${options.batchPositions}-position ${options.encoding} batches, acks=all, gzip, broker ${brokers.join(',')}`);

    // The machine may be shared: each ceiling is measured before and after the gateway, and their mean is the baseline.
    const payloadFile = join(work, 'java-payloads.txt');
    const payloads = writeJavaPayloads(payloadFile, new Fleet(track, options.vehicles, options.batchPositions), options.javaPayloads);
    const javaBefore = await runJava(brokers, javaTopic, payloadFile, options);
    const describeJava = (r: JavaProducerPerfResult) => {
      const f = r.steadyState ?? r.total;
      return `${Math.round(f.recordsPerS)} records/s (after ${options.javaWarmupRecords} warm-up records; latency p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms), ${r.cpuUsPerRecord.toFixed(1)} µs CPU/record (whole JVM)`;
    };
    log(
      `0. Kafka's Java producer (ProducerPerformance, kafka-tools ${KAFKA_TOOLS_VERSION}; ${options.javaRecords} records, values as the gateway makes them ` +
        `~${Math.round(payloads.valueBytes)} B, keys 0…${options.vehicles - 1} in turn, acks=all, gzip, other settings default): ${describeJava(javaBefore)}`,
    );
    const ceilingFleet = new Fleet(track, options.vehicles, options.batchPositions);
    const ceilingBefore = await runCeiling(kafka, ceilingTopic, ceilingFleet, options.stepSeconds);
    log(
      `1. ceiling (one kafkajs producer, ${GATEWAY_DEFAULTS.batchMaxRecords}-record gzip batches, 8 in flight): ${Math.round(ceilingBefore.rate)} positions/s, ` +
        `${ceilingBefore.cpuUsPerPosition.toFixed(1)} µs CPU/position`,
    );

    const tokens = Array.from({ length: options.vehicles }, () => newToken());
    const fleet = new Fleet(track, options.vehicles, options.batchPositions);
    const registryFile = join(work, 'devices.json');
    const createdAt = new Date().toISOString();
    writeRegistryFile(registryFile, {
      version: 1,
      devices: tokens.map((token, v) => ({ vehicleId: fleet.vehicleId(v), tokenSha256: hashToken(token), createdAt })),
    });
    const started = await startGateway(brokers, registryFile, gatewayTopic, options.profileDir);
    gateway = started.child;
    const agent = new Agent({ keepAlive: true, maxSockets: options.vehicles });
    const sample = fleet.nextBatch(0);
    const sampleBytes = options.encoding === 'binary' ? encodeBinaryBatch(sample).length : Buffer.byteLength(encodeJsonBatch(sample));
    log(`2. gateway (own process, ${options.encoding} body ~${sampleBytes} B per batch, ${(sampleBytes / options.batchPositions).toFixed(1)} B/position)`);
    const gatewayPid = started.child.pid!;
    await runStep(started.url, gatewayPid, tokens, fleet, agent, options.startRate / 2, 2, options); // warm-up: connections, JIT

    const steps: StepResult[] = [];
    let rate = options.startRate;
    for (let i = 0; i < options.maxSteps; i++) {
      const step = await runStep(started.url, gatewayPid, tokens, fleet, agent, rate, options.stepSeconds, options);
      steps.push(step);
      log(
        `   offered ${String(step.offeredPositionsPerS).padStart(7)} pos/s → acked ${String(step.ackedPositionsPerS).padStart(7)} pos/s, ` +
          `batch-ack p50 ${step.p50Ms} ms p99 ${step.p99Ms} ms, CPU/position: gateway ${step.gatewayCpuUsPerPosition.toFixed(1)} µs, load ${step.loadCpuUsPerPosition.toFixed(1)} µs ` +
          `${JSON.stringify(step.statuses)}${step.saturated ? '  ← saturated' : ''}`,
      );
      if (step.saturated) break;
      rate = Math.round(rate * options.rateFactor);
    }
    agent.destroy();
    const best = steps.filter((s) => !s.saturated).sort((a, b) => b.ackedPositionsPerS - a.ackedPositionsPerS)[0];
    const sustained = best?.ackedPositionsPerS ?? 0;
    const peak = Math.max(...steps.map((s) => s.ackedPositionsPerS));
    log(`   sustained (highest unsaturated step): ${sustained} positions/s (p50 ${best?.p50Ms} ms, p99 ${best?.p99Ms} ms); peak acked ${peak} positions/s`);
    const ceilingAfter = await runCeiling(kafka, ceilingTopic, ceilingFleet, options.stepSeconds);
    const ceiling = (ceilingBefore.rate + ceilingAfter.rate) / 2;
    log(`1'. ceiling again after the gateway: ${Math.round(ceilingAfter.rate)} positions/s; baseline = mean ${Math.round(ceiling)} positions/s`);
    const javaAfter = await runJava(brokers, javaTopic, payloadFile, options);
    const java = (javaRate(javaBefore) + javaRate(javaAfter)) / 2;
    log(`0'. Java producer again after the gateway: ${describeJava(javaAfter)}; baseline = mean ${Math.round(java)} records/s`);
    log(`3. Strimzi Kafka Bridge: not run — io.strimzi:kafka-bridge is not published on Maven Central (see gateway/README.md)`);
    log(`ratio gateway/kafkajs ceiling: ${(sustained / ceiling).toFixed(2)} sustained, ${(peak / ceiling).toFixed(2)} peak (target ≥ 0.8)`);
    log(`ratio gateway/Java producer: ${(sustained / java).toFixed(2)} sustained, ${(peak / java).toFixed(2)} peak (target ≥ 0.5); kafkajs/Java: ${(ceiling / java).toFixed(2)}`);
    if (options.json) {
      const javaFigures = (r: JavaProducerPerfResult) => ({ total: r.total, steadyState: r.steadyState, cpuUsPerRecord: r.cpuUsPerRecord });
      process.stdout.write(
        JSON.stringify({
          options: { ...options, tripsCsv: undefined },
          java,
          javaBefore: javaFigures(javaBefore),
          javaAfter: javaFigures(javaAfter),
          ceiling,
          ceilingBefore,
          ceilingAfter,
          steps,
          sustained,
          peak,
          ratioSustained: sustained / ceiling,
          ratioPeak: peak / ceiling,
          ratioJavaSustained: sustained / java,
          ratioJavaPeak: peak / java,
        }) + '\n',
      );
    }
  } finally {
    if (gateway && gateway.exitCode === null) {
      gateway.kill('SIGTERM');
      await new Promise((r) => gateway!.once('exit', r));
    }
    if (ownBroker) await kafkaDown({ dir: join(work, 'kafka') });
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
