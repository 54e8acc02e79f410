import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBinaryBatch, encodeBinaryBatch } from './binary-batch.js';
import type { PositionBatch } from './position.js';

const DIR = join(import.meta.dirname, 'test-vectors');
const names = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -'.json'.length));

describe('binary test vectors (protocol/test-vectors, specified in BINARY.md)', () => {
  it('has the vectors BINARY.md walks through', () => {
    expect(names).toEqual(expect.arrayContaining(['minimal', 'example', 'gaps-and-presence', 'real-driving']));
  });

  it.each(names)('%s: encodes to exactly the bytes in the .hex file and decodes back', (name) => {
    const vector = JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')) as { bytes: number; batch: PositionBatch };
    // One line per header and position in the file; whitespace is only layout.
    const bytes = Buffer.from(readFileSync(join(DIR, `${name}.hex`), 'utf8').replace(/\s+/g, ''), 'hex');
    expect(bytes.length).toBe(vector.bytes);
    expect(encodeBinaryBatch(vector.batch).toString('hex')).toBe(bytes.toString('hex'));
    expect(decodeBinaryBatch(bytes)).toEqual(vector.batch);
  });
});
