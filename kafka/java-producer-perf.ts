import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { UserError } from '../common/errors.js';
import { KAFKA_TOOLS_VERSION } from './broker-versions.js';
import { resolveKafkaJars } from './local-broker.js';

/**
 * Kafka's own Java producer benchmark, `org.apache.kafka.tools.ProducerPerformance` (what
 * kafka-producer-perf-test.sh runs), from org.apache.kafka:kafka-tools fetched with Maven like
 * the broker: the ceiling a Node producer is measured against.
 */
export const JAVA_PRODUCER_PERF = {
  /** kafka-producer-perf-test.sh's heap, and kafka-run-class.sh's default performance options. */
  jvmOptions: ['-Xmx512m', '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20', '-XX:InitiatingHeapOccupancyPercent=35', '-XX:+ExplicitGCInvokesConcurrent', '-Djava.awt.headless=true'],
  mainClass: 'org.apache.kafka.tools.ProducerPerformance',
  /** How often the JVM's CPU time is sampled from /proc (the last sample before exit counts). */
  cpuSampleMs: 100,
} as const;

export interface JavaProducerPerfOptions {
  brokers: string[];
  topic: string;
  /** UTF-8 record values, one per line; each record takes one at random. */
  payloadFile: string;
  records: number;
  /** Records at the start left out of the steady-state figures (JIT, connections). */
  warmupRecords: number;
  /** Keys are the integers 0…keys-1, in turn (one per vehicle). */
  keys: number;
  /** Producer settings (acks, compression.type, …); the rest are the Java producer's defaults. */
  producerProps: Record<string, string>;
}

export interface ProducerPerfFigures {
  records: number;
  recordsPerS: number;
  mbPerS: number;
  avgLatencyMs: number;
  maxLatencyMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

export interface JavaProducerPerfResult {
  total: ProducerPerfFigures;
  /** The figures after the warm-up records. */
  steadyState?: ProducerPerfFigures;
  /** CPU time of the whole JVM (start-up and JIT included) per record sent. */
  cpuUsPerRecord: number;
  output: string;
}

const SUMMARY =
  /^(\d+) (steady state )?records sent, ([\d.]+) records\/sec \(([\d.]+) MB\/sec\), ([\d.]+) ms avg latency, ([\d.]+) ms max latency, (\d+) ms 50th, (\d+) ms 95th, (\d+) ms 99th/;

/** The summary lines ProducerPerformance prints at the end (the steady-state one after a warm-up). */
export function parseProducerPerfOutput(output: string): { total?: ProducerPerfFigures; steadyState?: ProducerPerfFigures } {
  const parsed: { total?: ProducerPerfFigures; steadyState?: ProducerPerfFigures } = {};
  for (const line of output.split('\n')) {
    const m = SUMMARY.exec(line.trim());
    if (!m) continue;
    const figures: ProducerPerfFigures = {
      records: Number(m[1]),
      recordsPerS: Number(m[3]),
      mbPerS: Number(m[4]),
      avgLatencyMs: Number(m[5]),
      maxLatencyMs: Number(m[6]),
      p50Ms: Number(m[7]),
      p95Ms: Number(m[8]),
      p99Ms: Number(m[9]),
    };
    if (m[2]) parsed.steadyState = figures;
    else parsed.total = figures;
  }
  return parsed;
}

function cpuUs(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100; // utime + stime, USER_HZ = 100
  } catch {
    return undefined;
  }
}

export async function runJavaProducerPerf(options: JavaProducerPerfOptions): Promise<JavaProducerPerfResult> {
  const libs = resolveKafkaJars('kafka-tools', KAFKA_TOOLS_VERSION);
  const args = [
    ...JAVA_PRODUCER_PERF.jvmOptions,
    '-cp',
    `${libs}/*`,
    JAVA_PRODUCER_PERF.mainClass,
    '--bootstrap-server',
    options.brokers.join(','),
    '--topic',
    options.topic,
    '--num-records',
    String(options.records),
    '--warmup-records',
    String(options.warmupRecords),
    '--throughput',
    '-1',
    '--payload-file',
    options.payloadFile,
    '--key-distribution',
    'range',
    '--record-key-range',
    String(options.keys),
    '--command-property',
    ...Object.entries(options.producerProps).map(([k, v]) => `${k}=${v}`),
  ];
  const child = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let lastCpuUs = 0;
  const sampler = setInterval(() => (lastCpuUs = cpuUs(child.pid!) ?? lastCpuUs), JAVA_PRODUCER_PERF.cpuSampleMs);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  }).finally(() => clearInterval(sampler));
  const parsed = parseProducerPerfOutput(output);
  if (code !== 0 || !parsed.total) {
    throw new UserError(`Kafka's ProducerPerformance failed (exit code ${code}):\n${output.trim().split('\n').slice(-15).join('\n')}`, 'Check that the broker is up and the topic exists.', 1);
  }
  return { total: parsed.total, ...(parsed.steadyState ? { steadyState: parsed.steadyState } : {}), cpuUsPerRecord: lastCpuUs / parsed.total.records, output };
}
