import { withChecksum } from './framing/nmea-checksum.js';

/**
 * Optional receiver set-up commands, as the bytes to write to the receiver's serial port
 * (e.g. with `SerialGps.write`). Nothing here is sent automatically: receivers ship with
 * usable defaults, and a wrong command can leave one silent at a rate nobody listens on.
 * After a baud-rate change, reopen the port at the new rate (or use `--baud auto`).
 */

// ---- u-blox UBX (u-blox 6/7/8 "CFG-*" messages; generation 9+ uses CFG-VALSET below) ----

/** A UBX frame: sync 0xB5 0x62, class, id, little-endian length, payload, 8-bit Fletcher checksum over class..payload. */
export function ubxFrame(messageClass: number, messageId: number, payload: Uint8Array = new Uint8Array()): Buffer {
  const frame = Buffer.alloc(8 + payload.length);
  frame[0] = 0xb5;
  frame[1] = 0x62;
  frame[2] = messageClass;
  frame[3] = messageId;
  frame.writeUInt16LE(payload.length, 4);
  frame.set(payload, 6);
  let a = 0;
  let b = 0;
  for (let i = 2; i < 6 + payload.length; i++) {
    a = (a + frame[i]!) & 0xff;
    b = (b + a) & 0xff;
  }
  frame[6 + payload.length] = a;
  frame[7 + payload.length] = b;
  return frame;
}

/** UBX-CFG-RATE: measurement period (1000 ms = 1 Hz, 200 ms = 5 Hz), one navigation solution per measurement, GPS time. */
export function ubxSetRate(measurementPeriodMs: number): Buffer {
  if (!Number.isInteger(measurementPeriodMs) || measurementPeriodMs < 25 || measurementPeriodMs > 65535) {
    throw new RangeError(`UBX measurement period must be 25..65535 ms, not ${measurementPeriodMs}`);
  }
  const payload = Buffer.alloc(6);
  payload.writeUInt16LE(measurementPeriodMs, 0);
  payload.writeUInt16LE(1, 2); // navRate: cycles per solution
  payload.writeUInt16LE(1, 4); // timeRef: GPS time
  return ubxFrame(0x06, 0x08, payload);
}

/**
 * UBX-CFG-PRT for UART1: 8N1 at `baud`, accepting UBX+NMEA+RTCM and sending UBX+NMEA.
 * The receiver switches at once (the acknowledgement may already come at the new rate).
 */
export function ubxSetUart1Baud(baud: number): Buffer {
  const payload = Buffer.alloc(20);
  payload[0] = 1; // portID: UART1
  payload.writeUInt32LE(0x000008d0, 4); // mode: 8 data bits, no parity, 1 stop bit
  payload.writeUInt32LE(baud, 8);
  payload.writeUInt16LE(0x0007, 12); // inProtoMask: UBX | NMEA | RTCM2
  payload.writeUInt16LE(0x0003, 14); // outProtoMask: UBX | NMEA
  return ubxFrame(0x06, 0x00, payload);
}

/** Configuration layers of UBX-CFG-VALSET (u-blox generation 9+: M9, F9, M10). */
export const UBX_LAYER = { ram: 0x01, bbr: 0x02, flash: 0x04 } as const;

/** Keys used here (u-blox interface description, generation 9). */
export const UBX_KEY = {
  /** CFG-UART1-BAUDRATE, U4. */
  uart1Baudrate: 0x40520001,
  /** CFG-RATE-MEAS, U2, milliseconds. */
  rateMeas: 0x30210001,
} as const;

/** UBX-CFG-VALSET with one key; the value's size comes from the key's size bits (28..30). */
export function ubxValset(key: number, value: number, layers: number = UBX_LAYER.ram): Buffer {
  const size = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8 }[(key >>> 28) & 0x7];
  if (size === undefined || size === 8) throw new RangeError(`unsupported UBX key size for 0x${key.toString(16)}`);
  const payload = Buffer.alloc(4 + 4 + size);
  payload[0] = 0; // version
  payload[1] = layers;
  payload.writeUInt32LE(key >>> 0, 4);
  if (size === 1) payload.writeUInt8(value, 8);
  else if (size === 2) payload.writeUInt16LE(value, 8);
  else payload.writeUInt32LE(value, 8);
  return ubxFrame(0x06, 0x8a, payload);
}

// ---- MediaTek PMTK (MT3318/3329/3339 and derivatives: Adafruit Ultimate GPS, GlobalTop, Quectel L80/L86) ----

/** PMTK220: position fix interval in ms (1000 = 1 Hz, 100 = 10 Hz). */
export function pmtkSetFixInterval(intervalMs: number): string {
  if (!Number.isInteger(intervalMs) || intervalMs < 100 || intervalMs > 10000) throw new RangeError(`PMTK fix interval must be 100..10000 ms, not ${intervalMs}`);
  return withChecksum(`PMTK220,${intervalMs}`) + '\r\n';
}

/** PMTK251: serial baud rate (4800 … 115200). */
export function pmtkSetBaud(baud: number): string {
  if (![4800, 9600, 14400, 19200, 38400, 57600, 115200].includes(baud)) throw new RangeError(`PMTK baud must be a standard rate 4800..115200, not ${baud}`);
  return withChecksum(`PMTK251,${baud}`) + '\r\n';
}

/** Output frequency per sentence for PMTK314 (0 = off, N = every N fixes). */
export interface PmtkSentenceRates {
  gll?: number;
  rmc?: number;
  vtg?: number;
  gga?: number;
  gsa?: number;
  gsv?: number;
  zda?: number;
}

/** PMTK314: which sentences to send; the fields are GLL, RMC, VTG, GGA, GSA, GSV, 11 reserved, ZDA, MCHN. */
export function pmtkSetOutput(rates: PmtkSentenceRates): string {
  const fields = [rates.gll, rates.rmc, rates.vtg, rates.gga, rates.gsa, rates.gsv, ...Array(11).fill(0), rates.zda, 0].map((v) => v ?? 0);
  for (const v of fields) if (!Number.isInteger(v) || v < 0 || v > 5) throw new RangeError(`PMTK314 rates must be 0..5, not ${v}`);
  return withChecksum(`PMTK314,${fields.join(',')}`) + '\r\n';
}
