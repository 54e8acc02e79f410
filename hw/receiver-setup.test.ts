import { describe, expect, it } from 'vitest';
import { pmtkSetBaud, pmtkSetFixInterval, pmtkSetOutput, ubxFrame, ubxSetRate, ubxSetUart1Baud, ubxValset, UBX_KEY } from './receiver-setup.js';

const hex = (b: Buffer): string => b.toString('hex').toUpperCase().replace(/(..)(?!$)/g, '$1 ');

// Expected bytes are the published command strings (u-blox u-center exports, Adafruit_GPS.h).
describe('UBX commands', () => {
  it('CFG-RATE 1 Hz matches the well-known frame', () => {
    expect(hex(ubxSetRate(1000))).toBe('B5 62 06 08 06 00 E8 03 01 00 01 00 01 39');
  });

  it('frames a poll (empty payload) with its checksum', () => {
    expect(hex(ubxFrame(0x06, 0x08))).toBe('B5 62 06 08 00 00 0E 30');
  });

  it('CFG-PRT lays out UART1 8N1 at the given baud', () => {
    const frame = ubxSetUart1Baud(115200);
    expect(frame.length).toBe(28);
    expect(hex(frame.subarray(0, 6))).toBe('B5 62 06 00 14 00');
    expect(frame.readUInt32LE(6 + 8)).toBe(115200);
    expect(frame.readUInt32LE(6 + 4)).toBe(0x8d0);
  });

  it('CFG-VALSET sizes the value from the key', () => {
    const baud = ubxValset(UBX_KEY.uart1Baudrate, 38400);
    expect(hex(baud.subarray(0, 6))).toBe('B5 62 06 8A 0C 00');
    expect(baud.readUInt32LE(6 + 4)).toBe(UBX_KEY.uart1Baudrate);
    expect(baud.readUInt32LE(6 + 8)).toBe(38400);
    expect(ubxValset(UBX_KEY.rateMeas, 100).readUInt16LE(4)).toBe(10);
  });

  it('rejects out-of-range values', () => {
    expect(() => ubxSetRate(10)).toThrow(RangeError);
  });
});

describe('PMTK commands', () => {
  it('matches the Adafruit_GPS constants', () => {
    expect(pmtkSetFixInterval(1000)).toBe('$PMTK220,1000*1F\r\n');
    expect(pmtkSetFixInterval(200)).toBe('$PMTK220,200*2C\r\n');
    expect(pmtkSetFixInterval(100)).toBe('$PMTK220,100*2F\r\n');
    expect(pmtkSetOutput({ rmc: 1, gga: 1 })).toBe('$PMTK314,0,1,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0*28\r\n');
    expect(pmtkSetBaud(57600)).toBe('$PMTK251,57600*2C\r\n');
  });

  it('rejects what the chip would ignore', () => {
    expect(() => pmtkSetBaud(12345)).toThrow(RangeError);
    expect(() => pmtkSetOutput({ gsv: 9 })).toThrow(RangeError);
  });
});
