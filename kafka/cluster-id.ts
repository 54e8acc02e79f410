import { randomUUID } from 'node:crypto';

/**
 * A KRaft cluster id as Kafka's own `Uuid.randomUuid()` makes it: a random (version 4) UUID,
 * base64url without padding (22 characters), never starting with '-': the storage tool's
 * argument parser reads such an id as a flag (about one random id in 64 would fail to format).
 * A version-4 UUID is never one of Kafka's reserved ids (all zeros, 1).
 */
export function newClusterId(): string {
  for (;;) {
    const id = Buffer.from(randomUUID().replaceAll('-', ''), 'hex').toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
