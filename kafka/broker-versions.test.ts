import { describe, expect, it } from 'vitest';
import { CLUSTER_NODE_HEAP, JVM_PROFILES, jvmOptions } from './broker-versions.js';

describe('jvmOptions', () => {
  it('gives a single broker its profile as is', () => {
    expect(jvmOptions('light', false)).toEqual(JVM_PROFILES.light);
    expect(jvmOptions('bench', false)).toEqual(JVM_PROFILES.bench);
  });

  it('gives each node of a light cluster the cluster heap and the rest of the profile', () => {
    const options = jvmOptions('light', true);
    expect(options.filter((o) => /^-Xm[sx]/.test(o))).toEqual(CLUSTER_NODE_HEAP.light);
    expect(options).toContain('-XX:TieredStopAtLevel=1');
    expect(jvmOptions('bench', true)).toEqual(JVM_PROFILES.bench);
  });
});
