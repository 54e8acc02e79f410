import kafkajs, { type Admin } from 'kafkajs';
import { pollForState } from '../common/poll.js';
import { describeMetadataQuorum } from './metadata-quorum.js';

/**
 * What a Kafka cluster looks like from its metadata: live brokers, the active controller,
 * partition leaders per broker, and the partitions that have lost a replica. Works on any
 * cluster (the local one or KAFKA_BROKERS); the tests of a broker loss wait on these.
 */

export interface PartitionState {
  topic: string;
  partition: number;
  /** -1 when the partition has no leader (offline). */
  leader: number;
  replicas: number[];
  isr: number[];
}

export interface ClusterHealth {
  /** Brokers registered and not fenced, as the metadata lists them. */
  brokers: number[];
  /** The KRaft controller that is the metadata quorum's leader; undefined while none is elected. */
  activeController?: number;
  partitions: number;
  /** Partitions led by each broker (node id → count), internal topics included. */
  leadersPerBroker: Record<number, number>;
  /** Partitions whose in-sync replicas are fewer than their replicas. */
  underReplicated: PartitionState[];
  /** Partitions without a leader: nothing can be written to or read from them. */
  offline: PartitionState[];
}

/** Every partition of `topics` (default: all topics, internal ones included) as the metadata says now. */
export async function partitionStates(admin: Admin, topics: string[] = []): Promise<PartitionState[]> {
  const metadata = await admin.fetchTopicMetadata({ topics });
  return metadata.topics.flatMap((t) =>
    t.partitions.map((p) => ({ topic: t.name, partition: p.partitionId, leader: p.leader, replicas: [...p.replicas].sort(), isr: [...p.isr].sort() })),
  );
}

export function isUnderReplicated(p: PartitionState): boolean {
  return p.isr.length < p.replicas.length;
}

/** "topic-3 (leader 2, isr 2,3 of 1,2,3)": for logs and deadline errors. */
export function describePartition(p: PartitionState): string {
  return `${p.topic}-${p.partition} (leader ${p.leader}, isr ${p.isr.join(',')} of ${p.replicas.join(',')})`;
}

/**
 * The active controller's node id, asked of the brokers at `addresses` in turn (host:port);
 * undefined when none answers or no leader is elected (the quorum has lost its majority).
 */
export async function activeController(addresses: string[], timeoutMs = 3_000): Promise<number | undefined> {
  for (const address of addresses) {
    try {
      const quorum = await describeMetadataQuorum(address, timeoutMs);
      return quorum.leaderId >= 0 ? quorum.leaderId : undefined;
    } catch {
      // that broker is down or cannot reach the controller: ask the next
    }
  }
  return undefined;
}

export async function clusterHealth(admin: Admin, addresses: string[]): Promise<ClusterHealth> {
  const [cluster, partitions, controller] = await Promise.all([admin.describeCluster(), partitionStates(admin), activeController(addresses)]);
  const leadersPerBroker: Record<number, number> = {};
  for (const p of partitions) if (p.leader >= 0) leadersPerBroker[p.leader] = (leadersPerBroker[p.leader] ?? 0) + 1;
  return {
    brokers: cluster.brokers.map((b) => b.nodeId).sort(),
    ...(controller === undefined ? {} : { activeController: controller }),
    partitions: partitions.length,
    leadersPerBroker,
    underReplicated: partitions.filter(isUnderReplicated),
    offline: partitions.filter((p) => p.leader < 0),
  };
}

/** How `topic` is replicated: its partitions' replica count (the largest) and its min.insync.replicas. */
export async function topicReplication(admin: Admin, topic: string): Promise<{ replicationFactor: number; minInsyncReplicas: number }> {
  const [partitions, configs] = await Promise.all([
    partitionStates(admin, [topic]),
    admin.describeConfigs({ resources: [{ type: kafkajs.ConfigResourceTypes.TOPIC, name: topic, configNames: ['min.insync.replicas'] }], includeSynonyms: false }),
  ]);
  const minIsr = configs.resources[0]?.configEntries.find((c) => c.configName === 'min.insync.replicas')?.configValue;
  return { replicationFactor: Math.max(0, ...partitions.map((p) => p.replicas.length)), minInsyncReplicas: Number(minIsr) };
}

/** The broker leading the most partitions of `topic` (the lowest id on a tie), and how many it leads. */
export async function busiestLeader(admin: Admin, topic: string): Promise<{ nodeId: number; partitions: number }> {
  const counts = new Map<number, number>();
  for (const p of await partitionStates(admin, [topic])) if (p.leader >= 0) counts.set(p.leader, (counts.get(p.leader) ?? 0) + 1);
  const [best] = [...counts].sort(([a, ca], [b, cb]) => cb - ca || a - b);
  if (!best) throw new Error(`no partition of ${topic} has a leader`);
  return { nodeId: best[0], partitions: best[1] };
}

/**
 * Partition states as the broker at `address` (host:port) alone sees them. Each broker keeps its
 * own copy of the cluster's metadata, following the controller by a moment (seconds on a loaded
 * machine): a client that asks whichever broker it likes can see a failover done and, on its
 * next request, not yet. A kafkajs client given one bootstrap address asks only that broker for
 * metadata (it connects to the others only to produce or fetch).
 */
export async function partitionStatesAt(address: string, topics: string[] = [], timeoutMs = 3_000): Promise<PartitionState[]> {
  const kafka = new kafkajs.Kafka({ clientId: 'telematics-cluster-health', brokers: [address], logLevel: kafkajs.logLevel.NOTHING, connectionTimeout: timeoutMs, requestTimeout: timeoutMs, retry: { retries: 0 } });
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await partitionStates(admin, topics);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Waits until the partitions of `topics` pass `settled` as every broker at `addresses` sees
 * them (see partitionStatesAt), so what a test or a status reads next, from any of them, agrees.
 * `stuck` lists the partitions that do not yet, for the deadline's message.
 */
async function waitUntilEveryBrokerSees(what: string, addresses: string[], topics: string[], timeoutMs: number, stuck: (p: PartitionState) => boolean): Promise<PartitionState[]> {
  return pollForState(what, timeoutMs, async () => {
    const seen: string[] = [];
    let agreed: PartitionState[] = [];
    for (const address of addresses) {
      const partitions = await partitionStatesAt(address, topics);
      const lagging = partitions.filter(stuck);
      if (partitions.length === 0 || lagging.length > 0) seen.push(`broker ${address}: ${lagging.length} partitions: ${lagging.slice(0, 5).map(describePartition).join('; ') || 'no partitions'}`);
      agreed = partitions;
    }
    return { done: seen.length === 0, value: agreed, seen: seen.join(' | ') };
  });
}

/** Waits until every partition of `topics` (default all) has a leader and all its replicas in sync, as every broker at `addresses` sees it. */
export async function waitUntilFullyReplicated(addresses: string[], options: { timeoutMs: number; topics?: string[] }): Promise<void> {
  const what = `every partition of ${options.topics?.join(', ') ?? 'every topic'} to have a leader and all replicas in sync, on every broker`;
  await waitUntilEveryBrokerSees(what, addresses, options.topics ?? [], options.timeoutMs, (p) => p.leader < 0 || isUnderReplicated(p));
}

/**
 * Waits until no partition of `topic` is led by `nodeId` or leaderless, and `nodeId` has left
 * every in-sync replica set, as each surviving broker (`addresses`) sees it: the controller has
 * fenced a lost broker and moved its partitions, and every broker knows.
 */
export async function waitUntilBrokerFenced(addresses: string[], topic: string, nodeId: number, timeoutMs: number): Promise<PartitionState[]> {
  const what = `broker ${nodeId} to lose every leadership and in-sync replica of ${topic}, on every other broker`;
  return waitUntilEveryBrokerSees(what, addresses, [topic], timeoutMs, (p) => p.leader === nodeId || p.leader < 0 || p.isr.includes(nodeId));
}
