import { Partitioners } from 'kafkajs';

/** How every producer of the project picks a keyed record's partition: kafkajs's default (Java's murmur2) on the key, the vehicle id. */
export const createPartitioner = Partitioners.DefaultPartitioner;
const keyPartitioner = createPartitioner();

/** The partition a record with this key goes to in a topic of `partitionCount` partitions (the gateway's dedup follower, the monitor's housekeeping). */
export function partitionOfKey(key: string, partitionCount: number): number {
  // For a keyed record only the number of partitions matters (a hash of the key modulo it).
  const partitionMetadata = Array.from({ length: partitionCount }, (_, partitionId) => ({ partitionErrorCode: 0, partitionId, leader: 0, replicas: [], isr: [] }));
  return keyPartitioner({ topic: '', partitionMetadata, message: { key, value: null } });
}
