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
 *   node dist-bench/bench/gateway/run.js [--vehicles 1000] [--step-seconds 4] [--start-rate P/S] [--max-steps N] [--encoding binary|json] [--java-records N] [--replicas many|one] [--profile-dir DIR] [--json]
 *   (--profile-dir DIR writes a V8 CPU profile of the gateway process there; summarize it with
 *   node dist-bench/bench/gateway/profile-summary.js DIR/*.cpuprofile)
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CompressionTypes, type Kafka, type Message } from 'kafkajs';
import { createKafka } from '../../kafka/config.js';
import { KAFKA_TOOLS_VERSION } from '../../kafka/broker-versions.js';
import { runJavaProducerPerf, type JavaProducerPerfResult } from '../../kafka/java-producer-perf.js';
import { ensureTopics, positionsTopic } from '../../kafka/topics.js';
import { encodeBinaryBatch } from '../../protocol/binary-batch.js';
import { encodeJsonBatch } from '../../protocol/json-batch.js';
import { NDSBR_CSV } from '../../trips/trip-csv.js';
import { GATEWAY_DEFAULTS } from '../../gateway/config.js';
import { positionMessage } from '../../gateway/records.js';
import { benchBrokers, Fleet, FLEET_DEFAULTS, loadTrack, oneOf, parseBenchArgs, positiveNumber, registerFleet, runStep, startGateway, type StepResult } from './load.js';

export const GATEWAY_BENCH_DEFAULTS = {
  ...FLEET_DEFAULTS,
  /** The gateway's --replicas: `many` (its default) reads the topic before each batch with new positions. */
  replicas: GATEWAY_DEFAULTS.replicas as 'many' | 'one',
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
  /** Records the Java producer sends per run, the first `javaWarmupRecords` (at most a quarter of them) left out of its figures. */
  javaRecords: 600_000,
  javaWarmupRecords: 150_000,
  /** Distinct record values the Java producer picks from at random. */
  javaPayloads: 20_000,
};

type Options = typeof GATEWAY_BENCH_DEFAULTS & { json: boolean; profileDir?: string };

function parseArgs(argv: string[]): Options {
  return parseBenchArgs(
    argv,
    GATEWAY_BENCH_DEFAULTS as Omit<Options, 'json'>,
    {
      '--vehicles': (o, v) => (o.vehicles = positiveNumber('--vehicles', v)),
      '--step-seconds': (o, v) => (o.stepSeconds = positiveNumber('--step-seconds', v)),
      '--start-rate': (o, v) => (o.startRate = positiveNumber('--start-rate', v)),
      '--max-steps': (o, v) => (o.maxSteps = positiveNumber('--max-steps', v)),
      '--profile-dir': (o, v) => (o.profileDir = v),
      '--java-records': (o, v) => (o.javaRecords = positiveNumber('--java-records', v)),
      '--replicas': (o, v) => (o.replicas = oneOf('--replicas', v, ['many', 'one'] as const)),
      '--encoding': (o, v) => (o.encoding = oneOf('--encoding', v, ['binary', 'json'] as const)),
    },
    'run.js [--vehicles N] [--step-seconds S] [--start-rate P/S] [--max-steps N] [--encoding binary|json] [--java-records N] [--replicas many|one] [--profile-dir DIR] [--json]',
  );
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
    // ProducerPerformance refuses a warm-up that is not below the records: a short --java-records keeps a quarter.
    warmupRecords: Math.min(options.javaWarmupRecords, Math.floor(options.javaRecords / 4)),
    keys: options.vehicles,
    producerProps: { acks: 'all', 'compression.type': 'gzip' },
  });
}

function javaRate(result: JavaProducerPerfResult): number {
  return (result.steadyState ?? result.total).recordsPerS;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const work = mkdtempSync(join(tmpdir(), 'bench-gateway-'));
  let gateway: ChildProcess | undefined;
  let stopBroker = async (): Promise<void> => undefined;
  try {
    const { brokers, stop } = await benchBrokers(work);
    stopBroker = stop;
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

    const fleet = new Fleet(track, options.vehicles, options.batchPositions);
    const registryFile = join(work, 'devices.json');
    const tokens = registerFleet(registryFile, fleet);
    const started = await startGateway(brokers, registryFile, gatewayTopic, { profileDir: options.profileDir, replicas: options.replicas });
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
    await stopBroker();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
