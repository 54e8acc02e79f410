import { describe, expect, it } from 'vitest';
import type { Fix } from '../fix.js';
import { gpsdJsonLines, skyJson, tpvJson } from './json.js';

describe("gpsd's JSON", () => {
  const fix: Fix = {
    class: 'TPV', mode: 3, time: '2019-08-26T22:17:27.000Z', lat: -25.451839000000003, lon: -49.2344, altMSL: 929.7, altHAE: 926.1, speed: 12.5, track: 231.3,
    climb: -0.1, magvar: -18.3, geoidSep: -3.6, eph: 17.1, epv: 29.9, eps: 1.25, ept: 0.005, quality: 2, uSat: 8, hdop: 0.9,
  };

  it("prints a TPV in gpsd's field order with gpsd's decimals, without the fields gpsd keeps for SKY", () => {
    expect(tpvJson(fix, { device: '/dev/gps0' })).toBe(
      '{"class":"TPV","device":"/dev/gps0","status":2,"mode":3,"time":"2019-08-26T22:17:27.000Z","ept":0.005,"lat":-25.451839000,"lon":-49.234400000,' +
        '"altHAE":926.1000,"altMSL":929.7000,"epv":29.900,"track":231.3000,"magvar":-18.3,"speed":12.500,"climb":-0.100,"eps":1.25,"geoidSep":-3.600,"eph":17.100}',
    );
  });

  it('leaves out what the mode does not support, and status below DGPS', () => {
    const twoD = JSON.parse(tpvJson({ ...fix, mode: 2, quality: 1 })) as Record<string, unknown>;
    expect(Object.keys(twoD)).toEqual(['class', 'mode', 'time', 'ept', 'lat', 'lon', 'altHAE', 'altMSL', 'epv', 'track', 'magvar', 'speed', 'eps', 'eph']);
    expect(tpvJson({ class: 'TPV', mode: 1, time: fix.time, ept: 0.005, lat: 1, lon: 2 })).toBe('{"class":"TPV","mode":1,"time":"2019-08-26T22:17:27.000Z","ept":0.005}');
    // Before a date is known: a position, no time and no time error (telit-he910.log.chk).
    expect(tpvJson({ class: 'TPV', mode: 2, ept: 0.005, lat: 1, lon: 2 })).toBe('{"class":"TPV","mode":2,"lat":1.000000000,"lon":2.000000000}');
  });

  it('prints a SKY with its DOPs and satellites, and a report as TPV then SKY lines', () => {
    const sky = { class: 'SKY' as const, hdop: 0.9, pdop: 1.6, vdop: 1.3, nSat: 2, uSat: 1, satellites: [{ PRN: 5, el: 45, az: 270, ss: 41, used: true }, { PRN: 70, used: false }] };
    expect(skyJson(sky)).toBe(
      '{"class":"SKY","hdop":0.90,"pdop":1.60,"vdop":1.30,"nSat":2,"uSat":1,"satellites":[{"PRN":5,"az":270.0,"el":45.0,"ss":41.0,"used":true},{"PRN":70,"used":false}]}',
    );
    expect(gpsdJsonLines({ fix, sky }).split('\n').map((l) => (l ? (JSON.parse(l) as { class: string }).class : ''))).toEqual(['TPV', 'SKY', '']);
    expect(gpsdJsonLines({ fix })).toBe(`${tpvJson(fix)}\n`);
  });
});
