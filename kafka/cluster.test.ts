import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { CompressionTypes, type Admin, type Kafka, type Producer } from 'kafkajs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { javaProcessesFor, telematics } from '../test/helpers/cli.js';
import { useTestCluster } from '../test/helpers/cluster.js';
import { describeWithKafka } from '../test/helpers/kafka.js';
import { CLUSTER_FAULT_DEFAULTS, crashNode, recoverNode } from './cluster-faults.js';
import { activeController, busiestLeader, describePartition, partitionStates, topicReplication, waitUntilFullyReplicated } from './cluster-health.js';
import { PACKAGE_ROOT } from '../common/paths.js';
import { pollForState } from '../common/poll.js';
import { clusterBootstrap, readClusterState, startNode, stopNode, type ClusterState } from './local-cluster.js';
import type { ClusterStatus } from './local-kafka.js';
import { endOffsets, rangesBetween, readRanges } from './range-reader.js';
import { ensureTopics } from './topics.js';

const TOPIC = 'vehicle-positions';
const FAILOVER_TIMEOUT_MS = CLUSTER_FAULT_DEFAULTS.timeoutMs;
const STOP_PROBE = join(PACKAGE_ROOT, 'kafka', 'test-fixtures', 'stop-while-fetchers-rebuild.mjs');
/** Node 3 stopped and started, a consumer joined, its long polls (5 s) and the stop: well under a minute; a frozen process never ends. */
const STOP_PROBE_TIMEOUT_MS = 120_000;

function kafkaErrorType(err: unknown): string | undefined {
  for (let e = err as { type?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) if (e.type) return e.type;
  return undefined;
}

describeWithKafka('a local 3-node cluster (telematics kafka up --brokers 3)', () => {
  const cluster = useTestCluster('kafka-cluster');
  let state: ClusterState;
  let dir: string;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  /** Every record Kafka acknowledged in these tests, by value. */
  const acknowledged = new Set<string>();
  let sent = 0;

  /** One try at one keyed record to each of 12 vehicles with acks=all, gzip (the gateway's settings). */
  async function produceOnce(): Promise<void> {
    const values = Array.from({ length: 12 }, (_, i) => `position-${sent++}-truck-${i}`);
    await producer.send({ topic: TOPIC, acks: -1, timeout: 5_000, compression: CompressionTypes.GZIP, messages: values.map((value, i) => ({ key: `truck-${i}`, value })) });
    for (const v of values) acknowledged.add(v);
  }

  /**
   * Tries until a batch is acknowledged. The producer does not retry itself: kafkajs's retries
   * can acknowledge records they never sent when leadership moves (README, kafkajs #1303).
   */
  function produceBatch(): Promise<void> {
    return pollForState('an acks=all batch to be acknowledged', FAILOVER_TIMEOUT_MS, async () => {
      await produceOnce();
      return { done: true, value: undefined, seen: '' };
    });
  }

  async function status(): Promise<{ code: number | null; json: ClusterStatus }> {
    const run = await telematics('kafka', 'status', '--dir', dir, '--json');
    return { code: run.status, json: JSON.parse(run.stdout) as ClusterStatus };
  }

  beforeAll(async () => {
    ({ state, dir, kafka, admin } = cluster);
    producer = kafka.producer({ idempotent: false, allowAutoTopicCreation: false, retry: { retries: 0 } });
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect().catch(() => undefined);
  });

  it('runs 3 broker+controller nodes; `kafka up` reuses them and creates the topic with RF 3 and min ISR 2; status shows nodes, controller and leaders', async () => {
    expect(state.nodes.map((n) => n.nodeId)).toEqual([1, 2, 3]);
    expect(javaProcessesFor(dir)).toHaveLength(3);

    const again = await telematics('kafka', 'up', '--dir', dir);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/3-node Kafka .* cluster is already running/);
    expect(again.stdout).toContain(`Created topic ${TOPIC}.`);
    expect(again.stdout.trim().split('\n').at(-1)).toBe(clusterBootstrap(state).join(','));
    expect((await telematics('kafka', 'up', '--dir', dir, '--brokers', '1')).stderr).toContain(`A 3-node cluster is running in ${dir}.`);
    expect((await telematics('kafka', 'up', '--dir', dir, '--brokers', '5')).stderr).toContain(`${dir} holds a 3-node cluster, not 5 nodes.`);

    const partitions = await partitionStates(admin, [TOPIC]);
    expect(partitions).toHaveLength(12);
    for (const p of partitions) expect(p.replicas).toEqual([1, 2, 3]);
    expect(await topicReplication(admin, TOPIC)).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });

    // Kafka's own offsets topic, created on the first group join, is replicated too.
    const consumer = kafka.consumer({ groupId: 'cluster-test-offsets' });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPIC });
    await new Promise<void>((resolve) => {
      consumer.on(consumer.events.GROUP_JOIN, () => resolve());
      void consumer.run({ eachMessage: async () => undefined });
    });
    await consumer.disconnect();
    const offsets = await partitionStates(admin, ['__consumer_offsets']);
    expect(offsets.length).toBeGreaterThan(0);
    for (const p of offsets) expect(p.replicas).toHaveLength(3);

    await waitUntilFullyReplicated(clusterBootstrap(state), { timeoutMs: FAILOVER_TIMEOUT_MS });
    const { code, json } = await status();
    expect(code).toBe(0);
    expect(json.running).toBe(true);
    expect(json.nodes.map((n) => [n.nodeId, n.up, n.answering, n.roles])).toEqual([1, 2, 3].map((id) => [id, true, true, ['broker', 'controller']]));
    expect(json.health!.brokers).toEqual([1, 2, 3]);
    expect(json.health!.activeController).toBe(await activeController(clusterBootstrap(state)));
    expect([1, 2, 3]).toContain(json.health!.activeController);
    expect(Object.values(json.health!.leadersPerBroker).reduce((a, b) => a + b, 0)).toBe(json.health!.partitions);
    expect(json.health!.partitions).toBe(12 + offsets.length);
    expect(json.health!.underReplicated).toEqual([]);

    const text = await telematics('kafka', 'status', '--dir', dir);
    expect(text.stdout).toMatch(/node 1: up, answering, pid \d+, port \d+, controller port \d+, broker\+controller, leads \d+ partitions/);
    expect(text.stdout).toContain(`active controller: node ${json.health!.activeController}`);
  }, 180_000);

  it('after kill -9 of the busiest leader, its partitions move and acks=all writes go on; restarted, it catches up', async () => {
    await produceBatch();
    const victim = await busiestLeader(admin, TOPIC);
    expect(victim.partitions).toBeGreaterThanOrEqual(4);
    await crashNode(dir, TOPIC, victim.nodeId, FAILOVER_TIMEOUT_MS);
    // The test's admin may ask a node whose view is a moment behind the ones crashNode asked.
    await pollForState(`every partition of ${TOPIC} with 2 replicas in sync, as the test's admin sees it`, FAILOVER_TIMEOUT_MS, async () => {
      const states = await partitionStates(admin, [TOPIC]);
      const others = states.filter((p) => p.isr.length !== 2);
      return { done: others.length === 0, value: undefined, seen: others.map(describePartition).join('; ') };
    });
    await produceBatch();

    const degraded = await status();
    expect(degraded.code).toBe(1);
    expect(degraded.json.nodes.find((n) => n.nodeId === victim.nodeId)).toMatchObject({ up: false, answering: false });
    expect(degraded.json.health!.underReplicated.filter((p) => p.topic === TOPIC)).toHaveLength(12);
    expect(degraded.json.health!.leadersPerBroker[victim.nodeId]).toBeUndefined();

    await recoverNode(dir, victim.nodeId, FAILOVER_TIMEOUT_MS);
    await produceBatch();
    expect((await status()).code).toBe(0);
  }, 240_000);

  it('with 2 of 3 down (the active controller crashed, one more stopped), acks=all writes fail with NOT_ENOUGH_REPLICAS; back up, nothing acknowledged is lost', async () => {
    const controller = await activeController(clusterBootstrap(state));
    expect(controller).toBeDefined();
    await crashNode(dir, TOPIC, controller!, FAILOVER_TIMEOUT_MS);
    const newController = await activeController(clusterBootstrap(state));
    expect(newController).toBeDefined();
    expect(newController).not.toBe(controller);
    await produceBatch();

    // A clean stop hands the broker's leaderships over and leaves every ISR while the quorum still
    // stands; a second crash instead would take the metadata quorum with it (see README).
    const second = [1, 2, 3].find((id) => id !== controller)!;
    await stopNode(dir, second, 'SIGTERM');
    const last = [1, 2, 3].find((id) => id !== controller && id !== second)!;
    await pollForState(`node ${last} alone to lead and be in sync for every partition of ${TOPIC}`, FAILOVER_TIMEOUT_MS, async () => {
      const stragglers = (await partitionStates(admin, [TOPIC])).filter((p) => p.leader !== last || p.isr.join() !== String(last));
      return { done: stragglers.length === 0, value: undefined, seen: stragglers.map(describePartition).join('; ') };
    });
    // The producer may first try the stopped leader (its metadata is older); each failed try refreshes it.
    const outcome = await pollForState('an acks=all write to be refused with NOT_ENOUGH_REPLICAS', FAILOVER_TIMEOUT_MS, async () => {
      const error = await produceOnce().then(
        () => 'acknowledged',
        (err: unknown) => kafkaErrorType(err) ?? (err as Error).message,
      );
      return { done: error === 'acknowledged' || error === 'NOT_ENOUGH_REPLICAS', value: error, seen: error };
    });
    expect(outcome, 'an acks=all write with one in-sync replica must be refused').toBe('NOT_ENOUGH_REPLICAS');

    await Promise.all([recoverNode(dir, controller!, FAILOVER_TIMEOUT_MS), recoverNode(dir, second, FAILOVER_TIMEOUT_MS)]);
    await produceBatch();

    const stored: string[] = [];
    const read = await readRanges(kafka, {
      topic: TOPIC,
      ranges: rangesBetween(new Map(), await endOffsets(kafka, TOPIC)),
      groupIdPrefix: 'cluster-test-read',
      timeoutMs: 60_000,
      onMessage: (m) => void stored.push(m.value!.toString()),
    });
    expect(read.complete).toBe(true);
    expect([...acknowledged].filter((v) => !stored.includes(v))).toEqual([]);
    // A write that failed is not known to be absent (a leader may append, then fail to replicate in
    // time): only that records came from these tests is certain.
    expect(stored.filter((v) => !/^position-\d+-truck-\d+$/.test(v) || Number(v.split('-')[1]) >= sent)).toEqual([]);
  }, 300_000);

  it('a consumer stopped while kafkajs rebuilds its fetchers for a node that joined stops, instead of freezing its process (kafka/consumer-stop-fix.ts)', async () => {
    const topic = `stop-probe-${Date.now()}`;
    await ensureTopics(admin, [{ name: topic, partitions: 3, replicationFactor: 3, config: {} }]);
    // Every node must know it: the consumer may ask any of them.
    await waitUntilFullyReplicated(clusterBootstrap(state), { timeoutMs: FAILOVER_TIMEOUT_MS, topics: [topic] });
    // In a child process: without the fix that process spins in microtasks forever and cannot report.
    const child = spawn(process.execPath, [STOP_PROBE, join(PACKAGE_ROOT, 'dist'), dir, clusterBootstrap(state).join(','), topic], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const code = await pollForState('the consumer process to stop its consumer and exit (it froze if it never does)', STOP_PROBE_TIMEOUT_MS, async () => ({
        done: child.exitCode !== null || child.signalCode !== null,
        value: child.exitCode ?? child.signalCode,
        seen: `still running; last output: ${(stdout + stderr).slice(-300)}`,
      }));
      await exited;
      expect(code, stderr.slice(-2_000)).toBe(0);
      const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as { stoppedDuringRebuild: boolean; stopMs?: number; error?: string };
      expect(result, 'the stop must come while the fetchers were being rebuilt, or this test proves nothing').toMatchObject({ stoppedDuringRebuild: true });
      expect(result.error).toBeUndefined();
    } finally {
      child.kill('SIGKILL');
      await startNode(dir, 3);
    }
    await waitUntilFullyReplicated(clusterBootstrap(state), { timeoutMs: FAILOVER_TIMEOUT_MS, topics: [topic] });
  }, 240_000);

  it('`kafka down` stops every node and leaves no java process', async () => {
    const down = await telematics('kafka', 'down', '--dir', dir);
    expect(down.status, down.stderr).toBe(0);
    expect(down.stdout).toMatch(/^Kafka stopped \(pid \d+, \d+, \d+\)\.$/m);
    expect(javaProcessesFor(dir)).toEqual([]);
    expect(readClusterState(dir)).toBeUndefined();
    const after = await telematics('kafka', 'status', '--dir', dir);
    expect(after.status).toBe(1);
    expect(after.stdout).toMatch(/not running/);
  }, 120_000);
});
