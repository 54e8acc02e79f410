import { ubxFrame, type BinaryFrame } from '../framing/binary-frames.js';
import { withChecksum } from '../framing/nmea-checksum.js';

/**
 * Receiver set-up commands as the bytes to write to the receiver's serial port, and the
 * parsers of the receivers' answers. `telematics gps setup` (hw/setup/configure.ts) sends
 * them and checks each answer; nothing here is sent automatically: receivers ship with
 * usable defaults, and a wrong command can leave one silent at a rate nobody listens on.
 */

/** The NMEA sentences whose output both u-blox and MediaTek receivers switch (PMTK314's fields, in its order). */
export const OUTPUT_SENTENCES = ['GLL', 'RMC', 'VTG', 'GGA', 'GSA', 'GSV', 'ZDA'] as const;
export type OutputSentence = (typeof OUTPUT_SENTENCES)[number];

// ---- u-blox UBX (u-blox 6/7/8 "CFG-*" messages; generation 9+ uses CFG-VALSET below) ----

export const UBX_CLASS = { ack: 0x05, cfg: 0x06, nmea: 0xf0 } as const;
export const UBX_CFG = { prt: 0x00, msg: 0x01, rate: 0x08, valset: 0x8a } as const;
const UBX_ACK_NAK = 0x00;
const UBX_ACK_ACK = 0x01;

/** NMEA message ids of class 0xF0 (u-blox 8 receiver description, "NMEA Protocol"). */
const UBX_NMEA_ID: Record<OutputSentence, number> = { GGA: 0x00, GLL: 0x01, GSA: 0x02, GSV: 0x03, RMC: 0x04, VTG: 0x05, ZDA: 0x08 };

/** UBX-CFG-RATE: measurement period (1000 ms = 1 Hz, 200 ms = 5 Hz), one navigation solution per measurement, GPS time. */
export function ubxSetRate(measurementPeriodMs: number): Buffer {
  if (!Number.isInteger(measurementPeriodMs) || measurementPeriodMs < 25 || measurementPeriodMs > 65535) {
    throw new RangeError(`UBX measurement period must be 25..65535 ms, not ${measurementPeriodMs}`);
  }
  const payload = Buffer.alloc(6);
  payload.writeUInt16LE(measurementPeriodMs, 0);
  payload.writeUInt16LE(1, 2); // navRate: cycles per solution
  payload.writeUInt16LE(1, 4); // timeRef: GPS time
  return ubxFrame(UBX_CLASS.cfg, UBX_CFG.rate, payload);
}

/** UBX-CFG-MSG, short form: the output rate of one NMEA sentence on the port the command arrives on (0 = off, N = every N solutions). */
export function ubxSetNmeaRate(sentence: OutputSentence, rate: number): Buffer {
  if (!Number.isInteger(rate) || rate < 0 || rate > 255) throw new RangeError(`UBX message rate must be 0..255, not ${rate}`);
  return ubxFrame(UBX_CLASS.cfg, UBX_CFG.msg, Buffer.from([UBX_CLASS.nmea, UBX_NMEA_ID[sentence], rate]));
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
  return ubxFrame(UBX_CLASS.cfg, UBX_CFG.prt, payload);
}

/** UBX-ACK-ACK (true) or -NAK (false) for the message `msgClass`/`msgId`; undefined for any other frame. */
export function ubxAckOf(frame: BinaryFrame, msgClass: number, msgId: number): boolean | undefined {
  if (frame.protocol !== 'ubx' || frame.msgClass !== UBX_CLASS.ack || frame.payload.length < 2) return undefined;
  if (frame.payload[0] !== msgClass || frame.payload[1] !== msgId) return undefined;
  return frame.msgId === UBX_ACK_ACK ? true : frame.msgId === UBX_ACK_NAK ? false : undefined;
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

/** CFG-MSGOUT-NMEA_ID_*_UART1, U1: output rate of each sentence on UART1. */
export const UBX_KEY_NMEA_UART1: Record<OutputSentence, number> = {
  GGA: 0x209100bb,
  GLL: 0x209100ca,
  GSA: 0x209100c0,
  GSV: 0x209100c5,
  RMC: 0x209100ac,
  VTG: 0x209100b1,
  ZDA: 0x209100d9,
};

/** Bytes of a key's value, from the key's size bits (28..30); 8-byte values are not used here. */
export function ubxKeyValueBytes(key: number): 1 | 2 | 4 {
  const size = ({ 1: 1, 2: 1, 3: 2, 4: 4 } as const)[((key >>> 28) & 0x7) as 1 | 2 | 3 | 4];
  if (size === undefined) throw new RangeError(`unsupported UBX key size for 0x${key.toString(16)}`);
  return size;
}

/** UBX-CFG-VALSET: the key/value pairs, applied together, in `layers` (RAM by default). */
export function ubxValset(values: ReadonlyArray<readonly [key: number, value: number]>, layers: number = UBX_LAYER.ram): Buffer {
  const pairs = values.map(([key, value]) => {
    const bytes = ubxKeyValueBytes(key);
    const pair = Buffer.alloc(4 + bytes);
    pair.writeUInt32LE(key >>> 0, 0);
    pair.writeUIntLE(value, 4, bytes);
    return pair;
  });
  // version 0, layers, 2 reserved bytes
  return ubxFrame(UBX_CLASS.cfg, UBX_CFG.valset, Buffer.concat([Buffer.from([0, layers, 0, 0]), ...pairs]));
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

/** PMTK314: which sentences to send, each every N fixes (absent = off); the fields are GLL, RMC, VTG, GGA, GSA, GSV, 11 reserved, ZDA, MCHN. */
export function pmtkSetOutput(rates: Partial<Record<OutputSentence, number>>): string {
  const fields = [rates.GLL, rates.RMC, rates.VTG, rates.GGA, rates.GSA, rates.GSV, ...Array(11).fill(0), rates.ZDA, 0].map((v) => v ?? 0);
  for (const v of fields) if (!Number.isInteger(v) || v < 0 || v > 5) throw new RangeError(`PMTK314 rates must be 0..5, not ${v}`);
  return withChecksum(`PMTK314,${fields.join(',')}`) + '\r\n';
}

/** PMTK001 flags (MTK NMEA packet manual): 0 invalid command, 1 unsupported, 2 valid but failed, 3 valid and done. */
export const PMTK_ACK_FLAGS = ['invalid command', 'unsupported command', 'valid, but the action failed', 'done'] as const;
const PMTK_ACK_DONE = 3;

/** `$PMTK001,<command>,<flag>`: true for command `command` done, its failure text otherwise; undefined for any other sentence. */
export function pmtkAckOf(sentence: string, command: number): true | string | undefined {
  const m = /^\$PMTK001,(\d+),(\d)/.exec(sentence);
  if (!m || Number(m[1]) !== command) return undefined;
  const flag = Number(m[2]);
  return flag === PMTK_ACK_DONE ? true : (PMTK_ACK_FLAGS[flag] ?? `flag ${flag}`);
}
