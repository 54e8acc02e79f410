import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../common/paths.js';
import { runToEnd } from '../test/helpers/cli.js';
import { describeWithKafka } from '../test/helpers/kafka.js';
import { JVM_PROFILES } from './broker-versions.js';
import { newClusterId } from './cluster-id.js';
import { resolveBrokerJars, serverProperties, storageFormatArgs } from './local-broker.js';

describe('newClusterId', () => {
  it('gives base64url version-4 UUIDs that never start with "-"', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 100_000; i++) {
      const id = newClusterId();
      expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
      seen.add(id);
    }
    expect(seen.size).toBe(100_000);
    const bytes = Buffer.from(newClusterId(), 'base64url');
    expect(bytes).toHaveLength(16);
    expect(bytes[6]! >> 4).toBe(4); // UUID version 4
  });
});

describeWithKafka("Kafka's storage tool", () => {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-format-ids-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('formats 500 directories with 500 new cluster ids, rejecting none', async () => {
    const lines = Array.from({ length: 500 }, (_, i) => {
      const nodeDir = join(dir, String(i));
      mkdirSync(nodeDir);
      const props = join(nodeDir, 'server.properties');
      writeFileSync(props, serverProperties(nodeDir, 19092, 19093));
      return storageFormatArgs(newClusterId(), props).join('\t');
    });
    const run = await runToEnd('java', [...JVM_PROFILES.light, '-cp', `${resolveBrokerJars()}/*`, join(PACKAGE_ROOT, 'kafka', 'format-storage.java')], { input: lines.join('\n') + '\n' });
    const results = run.stdout.trim().split('\n');
    const failures = results.filter((r) => r !== 'ok');
    expect(failures, run.stderr.slice(-2000)).toEqual([]);
    expect(results).toHaveLength(500);
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
  }, 600_000); // CPU-bound work in one JVM: 15–20 s on a quiet machine, minutes on a loaded one
});
