import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBinaryBatch, encodeBinaryBatch } from './binary-batch.js';
import { encodeJsonBatch, parseJsonBatch } from './json-batch.js';

const DIR = join(import.meta.dirname, 'test-vectors');
const names = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -'.json'.length));

describe('binary test vectors (protocol/test-vectors, specified in BINARY.md)', () => {
  it('has the vectors BINARY.md walks through', () => {
    expect(names).toEqual(expect.arrayContaining(['minimal', 'example', 'gaps-and-presence', 'real-driving']));
  });

  it.each(names)('%s: encodes to exactly the bytes in the .hex file and decodes back', (name) => {
    const vector = JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')) as { bytes: number; batch: unknown };
    // The vector's batch is written as a JSON body: read it through the JSON edge.
    const batch = parseJsonBatch(JSON.stringify(vector.batch));
    // One line per header and position in the file; whitespace is only layout.
    const bytes = Buffer.from(readFileSync(join(DIR, `${name}.hex`), 'utf8').replace(/\s+/g, ''), 'hex');
    expect(bytes.length).toBe(vector.bytes);
    expect(encodeBinaryBatch(batch).toString('hex')).toBe(bytes.toString('hex'));
    expect(decodeBinaryBatch(bytes)).toEqual(batch);
    expect(JSON.parse(encodeJsonBatch(decodeBinaryBatch(bytes)))).toEqual(vector.batch);
  });
});
