import { getLogger } from '../common/logger.js';
import { waitUntilBrokerFenced, waitUntilFullyReplicated } from './cluster-health.js';
import { clusterBootstrap, readClusterState, startNode, stopNode } from './local-cluster.js';

/**
 * Broker failures on a local cluster, each waiting on the state it leads to (never a sleep),
 * with how long that took: what the failover tests and scenario runs inflict.
 */

const log = getLogger('kafka.faults');

export const CLUSTER_FAULT_DEFAULTS = {
  /** Fencing takes broker.session.timeout.ms (9 s) and an election; a restart replays the log. Generous for a loaded machine. */
  timeoutMs: 120_000,
} as const;

export interface CrashTiming {
  nodeId: number;
  /** kill -9 → the controller has moved its leaderships and dropped it from every ISR of `topic`. */
  fencedAfterMs: number;
}

export interface RecoveryTiming {
  nodeId: number;
  /** Start → the node serves and is registered. */
  startMs: number;
  /** Start → no partition of any topic is under-replicated. */
  replicatedAfterMs: number;
}

/** The client addresses of the cluster's nodes, but `except`. */
function addressesOf(dir: string, except?: number): string[] {
  const state = readClusterState(dir);
  if (!state) throw new Error(`no local cluster recorded in ${dir}`);
  return clusterBootstrap({ nodes: state.nodes.filter((n) => n.nodeId !== except) });
}

/** kill -9 of one node, then waits until every other node knows the cluster has fenced it for `topic`. */
export async function crashNode(dir: string, topic: string, nodeId: number, timeoutMs: number = CLUSTER_FAULT_DEFAULTS.timeoutMs): Promise<CrashTiming> {
  const started = Date.now();
  await stopNode(dir, nodeId, 'SIGKILL');
  await waitUntilBrokerFenced(addressesOf(dir, nodeId), topic, nodeId, timeoutMs);
  const timing = { nodeId, fencedAfterMs: Date.now() - started };
  log.info(timing, 'node crashed and fenced');
  return timing;
}

/** Starts a stopped node again and waits until every node sees every partition with all its replicas in sync. */
export async function recoverNode(dir: string, nodeId: number, timeoutMs: number = CLUSTER_FAULT_DEFAULTS.timeoutMs): Promise<RecoveryTiming> {
  const started = Date.now();
  await startNode(dir, nodeId);
  const startMs = Date.now() - started;
  await waitUntilFullyReplicated(addressesOf(dir), { timeoutMs });
  const timing = { nodeId, startMs, replicatedAfterMs: Date.now() - started };
  log.info(timing, 'node back and fully replicated');
  return timing;
}

/** Every node in turn stopped cleanly (SIGTERM), started again and caught up, as an upgrade does it. */
export async function rollingRestart(dir: string, timeoutMs: number = CLUSTER_FAULT_DEFAULTS.timeoutMs): Promise<(RecoveryTiming & { stopMs: number })[]> {
  const timings: (RecoveryTiming & { stopMs: number })[] = [];
  for (const { nodeId } of readClusterState(dir)?.nodes ?? []) {
    const started = Date.now();
    await stopNode(dir, nodeId, 'SIGTERM');
    const stopMs = Date.now() - started;
    timings.push({ ...(await recoverNode(dir, nodeId, timeoutMs)), stopMs });
  }
  return timings;
}
