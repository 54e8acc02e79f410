import { describe, expect, it } from 'vitest';
import { FieldChecker } from '../fix-bounds.js';
import { withChecksum } from '../framing/nmea-checksum.js';
import { decodeSentence, type GsvSentence } from './decoder.js';
import { nmeaSatellitePrn } from './satellite-prn.js';
import { SkyViewCollector } from './sky-view.js';

const gsv = (body: string) => {
  const decoded = decodeSentence(withChecksum(body));
  if (decoded.kind !== 'sentence') throw new Error(`${body}: ${decoded.kind}`);
  return decoded.sentence as GsvSentence;
};

describe('SkyViewCollector', () => {
  it('takes a GSV set when its last sentence arrives, with gpsd PRNs, used flags from GSA (with a signal only)', () => {
    const sky = new SkyViewCollector(new FieldChecker());
    sky.push(gsv('GPGSV,2,1,05,03,41,050,46,07,61,316,49,08,34,315,,11,35,148,45'));
    expect(sky.satellites(new Set())).toBeUndefined();
    sky.push(gsv('GPGSV,2,2,05,13,38,,46'));
    sky.push(gsv('GLGSV,1,1,01,05,10,100,30'));
    expect(sky.satellites(new Set([3, 8, 69]))).toEqual([
      { PRN: 3, el: 41, az: 50, ss: 46, used: true },
      { PRN: 7, el: 61, az: 316, ss: 49, used: false },
      { PRN: 8, el: 34, az: 315, used: false },
      { PRN: 11, el: 35, az: 148, ss: 45, used: false },
      { PRN: 13, ss: 46, used: false },
      { PRN: 69, el: 10, az: 100, ss: 30, used: true },
    ]);
  });

  it('discards a set with a sentence missing, and lets a talker that stopped sending leave the view', () => {
    const sky = new SkyViewCollector(new FieldChecker(), 2);
    sky.push(gsv('GPGSV,1,1,01,03,41,050,46'));
    sky.push(gsv('GLGSV,3,1,09,65,41,050,46'));
    sky.push(gsv('GLGSV,3,3,09,66,41,050,46'));
    expect(sky.satellites(new Set())!.map((s) => s.PRN)).toEqual([3]);
    for (let i = 0; i < 3; i++) sky.epochEnded();
    expect(sky.satellites(new Set())).toBeUndefined();
  });

  it('drops impossible directions and signals, counting them', () => {
    const checker = new FieldChecker();
    const sky = new SkyViewCollector(checker);
    sky.push(gsv('GPGSV,1,1,02,03,95,050,46,04,20,400,120'));
    expect(sky.satellites(new Set())).toEqual([{ PRN: 3, az: 50, ss: 46, used: false }, { PRN: 4, el: 20, used: false }]);
    expect(checker.counts).toEqual({ el: 1, az: 1, ss: 1 });
  });
});

describe('nmeaSatellitePrn', () => {
  it.each([
    ['GP', 5, undefined, 5],
    ['GN', 70, undefined, 70],
    ['GL', 5, undefined, 69],
    ['GA', 7, undefined, 307],
    ['GB', 7, undefined, 407],
    ['GN', 210, undefined, 410],
    ['GN', 13, 4, 413],
    ['GN', 82, 2, 82],
    ['GP', 120, undefined, 120],
    ['GP', 100, undefined, 0],
  ])('%s %i (system %s) is PRN %i', (talker, id, system, prn) => {
    expect(nmeaSatellitePrn(talker, id, system)).toBe(prn);
  });
});
