import { describe, expect, it } from 'vitest';
import { classifyLine, RunCutter } from './line-guard.js';

async function cut(chunks: Buffer[], maxRunBytes: number): Promise<{ out: Buffer; cuts: number }> {
  const cutter = new RunCutter(maxRunBytes);
  const out: Buffer[] = [];
  cutter.on('data', (b: Buffer) => out.push(b));
  for (const c of chunks) cutter.write(c);
  cutter.end();
  await new Promise((r) => cutter.on('end', r));
  return { out: Buffer.concat(out), cuts: cutter.cuts };
}

describe('RunCutter', () => {
  it('passes lines shorter than the cap unchanged, across chunk boundaries', async () => {
    const input = Buffer.from('$GPGGA,1*00\r\n$GPRMC,2*00\r\n');
    const { out, cuts } = await cut([input.subarray(0, 7), input.subarray(7, 20), input.subarray(20)], 16);
    expect(out.equals(input)).toBe(true);
    expect(cuts).toBe(0);
  });

  it('cuts a run without newline at the cap, however it is chunked', async () => {
    const run = Buffer.alloc(50, 0x41);
    const { out, cuts } = await cut([run.subarray(0, 7), run.subarray(7), Buffer.from('\n$X*00\n')], 16);
    const lines = out.toString('latin1').split('\n');
    expect(cuts).toBe(3);
    expect(lines.slice(0, 3).every((l) => l.length === 17 && l.endsWith('\0'))).toBe(true);
    expect(lines.slice(3)).toEqual(['AA', '$X*00', '']);
  });

  it('lets a line of exactly the cap through', async () => {
    const { cuts } = await cut([Buffer.from('A'.repeat(16) + '\n')], 16);
    expect(cuts).toBe(0);
  });
});

describe('classifyLine', () => {
  it('keeps a sentence and strips CR', () => {
    expect(classifyLine('$GPGGA,1*00\r')).toEqual({ ok: true, sentence: '$GPGGA,1*00', prefixBytes: 0 });
    expect(classifyLine('!AIVDM,1,1,,A,13aG?P0P00PD;88MD5MTDww@2<0L,0*29')).toMatchObject({ ok: true });
  });

  it('keeps the sentence after a binary prefix (UBX before NMEA on one line)', () => {
    const line = '\xb5\x62\x01\x07\x5c\x00\x10\x20$GNRMC,1*00\r';
    expect(classifyLine(line)).toEqual({ ok: true, sentence: '$GNRMC,1*00', prefixBytes: 8 });
  });

  it('takes the complete sentence after a truncated one whose newline was lost', () => {
    expect(classifyLine('$GPGGA,12345$GPRMC,1*00')).toMatchObject({ ok: true, sentence: '$GPRMC,1*00' });
  });

  it('drops by reason', () => {
    expect(classifyLine('\r')).toEqual({ ok: false, reason: 'empty' });
    expect(classifyLine('')).toEqual({ ok: false, reason: 'empty' });
    expect(classifyLine('hello world')).toEqual({ ok: false, reason: 'noStart' });
    expect(classifyLine('$GP\x01\x02binary')).toEqual({ ok: false, reason: 'binary' });
    expect(classifyLine('$' + 'A'.repeat(200))).toEqual({ ok: false, reason: 'tooLong' });
    expect(classifyLine('$' + 'A'.repeat(199))).toMatchObject({ ok: true });
    expect(classifyLine('A'.repeat(16) + '\0', 200, 16)).toEqual({ ok: false, reason: 'tooLong' });
    expect(classifyLine('$GPGGA,1*00' + 'x\0', 200, 16)).toEqual({ ok: false, reason: 'binary' });
  });
});
