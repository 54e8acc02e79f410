import net from 'node:net';

/**
 * The KRaft metadata quorum as Kafka's DescribeQuorum API (KIP-595/KIP-836) reports it: which
 * controller is the active one (the Raft leader of __cluster_metadata), in which epoch, and
 * how far each voter is. kafkajs does not speak this API, and its describeCluster() cannot
 * answer: on KRaft, the Metadata response names a random broker as "controller". So this
 * module sends the one request itself (version 0, the oldest: every KRaft line serves it; a
 * broker forwards it to the active controller).
 */
export interface MetadataQuorum {
  leaderId: number;
  leaderEpoch: number;
  highWatermark: bigint;
  voters: { replicaId: number; logEndOffset: bigint }[];
  observers: { replicaId: number; logEndOffset: bigint }[];
}

const API_KEY_DESCRIBE_QUORUM = 55;
const METADATA_TOPIC = '__cluster_metadata';

/** Thrown when a broker answers DescribeQuorum with a Kafka error code. */
export class QuorumError extends Error {
  constructor(readonly errorCode: number) {
    super(`DescribeQuorum failed with Kafka error code ${errorCode}`);
    this.name = 'QuorumError';
  }
}

function uvarint(value: number): Buffer {
  const bytes: number[] = [];
  while (value >= 0x80) {
    bytes.push((value & 0x7f) | 0x80);
    value >>>= 7;
  }
  bytes.push(value);
  return Buffer.from(bytes);
}

/** DescribeQuorum v0 for partition 0 of __cluster_metadata: request header v2 (flexible), size-prefixed. */
export function encodeDescribeQuorumRequest(correlationId: number, clientId: string): Buffer {
  const header = Buffer.alloc(10);
  header.writeInt16BE(API_KEY_DESCRIBE_QUORUM, 0);
  header.writeInt16BE(0, 2);
  header.writeInt32BE(correlationId, 4);
  header.writeInt16BE(Buffer.byteLength(clientId), 8);
  const partition = Buffer.alloc(4); // partition_index 0
  const topic = Buffer.from(METADATA_TOPIC);
  const message = Buffer.concat([
    header,
    Buffer.from(clientId),
    uvarint(0), // header tagged fields
    uvarint(1 + 1), // topics: compact array of 1
    uvarint(topic.length + 1),
    topic,
    uvarint(1 + 1), // partitions: compact array of 1
    partition,
    uvarint(0), // partition tagged fields
    uvarint(0), // topic tagged fields
    uvarint(0), // request tagged fields
  ]);
  const size = Buffer.alloc(4);
  size.writeInt32BE(message.length, 0);
  return Buffer.concat([size, message]);
}

class Reader {
  private offset = 0;
  constructor(private readonly buffer: Buffer) {}
  int16(): number {
    const v = this.buffer.readInt16BE(this.offset);
    this.offset += 2;
    return v;
  }
  int32(): number {
    const v = this.buffer.readInt32BE(this.offset);
    this.offset += 4;
    return v;
  }
  int64(): bigint {
    const v = this.buffer.readBigInt64BE(this.offset);
    this.offset += 8;
    return v;
  }
  uvarint(): number {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = this.buffer[this.offset++];
      if (byte === undefined) throw new RangeError('DescribeQuorum response ends inside a varint');
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value;
    }
  }
  compactString(): string {
    const length = this.uvarint() - 1;
    const v = this.buffer.toString('utf8', this.offset, this.offset + length);
    this.offset += length;
    return v;
  }
  compactArray<T>(item: () => T): T[] {
    const length = this.uvarint() - 1;
    return Array.from({ length: Math.max(0, length) }, item);
  }
  taggedFields(): void {
    for (let count = this.uvarint(); count > 0; count--) {
      this.uvarint(); // tag
      const size = this.uvarint();
      this.offset += size; // the value, unknown to this reader
    }
  }
}

/** Decodes a DescribeQuorum v0 response body that follows the 4-byte size. */
export function decodeDescribeQuorumResponse(body: Buffer, correlationId: number): MetadataQuorum {
  const r = new Reader(body);
  const gotCorrelationId = r.int32();
  if (gotCorrelationId !== correlationId) throw new Error(`DescribeQuorum answer for request ${gotCorrelationId}, expected ${correlationId}`);
  r.taggedFields();
  const errorCode = r.int16();
  if (errorCode !== 0) throw new QuorumError(errorCode);
  const replica = () => {
    const state = { replicaId: r.int32(), logEndOffset: r.int64() };
    r.taggedFields();
    return state;
  };
  const topics = r.compactArray(() => {
    const name = r.compactString();
    const partitions = r.compactArray(() => {
      r.int32(); // partition_index
      const partitionError = r.int16();
      const quorum = { partitionError, leaderId: r.int32(), leaderEpoch: r.int32(), highWatermark: r.int64(), voters: r.compactArray(replica), observers: r.compactArray(replica) };
      r.taggedFields();
      return quorum;
    });
    r.taggedFields();
    return { name, partitions };
  });
  const partition = topics.find((t) => t.name === METADATA_TOPIC)?.partitions[0];
  if (!partition) throw new Error('DescribeQuorum answer has no __cluster_metadata partition');
  if (partition.partitionError !== 0) throw new QuorumError(partition.partitionError);
  const { partitionError: _, ...quorum } = partition;
  return quorum;
}

/** Asks the broker at host:port (plaintext) for the metadata quorum; rejects on error or after `timeoutMs`. */
export function describeMetadataQuorum(address: string, timeoutMs = 5_000): Promise<MetadataQuorum> {
  const [host, port] = [address.slice(0, address.lastIndexOf(':')), Number(address.slice(address.lastIndexOf(':') + 1))];
  const correlationId = 1;
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    let received = Buffer.alloc(0);
    const finish = (err: Error | undefined, quorum?: MetadataQuorum) => {
      socket.destroy();
      if (err) reject(err);
      else resolve(quorum!);
    };
    socket.setTimeout(timeoutMs, () => finish(new Error(`no DescribeQuorum answer from ${address} within ${timeoutMs} ms`)));
    socket.once('error', (err) => finish(err));
    socket.once('connect', () => socket.write(encodeDescribeQuorumRequest(correlationId, 'telematics-quorum')));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 4 || received.length < 4 + received.readInt32BE(0)) return;
      try {
        finish(undefined, decodeDescribeQuorumResponse(received.subarray(4, 4 + received.readInt32BE(0)), correlationId));
      } catch (err) {
        finish(err as Error);
      }
    });
    socket.once('end', () => finish(new Error(`${address} closed the connection before answering DescribeQuorum`)));
  });
}
