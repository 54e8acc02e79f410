import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../common/paths.js';
import { pollUntil } from '../common/poll.js';
import { freePort, portAnswers } from '../kafka/local-broker.js';
import { runSimulation } from '../simulator/simulation.js';
import { defaultTripPaths } from '../simulator/trip-files.js';
import { brokersOrThrow, describeWithKafka } from '../test/helpers/kafka.js';
import { JSON_CONTENT_TYPE } from '../protocol/content-types.js';
import { httpRequest, jsonBody, makeBatch, registerVehicle, tempRegistry } from './test-support.js';

/** Debian's HAProxy (apt-get install haproxy); scripts/test.sh installs it. In CI a missing balancer fails the test. */
const HAPROXY = '/usr/sbin/haproxy';
const CONFIG = join(PACKAGE_ROOT, 'gateway', 'haproxy.cfg');
const TELEMATICS_JS = join(PACKAGE_ROOT, 'dist', 'cli', 'telematics.js');
const haveHaproxy = existsSync(HAPROXY);
if (!haveHaproxy && !process.env.CI) process.stderr.write(`\nbalancer test SKIPPED: ${HAPROXY} is missing (apt-get install haproxy)\n`);
const describeWithBalancer = haveHaproxy || process.env.CI ? describeWithKafka : describeWithKafka.skip;

interface Started {
  child: ChildProcess;
  stderr: () => string;
}

function startProcess(command: string, args: string[], env: NodeJS.ProcessEnv): Started {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-20_000)));
  return { child, stderr: () => stderr };
}

async function untilListening(what: string, port: number, started: Started): Promise<void> {
  await pollUntil(`${what} to listen on ${port}`, async () => {
    if (started.child.exitCode !== null) throw new Error(`${what} exited with ${started.child.exitCode}: ${started.stderr()}`);
    return portAnswers(port, 500);
  }, { timeoutMs: 60_000, describe: started.stderr });
}

async function producedBy(url: string): Promise<number> {
  const text = (await httpRequest(`${url}/metrics`, { method: 'GET' })).body;
  return Number(/^gateway_positions_produced_total (\d+)/m.exec(text)?.[1] ?? 0);
}

/**
 * The shipped HAProxy config (gateway/haproxy.cfg, unmodified) in front of two gateway
 * processes on one topic; the simulated fleet drives through the balancer and one replica is
 * killed with SIGKILL mid-drive, so its vehicles' resends (answers it never gave) reach the other.
 */
describeWithBalancer('two gateway replicas behind HAProxy', () => {
  const topic = `gateway-test-balancer-${process.pid}-${Date.now()}`;
  const registryFile = tempRegistry();
  const processes: Started[] = [];
  const replicaUrls: string[] = [];
  let balancerUrl: string;

  beforeAll(async () => {
    if (!haveHaproxy) throw new Error(`${HAPROXY} is missing: apt-get install haproxy (scripts/test.sh installs it)`);
    if (!existsSync(TELEMATICS_JS)) throw new Error(`${TELEMATICS_JS} missing: run npm run build first`);
    const ports = [await freePort(), await freePort()];
    for (const [i, port] of ports.entries()) {
      const replica = startProcess(process.execPath, [TELEMATICS_JS, 'gateway', '--port', String(port), '--registry', registryFile, '--topic', topic], {
        KAFKA_BROKERS: brokersOrThrow().join(','),
        LOG_LEVEL: 'warn',
      });
      processes.push(replica);
      await untilListening(`gateway replica ${i + 1}`, port, replica);
      replicaUrls.push(`http://127.0.0.1:${port}`);
    }
    const balancerPort = await freePort();
    const balancer = startProcess(HAPROXY, ['-f', CONFIG, '-db'], {
      TELEMATICS_LB_BIND: `127.0.0.1:${balancerPort}`,
      TELEMATICS_GATEWAY_1: `127.0.0.1:${ports[0]}`,
      TELEMATICS_GATEWAY_2: `127.0.0.1:${ports[1]}`,
    });
    processes.push(balancer);
    await untilListening('haproxy', balancerPort, balancer);
    balancerUrl = `http://127.0.0.1:${balancerPort}`;
  }, 120_000);

  afterAll(() => {
    for (const { child } of processes) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  });

  it('a fleet driving through it while one replica is killed (SIGKILL): 0 missing, 0 duplicates; a resend of what the dead replica produced is a duplicate', async () => {
    // A vehicle outside the fleet (not counted by the verification) whose batch replica 1 produced, its answer lost.
    const token = registerVehicle(registryFile, 'resend-check');
    const batch = makeBatch('epoch-resend', 1, 25);
    const post = (url: string) => httpRequest(`${url}/v1/positions`, { headers: { 'Content-Type': JSON_CONTENT_TYPE, Authorization: `Bearer ${token}` }, body: jsonBody(batch) });
    await pollUntil('replica 1 to accept the resend-check vehicle', async () => (await post(replicaUrls[0]!)).status === 200, { timeoutMs: 30_000 });

    let killed: Promise<void> | undefined;
    const report = await runSimulation({
      trucks: 20,
      tripPaths: defaultTripPaths(PACKAGE_ROOT),
      gateway: balancerUrl,
      registryFile,
      brokers: brokersOrThrow(),
      topic,
      speedup: 20,
      durationMs: 8 * 60_000,
      verify: true,
      onFleet: () => {
        // Mid-drive: once replica 1 has produced positions of its vehicles (the hash gave it some).
        killed = pollUntil('replica 1 to produce positions through the balancer', async () => (await producedBy(replicaUrls[0]!)) > 0, { timeoutMs: 60_000 }).then(() => {
          processes[0]!.child.kill('SIGKILL');
        });
      },
    });
    await killed;
    expect(processes[0]!.child.signalCode ?? (await new Promise((resolve) => processes[0]!.child.once('exit', (_, signal) => resolve(signal))))).toBe('SIGKILL');
    expect(await producedBy(replicaUrls[1]!)).toBeGreaterThan(0);
    // Its resend through the balancer can only reach replica 2 now.
    expect((await post(balancerUrl)).json()).toEqual({ accepted: 0, duplicates: 25, ackedSeq: 25, epoch: batch.epoch });
    expect(report.fleet.stillBuffered).toBe(0);
    expect(report.verify).toMatchObject({ unique: report.fleet.recorded, missing: 0, duplicates: 0 });
    expect(report.ok).toBe(true);
  }, 240_000);
});
