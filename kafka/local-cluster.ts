import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../common/errors.js';
import { getLogger } from '../common/logger.js';
import { jvmOptions, selectJvmProfile, selectKafkaVersion, type JvmProfile, type KafkaVersion } from './broker-versions.js';
import { newClusterId } from './cluster-id.js';
import {
  LOCAL_KAFKA,
  brokerProperties,
  checkPortFree,
  formatStorageOnce,
  freePort,
  isOurBroker,
  portAnswers,
  processIdentity,
  resolveBrokerJars,
  spawnBroker,
  stopBroker,
  waitForBroker,
  writeBrokerConfig,
  type BrokerProcess,
  type JavaSetup,
  type ProcessIdentity,
} from './local-broker.js';
import { replicationFor, wantedReplication } from './topics.js';

const log = getLogger('kafka.cluster');

/**
 * A local KRaft cluster of N nodes on 127.0.0.1 (`kafka up --brokers N`), laid out as
 * DIR/node-<id>/ (server.properties, data, logs) per node and one state file, DIR/cluster.json,
 * that lists the nodes. Every node is a broker and a controller (combined mode): N JVMs, and
 * an N-voter metadata quorum that, like the data (replication factor 3, min.insync.replicas 2),
 * survives the loss of one node of three. See the README ("A replicated cluster").
 */
export const LOCAL_CLUSTER = {
  stateFile: 'cluster.json',
  /** Node i's client port is port + i - 1 unless ports are given. */
  firstPort: LOCAL_KAFKA.defaultPort,
  /** `down`: how long the last node may go on shutting down once the others are gone (it has no quorum left). */
  lastNodeGraceMs: 10_000,
} as const;

export interface ClusterNodeState {
  nodeId: number;
  /** The node's last JVM: the node is down once this process is gone (isOurBroker). */
  pid: number;
  port: number;
  controllerPort: number;
  dir: string;
  startedAt: string;
}

export interface ClusterState {
  clusterId: string;
  nodes: ClusterNodeState[];
  version: string;
  jvmProfile: JvmProfile;
  dir: string;
  startedAt: string;
  /** As for a single broker: a cluster whose owner (a test run) died is reaped. */
  owner?: ProcessIdentity;
}

export interface ClusterUpOptions {
  dir?: string;
  /** Number of nodes, ≥ 2. */
  brokers: number;
  /** Client port of node 1 (default 9092); node i gets port + i - 1. */
  port?: number;
  /** Every node's client port, in node order (e.g. free ports in tests); wins over `port`. */
  ports?: number[];
  /** Controller port of node 1, node i gets +i-1; default: the ones the nodes had, else free ones. */
  controllerPort?: number;
  version?: string;
  jvmProfile?: string;
  owned?: boolean;
}

export interface ClusterUpResult {
  state: ClusterState;
  alreadyRunning: boolean;
  /** Nodes started by this call (all of them, or those that were down). */
  startedNodes: number[];
  startMs: number;
}

export function nodeDir(dir: string, nodeId: number): string {
  return join(dir, `node-${nodeId}`);
}

export function clusterBootstrap(state: Pick<ClusterState, 'nodes'>): string[] {
  return state.nodes.map((n) => `127.0.0.1:${n.port}`);
}

export function readClusterState(dir: string): ClusterState | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, LOCAL_CLUSTER.stateFile), 'utf8')) as ClusterState;
  } catch {
    return undefined;
  }
}

/**
 * Records the new JVMs of `nodes` in DIR/cluster.json, leaving the other nodes' entries as the
 * file has them (another node may have been restarted meanwhile); `state` is the whole
 * cluster, written as is when there is no file yet.
 */
function recordNodes(state: ClusterState, nodes: ClusterNodeState[]): void {
  const current = readClusterState(state.dir) ?? state;
  const updated = { ...current, nodes: current.nodes.map((n) => nodes.find((x) => x.nodeId === n.nodeId) ?? n) };
  writeFileSync(join(state.dir, LOCAL_CLUSTER.stateFile), JSON.stringify(updated, null, 2));
}

/** Node ids that have a directory under DIR (formatted or not). */
function nodesOnDisk(dir: string): number[] {
  try {
    return readdirSync(dir)
      .map((name) => /^node-(\d+)$/.exec(name)?.[1])
      .filter((id): id is string => id !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
  } catch {
    return [];
  }
}

/** The cluster id the formatted nodes share, so that a node formatted later joins the same cluster. */
function formattedClusterId(dir: string, nodeIds: number[]): string | undefined {
  for (const id of nodeIds) {
    try {
      const match = /^cluster\.id=(.+)$/m.exec(readFileSync(join(nodeDir(dir, id), 'data', 'meta.properties'), 'utf8'));
      if (match) return match[1]!.trim();
    } catch {
      // not formatted yet
    }
  }
  return undefined;
}

function previousControllerPort(dir: string, nodeId: number): number | undefined {
  try {
    const match = /^listeners=.*CONTROLLER:\/\/127\.0\.0\.1:(\d+)/m.exec(readFileSync(join(nodeDir(dir, nodeId), 'server.properties'), 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Client and controller ports of every node, all distinct. Controller ports stay what each
 * node had (a restarted quorum looks the same) unless taken now; otherwise free ephemeral ones.
 */
async function nodePorts(dir: string, options: ClusterUpOptions): Promise<{ port: number; controllerPort: number }[]> {
  const n = options.brokers;
  const ids = Array.from({ length: n }, (_, i) => i + 1);
  const ports = options.ports ?? ids.map((id) => (options.port ?? LOCAL_CLUSTER.firstPort) + id - 1);
  if (ports.length !== n) throw new UserError(`${n} nodes need ${n} client ports, got ${ports.length}.`);
  const used = new Set<number>();
  const claim = (port: number, what: string) => {
    if (used.has(port)) throw new UserError(`Port ${port} is given twice (${what}).`, 'Give every node its own client and controller port.');
    used.add(port);
  };
  for (const [i, port] of ports.entries()) {
    claim(port, `client port of node ${i + 1}`);
    await checkPortFree(port);
  }
  const controllerPorts: number[] = [];
  for (const id of ids) {
    if (options.controllerPort !== undefined) {
      const port = options.controllerPort + id - 1;
      claim(port, `controller port of node ${id}`);
      if (await portAnswers(port)) throw new UserError(`Controller port ${port} on 127.0.0.1 is already in use by another process.`, 'Pick another --controller-port, or leave it out.');
      controllerPorts.push(port);
      continue;
    }
    const previous = previousControllerPort(dir, id);
    let port = previous !== undefined && !used.has(previous) && !(await portAnswers(previous)) ? previous : await freePort();
    while (used.has(port)) port = await freePort();
    claim(port, `controller port of node ${id}`);
    controllerPorts.push(port);
  }
  return ports.map((port, i) => ({ port, controllerPort: controllerPorts[i]! }));
}

function javaSetup(libs: string, node: ClusterNodeState, version: KafkaVersion, jvmProfile: JvmProfile): JavaSetup {
  return { libs, dir: node.dir, version, jvmOptions: jvmOptions(jvmProfile, true) };
}

/** The node answers metadata requests and the cluster, as it sees it, has `nodeIds` registered. */
async function nodeSees(port: number, nodeIds: number[]): Promise<boolean> {
  const { Kafka, logLevel } = await import('kafkajs');
  const admin = new Kafka({ brokers: [`127.0.0.1:${port}`], logLevel: logLevel.NOTHING, retry: { retries: 0 }, connectionTimeout: 1000 }).admin();
  try {
    await admin.connect();
    const live = new Set((await admin.describeCluster()).brokers.map((b) => b.nodeId));
    return nodeIds.every((id) => live.has(id));
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Starts the JVMs of `nodes` (configured and formatted) and waits until each serves with all `expected` brokers registered. */
async function startNodes(state: ClusterState, nodes: ClusterNodeState[], libs: string, expected: number[]): Promise<void> {
  const version = selectKafkaVersion(state.version);
  const started = Date.now();
  const processes: BrokerProcess[] = [];
  for (const node of nodes) {
    const broker = spawnBroker(javaSetup(libs, node, version, state.jvmProfile));
    processes.push(broker);
    node.pid = broker.pid;
    node.startedAt = new Date().toISOString();
  }
  recordNodes(state, nodes);
  try {
    await Promise.all(nodes.map((node, i) => waitForBroker(processes[i]!, node.port, started, () => nodeSees(node.port, expected))));
  } catch (err) {
    // One node failed (its port taken, say): the others would wait for it until the deadline.
    await Promise.all(processes.map((p) => stopBroker(p, 'SIGKILL')));
    throw err;
  }
}

/**
 * Start an N-node local cluster in DIR, or the nodes of it that are down. Idempotent: a
 * cluster whose nodes all run is reported and reused.
 */
export async function clusterUp(options: ClusterUpOptions): Promise<ClusterUpResult> {
  const dir = options.dir ?? LOCAL_KAFKA.defaultDir;
  const n = options.brokers;
  if (!Number.isInteger(n) || n < 2) throw new UserError(`A cluster needs 2 or more brokers, got ${n}.`, 'Leave --brokers out for a single broker.');
  const onDisk = nodesOnDisk(dir);
  if (onDisk.length > 0 && onDisk.length !== n) {
    throw new UserError(`${dir} holds a ${onDisk.length}-node cluster, not ${n} nodes.`, `Start it with --brokers ${onDisk.length}, or use another --dir.`);
  }
  const existing = readClusterState(dir);
  const running = existing?.nodes.filter((node) => isOurBroker(node)) ?? [];
  if (existing && running.length > 0) {
    const down = existing.nodes.filter((node) => !isOurBroker(node));
    if (down.length === 0) return { state: existing, alreadyRunning: true, startedNodes: [], startMs: 0 };
    const started = Date.now();
    for (const node of down) await startNode(dir, node.nodeId);
    return { state: readClusterState(dir)!, alreadyRunning: false, startedNodes: down.map((d) => d.nodeId), startMs: Date.now() - started };
  }

  const version = selectKafkaVersion(options.version);
  const jvmProfile = selectJvmProfile(options.jvmProfile);
  const libs = resolveBrokerJars(version);
  const ids = Array.from({ length: n }, (_, i) => i + 1);
  const ports = await nodePorts(dir, options);
  const voters = ids.map((nodeId, i) => ({ nodeId, controllerPort: ports[i]!.controllerPort }));
  const replication = replicationFor(n, wantedReplication());
  const clusterId = formattedClusterId(dir, ids) ?? newClusterId();
  const startedAt = new Date().toISOString();
  const state: ClusterState = {
    clusterId,
    nodes: ids.map((nodeId, i) => ({ nodeId, pid: -1, ...ports[i]!, dir: nodeDir(dir, nodeId), startedAt })),
    version,
    jvmProfile,
    dir,
    startedAt,
    ...(options.owned ? { owner: processIdentity(process.pid) } : {}),
  };
  const started = Date.now();
  for (const node of state.nodes) writeBrokerConfig(node.dir, version, brokerProperties({ ...node, voters, replication }));
  await Promise.all(state.nodes.map((node) => formatStorageOnce(javaSetup(libs, node, version, jvmProfile), clusterId)));
  try {
    await startNodes(state, state.nodes, libs, ids);
  } catch (err) {
    rmSync(join(dir, LOCAL_CLUSTER.stateFile), { force: true });
    throw err;
  }
  const startMs = Date.now() - started;
  log.info({ dir, nodes: state.nodes.map((x) => ({ nodeId: x.nodeId, pid: x.pid, port: x.port })), version, jvmProfile, startMs }, 'Kafka cluster is up');
  return { state, alreadyRunning: false, startedNodes: ids, startMs };
}

/**
 * A cluster on free ephemeral ports, for tests and benches: a free port can be taken by another
 * process between the check and the broker's bind, so a start that fails that way is tried again.
 */
export async function clusterUpOnFreePorts(options: Omit<ClusterUpOptions, 'port' | 'ports' | 'controllerPort'>, attempts = 3): Promise<ClusterUpResult> {
  for (let attempt = 1; ; attempt++) {
    const ports: number[] = [];
    while (ports.length < options.brokers) {
      const port = await freePort();
      if (!ports.includes(port)) ports.push(port);
    }
    try {
      return await clusterUp({ ...options, ports });
    } catch (err) {
      if (attempt >= attempts || !/already in use|did not come up/.test((err as Error).message)) throw err;
      log.warn({ attempt, err: (err as Error).message.split('\n')[0] }, 'cluster did not start on the free ports; trying others');
    }
  }
}

function nodeOf(state: ClusterState | undefined, dir: string, nodeId: number): ClusterNodeState {
  const node = state?.nodes.find((x) => x.nodeId === nodeId);
  if (!state || !node) throw new UserError(`No node ${nodeId} in a cluster recorded in ${dir}.`, `Start the cluster with 'telematics kafka up --brokers N --dir ${dir}'.`);
  return node;
}

/**
 * Stops one node: SIGTERM shuts it down cleanly (it hands its leaderships over first),
 * SIGKILL is a crash (kill -9). Its state stays recorded, so startNode brings it back as it was.
 */
export async function stopNode(dir: string, nodeId: number, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
  const node = nodeOf(readClusterState(dir), dir, nodeId);
  log.info({ nodeId, pid: node.pid, signal }, 'stopping cluster node');
  await stopBroker(node, signal);
}

/** Starts one node of the cluster again with its own ports and data; resolves once it serves and is registered again. */
export async function startNode(dir: string, nodeId: number): Promise<ClusterNodeState> {
  const state = readClusterState(dir);
  const node = nodeOf(state, dir, nodeId);
  if (isOurBroker(node)) return node;
  await checkPortFree(node.port);
  await startNodes(state!, [node], resolveBrokerJars(selectKafkaVersion(state!.version)), [nodeId]);
  log.info({ nodeId, pid: node.pid }, 'cluster node started again');
  return node;
}

/**
 * Stops every node, data kept: SIGTERM to all at once, so that each broker's controlled
 * shutdown is granted while the quorum still stands. A node still running
 * LOCAL_CLUSTER.lastNodeGraceMs after all the others are gone waits for a quorum that
 * cannot come back (its controlled shutdown never completes): it is killed.
 */
export async function clusterDown(dir: string = LOCAL_KAFKA.defaultDir): Promise<{ stopped: number[] }> {
  const state = readClusterState(dir);
  if (!state) return { stopped: [] };
  const running = state.nodes.filter((node) => isOurBroker(node));
  for (const node of running) process.kill(node.pid, 'SIGTERM');
  const deadline = Date.now() + LOCAL_KAFKA.stopTimeoutMs;
  let aloneSince: number | undefined;
  for (;;) {
    const alive = running.filter((node) => isOurBroker(node));
    if (alive.length === 0) break;
    if (alive.length === 1 && state.nodes.length > 1) aloneSince ??= Date.now();
    if (Date.now() > deadline || (aloneSince !== undefined && Date.now() - aloneSince > LOCAL_CLUSTER.lastNodeGraceMs)) {
      log.warn({ nodes: alive.map((n) => n.nodeId) }, 'node(s) still shutting down without a quorum: killing');
      await Promise.all(alive.map((node) => stopBroker(node, 'SIGKILL')));
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  rmSync(join(dir, LOCAL_CLUSTER.stateFile), { force: true });
  return { stopped: running.map((node) => node.nodeId) };
}

/** True when DIR has a cluster state file, running or not. */
export function isClusterDir(dir: string): boolean {
  return existsSync(join(dir, LOCAL_CLUSTER.stateFile));
}
