import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../common/paths.js';
import { describeWithKafka } from '../test/helpers/kafka.js';
import { isOurBroker, kafkaDown, readState, type BrokerState } from './local-broker.js';
import { readClusterState, type ClusterState } from './local-cluster.js';
import { localKafkaDown, reapOrphanBrokers } from './local-kafka.js';

describeWithKafka('a broker whose owner was killed', () => {
  const parent = mkdtempSync(join(tmpdir(), 'kafka-reaper-'));
  const dir = join(parent, 'telematics-test-kafka-orphan');
  afterAll(async () => {
    await kafkaDown({ dir });
    rmSync(parent, { recursive: true, force: true });
  });

  it('is stopped by reapOrphanBrokers, and a broker with a live owner is not', async () => {
    // The owner: a separate node process (as a test run is) that starts an owned broker, then is killed with SIGKILL.
    const script = `
      const { kafkaUp, freePort } = await import(${JSON.stringify(join(PACKAGE_ROOT, 'dist', 'kafka', 'local-broker.js'))});
      const up = await kafkaUp({ dir: ${JSON.stringify(dir)}, port: await freePort(), owned: true });
      console.log(JSON.stringify(up.state));
      setInterval(() => undefined, 1000);`;
    const owner = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: owner.stdout! }).once('line', resolve);
      owner.once('exit', (code) => reject(new Error(`the owner process exited (${code}) before its broker was up`)));
    });
    const state = JSON.parse(line) as BrokerState;
    expect(state.owner?.pid).toBe(owner.pid);
    expect(isOurBroker(state)).toBe(true);

    expect(await reapOrphanBrokers(parent)).toEqual([]);
    expect(isOurBroker(state)).toBe(true);

    const exited = new Promise((resolve) => owner.once('exit', resolve));
    owner.kill('SIGKILL');
    await exited;
    expect(await reapOrphanBrokers(parent)).toEqual([dir]);
    expect(isOurBroker(state)).toBe(false);
    expect(existsSync(dir)).toBe(false);
    expect(readState(dir)).toBeUndefined();
  });
});

describeWithKafka('a cluster whose owner was killed', () => {
  const parent = mkdtempSync(join(tmpdir(), 'kafka-reaper-cluster-'));
  const dir = join(parent, 'telematics-test-kafka-orphan-cluster');
  afterAll(async () => {
    await localKafkaDown(dir);
    rmSync(parent, { recursive: true, force: true });
  });

  it('has every node stopped by reapOrphanBrokers', async () => {
    // Two nodes are enough to show that every node of DIR/cluster.json is reaped.
    const script = `
      const { clusterUpOnFreePorts } = await import(${JSON.stringify(join(PACKAGE_ROOT, 'dist', 'kafka', 'local-cluster.js'))});
      const up = await clusterUpOnFreePorts({ dir: ${JSON.stringify(dir)}, brokers: 2, owned: true });
      console.log(JSON.stringify(up.state));
      setInterval(() => undefined, 1000);`;
    const owner = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: owner.stdout! }).once('line', resolve);
      owner.once('exit', (code) => reject(new Error(`the owner process exited (${code}) before its cluster was up`)));
    });
    const state = JSON.parse(line) as ClusterState;
    expect(state.owner?.pid).toBe(owner.pid);
    expect(state.nodes.filter((n) => isOurBroker(n))).toHaveLength(2);

    expect(await reapOrphanBrokers(parent)).toEqual([]);
    const exited = new Promise((resolve) => owner.once('exit', resolve));
    owner.kill('SIGKILL');
    await exited;
    expect(await reapOrphanBrokers(parent)).toEqual([dir]);
    expect(state.nodes.filter((n) => isOurBroker(n))).toEqual([]);
    expect(existsSync(dir)).toBe(false);
    expect(readClusterState(dir)).toBeUndefined();
  }, 180_000);
});
