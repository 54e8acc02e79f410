import { describe, expect, it } from 'vitest';
import { QuorumError, decodeDescribeQuorumResponse, encodeDescribeQuorumRequest } from './metadata-quorum.js';

/** A DescribeQuorum v0 response body (after the size) as Kafka's message spec lays it out, written byte by byte. */
function responseBody(options: { errorCode?: number; partitionError?: number; leaderId: number; taggedField?: boolean }): Buffer {
  const i16 = (v: number) => Buffer.from([(v >> 8) & 0xff, v & 0xff]);
  const i32 = (v: number) => {
    const b = Buffer.alloc(4);
    b.writeInt32BE(v);
    return b;
  };
  const i64 = (v: bigint) => {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(v);
    return b;
  };
  const voter = (id: number, leo: bigint) => Buffer.concat([i32(id), i64(leo), Buffer.from([0])]);
  return Buffer.concat([
    i32(7), // correlation id
    options.taggedField ? Buffer.from([1, 5, 2, 0xaa, 0xbb]) : Buffer.from([0]), // header tagged fields (one unknown tag 5 of 2 bytes)
    i16(options.errorCode ?? 0),
    Buffer.from([2]), // topics: 1
    Buffer.from([19]),
    Buffer.from('__cluster_metadata'),
    Buffer.from([2]), // partitions: 1
    i32(0),
    i16(options.partitionError ?? 0),
    i32(options.leaderId),
    i32(4), // leader epoch
    i64(300n), // high watermark
    Buffer.from([4]), // voters: 3
    voter(1, 300n),
    voter(2, 299n),
    voter(3, 180n),
    Buffer.from([1]), // observers: 0
    Buffer.from([0]), // partition tagged fields
    Buffer.from([0]), // topic tagged fields
    Buffer.from([0]), // response tagged fields
  ]);
}

describe('DescribeQuorum', () => {
  it('encodes a v0 request for __cluster_metadata partition 0 with a v2 (flexible) header', () => {
    const request = encodeDescribeQuorumRequest(7, 'ab');
    expect(request.toString('hex')).toBe(
      [
        '00000029', // size: 41 bytes follow
        '0037', // api key 55
        '0000', // version 0
        '00000007', // correlation id
        '0002', '6162', // client id "ab" (int16 length)
        '00', // header tagged fields
        '02', // topics: compact array of 1
        '13', Buffer.from('__cluster_metadata').toString('hex'), // compact string, length 18
        '02', // partitions: 1
        '00000000', // partition 0
        '00', '00', '00', // tagged fields: partition, topic, request
      ].join(''),
    );
  });

  it('decodes the leader, its epoch and every voter, skipping tagged fields it does not know', () => {
    const quorum = decodeDescribeQuorumResponse(responseBody({ leaderId: 2, taggedField: true }), 7);
    expect(quorum).toEqual({
      leaderId: 2,
      leaderEpoch: 4,
      highWatermark: 300n,
      voters: [
        { replicaId: 1, logEndOffset: 300n },
        { replicaId: 2, logEndOffset: 299n },
        { replicaId: 3, logEndOffset: 180n },
      ],
      observers: [],
    });
  });

  it('reports Kafka error codes, and an answer to another request', () => {
    expect(() => decodeDescribeQuorumResponse(responseBody({ leaderId: 1, errorCode: 41 }), 7)).toThrowError(QuorumError);
    expect(() => decodeDescribeQuorumResponse(responseBody({ leaderId: 1, partitionError: 6 }), 7)).toThrowError(/error code 6/);
    expect(() => decodeDescribeQuorumResponse(responseBody({ leaderId: 1 }), 8)).toThrowError(/request 7, expected 8/);
    expect(() => decodeDescribeQuorumResponse(responseBody({ leaderId: 1 }).subarray(0, 20), 7)).toThrowError();
  });
});
