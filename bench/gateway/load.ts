/**
 * What the gateway benches share: a fleet walking real 1 Hz driving, its registry, the gateway
 * in a process of its own, and one open-loop load step measuring batch-ack latency.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request, type Agent } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { PACKAGE_ROOT } from '../../common/paths.js';
import { bootstrapAddress, freePort, kafkaDown, kafkaUp } from '../../kafka/local-broker.js';
import { encodeBinaryBatch } from '../../protocol/binary-batch.js';
import { BINARY_CONTENT_TYPE, JSON_CONTENT_TYPE } from '../../protocol/content-types.js';
import { encodeJsonBatch } from '../../protocol/json-batch.js';
import type { Position } from '../../protocol/position.js';
import { AGENT_REQUEST_TIMEOUT_MS } from '../../protocol/upload-contract.js';
import { readTripFile } from '../../trips/trip-files.js';
import { positionFields } from '../../trips/trip-point.js';
import { hashToken, newToken, writeRegistryFile } from '../../gateway/registry.js';

/** The gateway command of this build; a bench can run another build's (e.g. before a change) instead. */
export const GATEWAY_CLI = join(PACKAGE_ROOT, 'dist', 'cli', 'telematics.js');

/** The fleet both benches drive: 1,000 vehicles posting 60-position binary batches. */
export const FLEET_DEFAULTS = {
  vehicles: 1000,
  batchPositions: 60,
  encoding: 'binary' as 'binary' | 'json',
};

/** What a load step needs to know besides the rate. */
export interface StepOptions {
  batchPositions: number;
  encoding: 'binary' | 'json';
  /** Requests the load generator keeps open at most; beyond, an offered batch counts as not delivered. */
  maxOutstanding: number;
  /** A step is saturated when less than this share of the offered positions is acknowledged in time, or p99 exceeds `maxP99Ms`. */
  minDeliveredShare: number;
  maxP99Ms: number;
}

/** Real 1 Hz driving (NDS-BR Curitiba cars, every trip in file order) as the shape of every vehicle's track. */
export function loadTrack(csv: string): Omit<Position, 'seq' | 'timeMs'>[] {
  return [...readTripFile(csv).trips.values()].flatMap(({ points }) =>
    points.map((p) => {
      const position: Omit<Position, 'seq' | 'timeMs'> = { ...positionFields(p), mode: 3 };
      if (position.speed !== undefined) position.speed = Math.round(position.speed * 100) / 100;
      return position;
    }),
  );
}

/** Each vehicle walks the real track from its own offset, one position per second, times a day back (inside the validation window). */
export class Fleet {
  private readonly next: number[];
  private readonly startMs = Date.now() - 24 * 3600_000;
  constructor(
    private readonly track: Omit<Position, 'seq' | 'timeMs'>[],
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
      positions.push({ seq, timeMs: this.startMs + seq * 1000, ...p });
    }
    return { epoch: `bench-epoch-${v}`, positions };
  }
}


/** The brokers of KAFKA_BROKERS, else a broker of the bench's own (Kafka's JVM set-up) in `work`, stopped by `stop`. */
export async function benchBrokers(work: string): Promise<{ brokers: string[]; stop: () => Promise<void> }> {
  const given = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
  if (given.length > 0) return { brokers: given, stop: async () => undefined };
  const dir = join(work, 'kafka');
  const up = await kafkaUp({ dir, port: await freePort(), jvmProfile: 'bench', owned: true });
  return { brokers: [bootstrapAddress(up.state)], stop: async () => void (await kafkaDown({ dir })) };
}

/** A flag's value that a bench cannot run with (`positiveNumber`, `oneOf`): parseBenchArgs exits 2 with it and the usage. */
class BenchUsageError extends Error {}

/** The flag's value as a number above 0: a typo must not become NaN and a meaningless run. */
export function positiveNumber(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new BenchUsageError(`${flag} needs a number above 0, got ${value === '' ? 'nothing' : `'${value}'`}`);
  return n;
}

/** The flag's value, one of `choices`. */
export function oneOf<C extends string>(flag: string, value: string, choices: readonly C[]): C {
  if (!(choices as readonly string[]).includes(value)) throw new BenchUsageError(`${flag} is one of ${choices.join(', ')}, got ${value === '' ? 'nothing' : `'${value}'`}`);
  return value as C;
}

/** Reads `--json` and the `--name value` flags of `flags` into a copy of `defaults`; anything else, or a value a flag refuses, exits 2 with the usage. */
export function parseBenchArgs<T extends object>(argv: string[], defaults: T, flags: Record<string, (options: T, value: string) => void>, usage: string): T & { json: boolean } {
  const options = { ...defaults, json: false };
  const refuse = (problem: string): never => {
    process.stderr.write(`${problem}\nusage: ${usage}\n`);
    process.exit(2);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const flag = flags[arg];
    if (arg === '--json') options.json = true;
    else if (flag) {
      try {
        flag(options, argv[++i] ?? '');
      } catch (err) {
        if (!(err instanceof BenchUsageError)) throw err;
        refuse(err.message);
      }
    } else refuse(`unknown argument ${arg}`);
  }
  return options;
}

/** A registry with a new token for each vehicle of the fleet, then for each of `extra`; returns the tokens in that order. */
export function registerFleet(registryFile: string, fleet: Fleet, extra: string[] = []): string[] {
  const vehicleIds = [...Array.from({ length: fleet.vehicles }, (_, v) => fleet.vehicleId(v)), ...extra];
  const tokens = vehicleIds.map(() => newToken());
  const createdAt = new Date().toISOString();
  writeRegistryFile(registryFile, { version: 1, devices: vehicleIds.map((vehicleId, i) => ({ vehicleId, tokenSha256: hashToken(tokens[i]!), createdAt })) });
  return tokens;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}


export interface StepResult {
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
export function processCpuUs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100; // utime, stime in USER_HZ (100)
}

/** 2. One open-loop step: batches are sent on schedule whatever the answers; latency counts from the scheduled time. */
export async function runStep(
  url: string,
  gatewayPid: number,
  tokens: string[],
  fleet: Fleet,
  agent: Agent,
  ratePositions: number,
  seconds: number,
  options: StepOptions,
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
      let timedOut = false;
      req.setTimeout(AGENT_REQUEST_TIMEOUT_MS, () => {
        timedOut = true;
        req.destroy(new Error('timeout'));
      });
      req.on('error', () => done(timedOut ? 'timeout' : 'error'));
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


export async function startGateway(
  brokers: string[],
  registryFile: string,
  topic: string,
  options: { profileDir?: string; cli?: string; replicas?: 'many' | 'one' } = {},
): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [...(options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : []), options.cli ?? GATEWAY_CLI, 'gateway', '--port', String(port), '--registry', registryFile, '--topic', topic, ...(options.replicas ? ['--replicas', options.replicas] : [])],
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
