import { describe, expect, it } from 'vitest';
import { ubxFrame } from '../framing/binary-frames.js';
import { hasValidChecksum } from '../framing/nmea-checksum.js';
import * as commands from './receiver-commands.js';

const { pmtkAckOf, pmtkSetBaud, pmtkSetFixInterval, pmtkSetOutput, ubxAckOf, ubxSetNmeaRate, ubxSetRate, ubxSetUart1Baud, ubxValset, UBX_KEY, UBX_KEY_NMEA_UART1 } = commands;

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

  it('CFG-MSG switches one NMEA sentence, as u-center writes it', () => {
    expect(hex(ubxSetNmeaRate('GLL', 0))).toBe('B5 62 06 01 03 00 F0 01 00 FB 11');
    expect(hex(ubxSetNmeaRate('GSV', 0))).toBe('B5 62 06 01 03 00 F0 03 00 FD 15');
  });

  it('CFG-VALSET sizes each value from its key', () => {
    const baud = ubxValset([[UBX_KEY.uart1Baudrate, 38400]]);
    expect(hex(baud.subarray(0, 6))).toBe('B5 62 06 8A 0C 00');
    expect(baud.readUInt32LE(6 + 4)).toBe(UBX_KEY.uart1Baudrate);
    expect(baud.readUInt32LE(6 + 8)).toBe(38400);
    expect(ubxValset([[UBX_KEY.rateMeas, 100]]).readUInt16LE(4)).toBe(10);
    const two = ubxValset([[UBX_KEY.rateMeas, 200], [UBX_KEY_NMEA_UART1.GSV, 0]]);
    expect(two.readUInt16LE(4)).toBe(4 + 6 + 5);
    expect(two.readUInt16LE(6 + 8)).toBe(200);
    expect(two.readUInt32LE(6 + 10)).toBe(UBX_KEY_NMEA_UART1.GSV);
    expect(two[6 + 14]).toBe(0);
  });

  it('reads ACK-ACK and ACK-NAK for the message they answer', () => {
    const frame = (id: number, payload: number[]) => ({ protocol: 'ubx' as const, msgClass: 0x05, msgId: id, payload: Buffer.from(payload) });
    expect(ubxAckOf(frame(0x01, [0x06, 0x08]), 0x06, 0x08)).toBe(true);
    expect(ubxAckOf(frame(0x00, [0x06, 0x08]), 0x06, 0x08)).toBe(false);
    expect(ubxAckOf(frame(0x01, [0x06, 0x01]), 0x06, 0x08)).toBeUndefined();
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
    expect(pmtkSetOutput({ RMC: 1, GGA: 1 })).toBe('$PMTK314,0,1,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0*28\r\n');
    expect(pmtkSetBaud(57600)).toBe('$PMTK251,57600*2C\r\n');
  });

  it('rejects what the chip would ignore', () => {
    expect(() => pmtkSetBaud(12345)).toThrow(RangeError);
    expect(() => pmtkSetOutput({ GSV: 9 })).toThrow(RangeError);
  });

  it('reads PMTK001 acknowledgements as the MTK packet manual prints them', () => {
    expect(hasValidChecksum('$PMTK001,220,3*30')).toBe(true);
    expect(pmtkAckOf('$PMTK001,220,3*30', 220)).toBe(true);
    expect(pmtkAckOf('$PMTK001,314,3*36', 220)).toBeUndefined();
    expect(pmtkAckOf('$PMTK001,314,1*30', 314)).toBe('unsupported command');
    expect(pmtkAckOf('$GPRMC,1*00', 314)).toBeUndefined();
  });
});
