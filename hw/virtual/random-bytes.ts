/**
 * Deterministic pseudo-random bytes (mulberry32), so a noise test replays the same
 * stream on every run and what it asserts about that stream can be checked offline.
 */
export function seededRandomBytes(seed: number): (length: number) => Buffer {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
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
