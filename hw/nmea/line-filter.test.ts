import { describe, expect, it } from 'vitest';
import { withChecksum } from '../nmea-checksum.js';
import { filterLine } from './line-filter.js';

const RMC = withChecksum('GPRMC,152505.00,A,5547.82113,N,02334.14130,E,0.253,,091209,,,A');

describe('filterLine', () => {
  it('keeps a clean sentence and strips CR/LF', () => {
    expect(filterLine(`${RMC}\r\n`)).toEqual({ ok: true, sentence: RMC, garbagePrefixChars: 0 });
    expect(filterLine(Buffer.from(`${RMC}\r`))).toEqual({ ok: true, sentence: RMC, garbagePrefixChars: 0 });
  });

  it('accepts lowercase checksum digits', () => {
    const lower = withChecksum('GPGSV,1,1,00').replace(/\*(..)$/, (_m, h: string) => `*${h.toLowerCase()}`);
    expect(filterLine(lower).ok).toBe(true);
  });

  it('finds the sentence start after garbage and binary on the same line', () => {
    const bin = Buffer.concat([Buffer.from([0xb5, 0x62, 0x01, 0x07, 0x24, 0x00, 0xff]), Buffer.from(RMC)]);
    expect(filterLine(bin)).toEqual({ ok: true, sentence: RMC, garbagePrefixChars: 7 });
    expect(filterLine(`xx$GPGS${RMC}`)).toEqual({ ok: true, sentence: RMC, garbagePrefixChars: 7 });
  });

  it('drops every bad line with its reason', () => {
    expect(filterLine('\r')).toEqual({ ok: false, reason: 'empty' });
    expect(filterLine('hello world')).toEqual({ ok: false, reason: 'no_start' });
    expect(filterLine(Buffer.from([0x24, 0x47, 0x50, 0x00, 0x80, 0x81]))).toEqual({ ok: false, reason: 'no_start' });
    expect(filterLine('$GPRMC,152505.00,A,5547.82113,N')).toEqual({ ok: false, reason: 'no_checksum' });
    const corrupted = RMC.replace('5547', '5548');
    expect(filterLine(corrupted)).toEqual({ ok: false, reason: 'bad_checksum' });
    expect(filterLine(RMC.slice(0, -2) + 'ZZ')).toEqual({ ok: false, reason: 'bad_checksum' });
  });

  it('caps the sentence length but accepts long vendor sentences', () => {
    const vendor = withChecksum(`PUBX,00,${'1,'.repeat(80)}`);
    expect(vendor.length).toBeGreaterThan(82);
    expect(vendor.length).toBeLessThanOrEqual(200);
    expect(filterLine(vendor).ok).toBe(true);
    const huge = withChecksum(`PXXX,${'9'.repeat(300)}`);
    expect(filterLine(huge)).toEqual({ ok: false, reason: 'too_long' });
    expect(filterLine(huge, { maxSentenceChars: 400 }).ok).toBe(true);
    expect(filterLine('x'.repeat(5000))).toEqual({ ok: false, reason: 'too_long' });
  });

  it('keeps a normal sentence at the end of a long garbage line', () => {
    expect(filterLine('#'.repeat(1000) + RMC)).toEqual({ ok: true, sentence: RMC, garbagePrefixChars: 1000 });
  });
});
