/** A CASIC frame with a valid checksum: sync, little-endian length, class, id, payload (a multiple of 4 bytes), checksum. */
export function casicFrame(msgClass: number, msgId: number, payload: Buffer): Buffer {
  const head = Buffer.from([0xba, 0xce, payload.length & 0xff, payload.length >> 8, msgClass, msgId]);
  let sum = ((msgId << 24) + (msgClass << 16) + payload.length) >>> 0;
  for (let i = 0; i < payload.length; i += 4) sum = (sum + payload.readUInt32LE(i)) >>> 0;
  const ck = Buffer.alloc(4);
  ck.writeUInt32LE(sum);
  return Buffer.concat([head, payload, ck]);
}
