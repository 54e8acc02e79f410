import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../common/errors.js';
import { getLogger } from '../common/logger.js';
import { clusterHealth, type ClusterHealth } from './cluster-health.js';
import {
  LOCAL_KAFKA,
  bootstrapAddress,
  isAlive,
  isOurBroker,
  kafkaDown,
  kafkaStatus,
  kafkaUp,
  portAnswers,
  readState,
  stopBroker,
  type BrokerStatus,
  type KafkaUpOptions,
  type UpResult,
} from './local-broker.js';
import { clusterBootstrap, clusterDown, clusterUp, readClusterState, type ClusterState, type ClusterUpResult } from './local-cluster.js';

/**
 * Whatever the project runs in a directory: one broker (DIR/broker.json) or a cluster
 * (DIR/cluster.json, DIR/node-N/). The `kafka` commands, the client configuration and the
 * test harness go through here; local-broker.ts and local-cluster.ts do the work.
 */

const log = getLogger('kafka.local');

export type LocalUpOptions = KafkaUpOptions & {
  /** Nodes: 1 = the single broker, N ≥ 2 = a cluster; default: the cluster running in DIR, else 1. */
  brokers?: number;
  ports?: number[];
};

export type LocalUpResult = ({ kind: 'broker' } & UpResult) | ({ kind: 'cluster' } & ClusterUpResult);

/**
 * Starts what is asked in DIR. A single broker (files in DIR) and a cluster (DIR/node-<id>)
 * can both have data in one DIR, but only one of them runs at a time.
 */
export async function localKafkaUp(options: LocalUpOptions = {}): Promise<LocalUpResult> {
  const dir = options.dir ?? LOCAL_KAFKA.defaultDir;
  const recorded = readClusterState(dir);
  const runningCluster = recorded?.nodes.some((n) => isOurBroker(n)) ? recorded : undefined;
  const brokers = options.brokers ?? runningCluster?.nodes.length ?? 1;
  if (brokers === 1) {
    if (runningCluster) {
      const n = runningCluster.nodes.length;
      throw new UserError(`A ${n}-node cluster is running in ${dir}.`, `Use it (--brokers ${n}), stop it with 'telematics kafka down --dir ${dir}', or use another --dir.`);
    }
    return { kind: 'broker', ...(await kafkaUp({ ...options, dir })) };
  }
  const single = readState(dir);
  if (single && isOurBroker(single)) {
    throw new UserError(`A single broker is running in ${dir}.`, `Stop it with 'telematics kafka down --dir ${dir}', or use another --dir for the cluster.`);
  }
  return { kind: 'cluster', ...(await clusterUp({ ...options, dir, brokers })) };
}

export function upBootstrap(result: LocalUpResult): string[] {
  return result.kind === 'broker' ? [bootstrapAddress(result.state)] : clusterBootstrap(result.state);
}

export async function localKafkaDown(dir: string = LOCAL_KAFKA.defaultDir): Promise<{ stopped: boolean; pids: number[] }> {
  const cluster = readClusterState(dir);
  if (cluster) {
    const pids = cluster.nodes.filter((n) => isOurBroker(n)).map((n) => n.pid);
    await clusterDown(dir);
    return { stopped: pids.length > 0, pids };
  }
  const single = await kafkaDown({ dir });
  return { stopped: single.stopped, pids: single.pid === undefined ? [] : [single.pid] };
}

/** The bootstrap addresses of what runs in DIR (every node of a cluster with one node up), or undefined. */
export function localBootstrap(dir: string): string[] | undefined {
  const cluster = readClusterState(dir);
  if (cluster) return cluster.nodes.some((n) => isOurBroker(n)) ? clusterBootstrap(cluster) : undefined;
  const single = readState(dir);
  return single && isOurBroker(single) ? [bootstrapAddress(single)] : undefined;
}

export interface NodeStatus {
  nodeId: number;
  pid: number;
  port: number;
  controllerPort: number;
  roles: string[];
  up: boolean;
  answering: boolean;
}

export interface ClusterStatus {
  kind: 'cluster';
  /** Every node is up and answering. */
  running: boolean;
  dir: string;
  state: ClusterState;
  bootstrap: string;
  nodes: NodeStatus[];
  /** From the brokers that answer; absent when none does. */
  health?: ClusterHealth;
}

export type LocalStatus = ({ kind: 'broker' } & BrokerStatus) | ClusterStatus;

export async function localKafkaStatus(dir: string = LOCAL_KAFKA.defaultDir): Promise<LocalStatus> {
  const state = readClusterState(dir);
  if (!state) return { kind: 'broker', ...(await kafkaStatus({ dir })) };
  const nodes = await Promise.all(
    state.nodes.map(async (n) => {
      const up = isOurBroker(n);
      return { nodeId: n.nodeId, pid: n.pid, port: n.port, controllerPort: n.controllerPort, roles: ['broker', 'controller'], up, answering: up && (await portAnswers(n.port)) };
    }),
  );
  const answering = nodes.filter((n) => n.answering).map((n) => `127.0.0.1:${n.port}`);
  let health: ClusterHealth | undefined;
  if (answering.length > 0) {
    const { Kafka, logLevel } = await import('kafkajs');
    const admin = new Kafka({ brokers: answering, logLevel: logLevel.NOTHING, connectionTimeout: 2000, requestTimeout: 5000, retry: { retries: 2 } }).admin();
    try {
      await admin.connect();
      health = await clusterHealth(admin, answering);
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'the cluster did not answer its metadata');
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
  return {
    kind: 'cluster',
    running: nodes.every((n) => n.up && n.answering),
    dir,
    state,
    bootstrap: clusterBootstrap(state).join(','),
    nodes,
    ...(health ? { health } : {}),
  };
}

/**
 * Stops the brokers and clusters under PARENT (one directory level) whose owner process is
 * gone, and removes their directories: what a killed test run left behind. Those without an
 * owner (`kafka up`) are never touched. Returns the directories reaped.
 */
export async function reapOrphanBrokers(parent: string = tmpdir()): Promise<string[]> {
  const reaped: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return reaped;
  }
  for (const name of entries) {
    const dir = join(parent, name);
    const single = readState(dir);
    const cluster = readClusterState(dir);
    const owner = single?.owner ?? cluster?.owner;
    if (!owner || isAlive(owner)) continue;
    const processes = [...(single ? [single] : []), ...(cluster?.nodes ?? [])].filter((p) => isOurBroker(p));
    if (processes.length > 0) log.warn({ dir, brokerPids: processes.map((p) => p.pid), ownerPid: owner.pid }, 'stopping brokers whose owner process is gone');
    await Promise.all(processes.map((p) => stopBroker(p, 'SIGKILL')));
    rmSync(dir, { recursive: true, force: true });
    reaped.push(dir);
  }
  return reaped;
}
