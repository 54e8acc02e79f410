import { openSync, closeSync, writeSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ubxFrame } from './binary-frames.js';
import { readCaptureFile, type CaptureItem } from './capture-file.js';
import { frameAll, Framer, FRAMER_DEFAULTS, type DropReason, type FramerItem, type FramerOptions } from './framer.js';
import { withChecksum } from './nmea-checksum.js';

const RMC = withChecksum('GPRMC,152505.00,A,5547.82113,N,02334.14130,E,0.253,,091209,,,A');
const GGA = withChecksum('GPGGA,152505.00,5547.82113,N,02334.14130,E,1,08,0.9,545.4,M,46.9,M,,');

/** The outcome of one line given as its bytes, `\n` added. */
function outcome(line: string | Buffer, options: FramerOptions = {}): { sentence: string; trimmed: boolean } | DropReason {
  const bytes = Buffer.concat([typeof line === 'string' ? Buffer.from(line, 'latin1') : line, Buffer.from('\n')]);
  const { items, counts } = frameAll(bytes, options);
  expect(counts.lines).toBe(1);
  const sentence = items.find((i) => i.kind === 'sentence');
  if (sentence) return { sentence: sentence.sentence, trimmed: counts.trimmedPrefixes === 1 };
  const [reason] = Object.entries(counts.dropped).find(([, n]) => n === 1)!;
  return reason as DropReason;
}

const sentences = (items: FramerItem[]): string[] => items.flatMap((i) => (i.kind === 'sentence' ? [i.sentence] : []));

describe('Framer: one outcome per line', () => {
  it('keeps a clean sentence without CR/LF, trailing spaces or NULs', () => {
    expect(outcome(`${RMC}\r`)).toEqual({ sentence: RMC, trimmed: false });
    expect(outcome(`${RMC} \0\r`)).toEqual({ sentence: RMC, trimmed: false });
    expect(outcome(withChecksum('AIVDM,1,1,,A,13aG?P0P00PD;88MD5MTDww@2<0L,0', '!'))).toMatchObject({ trimmed: false });
  });

  it('accepts lowercase checksum digits', () => {
    const lower = withChecksum('GPGSV,1,1,00').replace(/\*(..)$/, (_m, h: string) => `*${h.toLowerCase()}`);
    expect(outcome(lower)).toMatchObject({ sentence: lower });
  });

  it('finds the sentence after garbage, binary or a truncated sentence on the same line', () => {
    expect(outcome(Buffer.concat([Buffer.from([0xb5, 0x62, 0x01, 0x07, 0x24, 0x00, 0xff]), Buffer.from(RMC)]))).toEqual({ sentence: RMC, trimmed: true });
    expect(outcome(`xx$GPGS${RMC}`)).toEqual({ sentence: RMC, trimmed: true });
    expect(outcome(`$GPGGA,12345${RMC}`)).toEqual({ sentence: RMC, trimmed: true });
    expect(outcome('#'.repeat(1000) + RMC)).toEqual({ sentence: RMC, trimmed: true });
  });

  it('drops every other line with its one reason', () => {
    expect(outcome('\r')).toBe('empty');
    expect(outcome('')).toBe('empty');
    expect(outcome('hello world')).toBe('noStart');
    expect(outcome('$GP\x01\x02binary')).toBe('binary');
    expect(outcome(Buffer.from([0x24, 0x47, 0x50, 0x00, 0x80, 0x81]))).toBe('binary');
    expect(outcome('$GPRMC,152505.00,A,5547.82113,N')).toBe('noChecksum');
    expect(outcome(RMC.replace('5547', '5548'))).toBe('badChecksum');
    expect(outcome(RMC.slice(0, -2) + 'ZZ')).toBe('badChecksum');
  });

  it('caps the sentence at maxSentenceChars but accepts long vendor sentences', () => {
    const vendor = withChecksum(`PUBX,00,${'1,'.repeat(80)}`);
    expect(vendor.length).toBeGreaterThan(82);
    expect(vendor.length).toBeLessThanOrEqual(FRAMER_DEFAULTS.maxSentenceChars);
    expect(outcome(vendor)).toMatchObject({ sentence: vendor });
    const huge = withChecksum(`PXXX,${'9'.repeat(300)}`);
    expect(outcome(huge)).toBe('tooLong');
    expect(outcome(huge, { maxSentenceChars: 400 })).toMatchObject({ sentence: huge });
    expect(outcome('$' + 'A'.repeat(200))).toBe('tooLong');
    expect(outcome('x'.repeat(3000))).toBe('tooLong');
  });
});

describe('Framer: bytes in any chunking', () => {
  const stream = Buffer.concat([
    Buffer.from(`${GGA}\r\nnoise\r\n`),
    ubxFrame(0x01, 0x07, Buffer.from([0x0a, 0x0d, 1, 2, 3, 0x0a])), // a frame with \r\n inside it
    Buffer.from(`${RMC}\r\n\r\n`),
  ]);

  it('gives the same sentences, frames and counts whether the bytes come at once or byte by byte', () => {
    const whole = frameAll(stream);
    const framer = new Framer();
    const items: FramerItem[] = [];
    for (let i = 0; i < stream.length; i++) items.push(...framer.push(stream.subarray(i, i + 1)));
    items.push(...framer.end());
    expect(items).toEqual(whole.items);
    expect(framer.counts).toEqual(whole.counts);
    expect(sentences(items)).toEqual([GGA, RMC]);
    expect(items.filter((i) => i.kind === 'frame')).toEqual([{ kind: 'frame', frame: { protocol: 'ubx', msgClass: 1, msgId: 7, payload: Buffer.from([0x0a, 0x0d, 1, 2, 3, 0x0a]) } }]);
    expect(whole.counts).toMatchObject({ bytes: stream.length, sentences: 2, frames: { 'ubx-01-07': 1 }, frameChecksumErrors: 0 });
    // Every line has one outcome: lines = sentences + drops.
    const dropped = Object.values(whole.counts.dropped).reduce((a, b) => a + b, 0);
    expect(whole.counts.lines).toBe(whole.counts.sentences + dropped);
  });

  it('cuts a run without newline at maxRunBytes, however it is chunked, and reads the line after it', () => {
    const run = Buffer.alloc(50, 0x41);
    const framer = new Framer({ maxRunBytes: 16 });
    const short = withChecksum('GPTXT,1');
    const items = [...framer.push(run.subarray(0, 7)), ...framer.push(run.subarray(7)), ...framer.push(Buffer.from(`\n${short}\n`))];
    // 50 = 3 × 16 cut, then "AA" ends at the newline.
    expect(framer.counts.dropped).toMatchObject({ tooLong: 3, noStart: 1 });
    expect(sentences(items)).toEqual([short]);
  });

  it('lets a line of exactly maxRunBytes through', () => {
    const { counts } = frameAll(Buffer.from('A'.repeat(16) + '\n'), { maxRunBytes: 16 });
    expect(counts.dropped).toMatchObject({ tooLong: 0, noStart: 1 });
  });

  it('skips a corrupted binary frame and counts it', () => {
    const corrupt = ubxFrame(0x01, 0x07, Buffer.alloc(92, 7));
    corrupt[50]! ^= 0xff;
    const { items, counts } = frameAll(Buffer.concat([corrupt, Buffer.from('\n'), ubxFrame(0x01, 0x07, Buffer.alloc(92, 7))]));
    expect(items.filter((i) => i.kind === 'frame')).toHaveLength(1);
    expect(counts.frameChecksumErrors).toBe(1);
  });

  it('does not wait for a frame whose length field exceeds the payload cap', () => {
    const framer = new Framer({ maxFramePayloadBytes: 64 });
    framer.push(Buffer.from([0xb5, 0x62, 1, 7, 0xff, 0xff, 1, 2, 3]));
    expect(framer.counts.frameChecksumErrors).toBe(1);
    // Not in a frame: a `#` line after it is a comment.
    expect(new Framer({ comments: true, maxFramePayloadBytes: 64 }).push(Buffer.from([0xb5, 0x62, 1, 7, 0xff, 0xff, 0x0a, 0x23, 0x0a]))).toEqual([{ kind: 'comment', text: '#' }]);
  });

  it('with comments, a # line is a comment unless it continues an unfinished binary frame', () => {
    const frame = ubxFrame(0x01, 0x07, Buffer.from('\n# not a comment\n'));
    const { items, counts } = frameAll(Buffer.concat([Buffer.from('# Date: 2021-07-04\r\n'), frame, Buffer.from(`\n${RMC}\n`)]), { comments: true });
    expect(items.map((i) => i.kind)).toEqual(['comment', 'frame', 'sentence']);
    expect(items[0]).toEqual({ kind: 'comment', text: '# Date: 2021-07-04' });
    expect(counts.comments).toBe(1);
    // Without comments, the same `#` line is a line without sentence start.
    expect(frameAll(Buffer.from('# Date: 2021-07-04\n')).counts.dropped.noStart).toBe(1);
  });
});

describe('readCaptureFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'framer-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('streams a 20 MB file without a newline, dropping the run in maxRunBytes pieces as tooLong', async () => {
    const path = join(dir, 'no-newline.log');
    const fd = openSync(path, 'w');
    const block = Buffer.alloc(1024 * 1024, 'A');
    for (let i = 0; i < 20; i++) writeSync(fd, block);
    writeSync(fd, `\n${RMC}\n`);
    closeSync(fd);
    const framer = new Framer({ comments: true });
    const items: CaptureItem[] = [];
    for await (const item of readCaptureFile(path, framer)) items.push(item);
    expect(items).toEqual([{ kind: 'sentence', sentence: RMC }]);
    const runBytes = 20 * 1024 * 1024;
    expect(framer.counts.dropped.tooLong).toBe(runBytes / FRAMER_DEFAULTS.maxRunBytes);
    // The pieces (the last one ends at the newline, at exactly maxRunBytes), then the sentence.
    expect(framer.counts.lines).toBe(runBytes / FRAMER_DEFAULTS.maxRunBytes + 1);
  });
});
