/**
 * Deterministic pseudo-random streams (mulberry32), so a noise or fuzz test replays the same
 * stream on every run and what it asserts about that stream can be checked offline.
 */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  const next = mulberry32(seed);
  return () => next() / 4294967296;
}

export function seededRandomBytes(seed: number): (length: number) => Buffer {
  const next = mulberry32(seed);
  return (length) => {
    const buf = Buffer.allocUnsafe(length);
    let i = 0;
    for (; i + 4 <= length; i += 4) buf.writeUInt32LE(next(), i);
    if (i < length) {
      const last = next();
      for (let k = 0; i < length; i++, k++) buf[i] = (last >>> (8 * k)) & 0xff;
    }
    return buf;
  };
}
