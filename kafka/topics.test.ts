import { describe, expect, it } from 'vitest';
import { UserError } from '../common/errors.js';
import { TOPIC_REPLICATION_DEFAULTS, replicationFor, wantedReplication } from './topics.js';

describe('replicationFor', () => {
  it('gives RF 3 and min ISR 2 from three brokers up, and what fits below', () => {
    expect(replicationFor(1)).toEqual({ replicationFactor: 1, minInsyncReplicas: 1 });
    expect(replicationFor(2)).toEqual({ replicationFactor: 2, minInsyncReplicas: 1 });
    expect(replicationFor(3)).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
    expect(replicationFor(7)).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
  });

  it('keeps a wanted min ISR as asked when the cluster is big enough, and leaves room for one loss when it is not', () => {
    expect(replicationFor(5, { replicationFactor: 5, minInsyncReplicas: 3 })).toEqual({ replicationFactor: 5, minInsyncReplicas: 3 });
    expect(replicationFor(3, { replicationFactor: 3, minInsyncReplicas: 3 })).toEqual({ replicationFactor: 3, minInsyncReplicas: 3 });
    expect(replicationFor(3, { replicationFactor: 5, minInsyncReplicas: 3 })).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
  });
});

describe('wantedReplication', () => {
  it('reads KAFKA_REPLICATION_FACTOR and KAFKA_MIN_INSYNC_REPLICAS, else the defaults', () => {
    expect(wantedReplication({})).toEqual(TOPIC_REPLICATION_DEFAULTS);
    expect(wantedReplication({ KAFKA_REPLICATION_FACTOR: ' 5 ', KAFKA_MIN_INSYNC_REPLICAS: '3' })).toEqual({ replicationFactor: 5, minInsyncReplicas: 3 });
  });

  it('refuses values that are not whole numbers ≥ 1, or a min ISR above the factor, saying which', () => {
    expect(() => wantedReplication({ KAFKA_REPLICATION_FACTOR: 'three' })).toThrowError(/KAFKA_REPLICATION_FACTOR=three is not a whole number ≥ 1/);
    expect(() => wantedReplication({ KAFKA_MIN_INSYNC_REPLICAS: '0' })).toThrowError(UserError);
    expect(() => wantedReplication({ KAFKA_REPLICATION_FACTOR: '2', KAFKA_MIN_INSYNC_REPLICAS: '3' })).toThrowError(/more than the replication factor 2/);
  });
});
