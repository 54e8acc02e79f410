import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Admin, Kafka } from 'kafkajs';
import { afterAll, beforeAll } from 'vitest';
import { createKafka } from '../../kafka/config.js';
import { clusterBootstrap, clusterUpOnFreePorts, type ClusterState } from '../../kafka/local-cluster.js';
import { localKafkaDown } from '../../kafka/local-kafka.js';

export interface TestCluster {
  dir: string;
  state: ClusterState;
  brokers: string[];
  kafka: Kafka;
  admin: Admin;
}

/**
 * A 3-node local cluster of its own for a describe block (owned by this run, on free ports),
 * with a connected admin; stopped and removed after the block.
 */
export function useTestCluster(name: string): TestCluster {
  const cluster = { dir: mkdtempSync(join(tmpdir(), `${name}-`)) } as TestCluster;
  beforeAll(async () => {
    cluster.state = (await clusterUpOnFreePorts({ dir: cluster.dir, brokers: 3, owned: true })).state;
    cluster.brokers = clusterBootstrap(cluster.state);
    cluster.kafka = createKafka(name, cluster.brokers);
    cluster.admin = cluster.kafka.admin();
    await cluster.admin.connect();
  }, 180_000);
  afterAll(async () => {
    await cluster.admin?.disconnect().catch(() => undefined);
    await localKafkaDown(cluster.dir);
    rmSync(cluster.dir, { recursive: true, force: true });
  }, 120_000);
  return cluster;
}
