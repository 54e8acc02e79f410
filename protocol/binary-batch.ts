import { BatchFormatError, TooManyPositionsError } from './errors.js';
import type { Position, PositionBatch } from './position.js';
import { ByteReader, ByteWriter, MAX_ZIGZAG_MAGNITUDE } from './varint.js';

/**
 * The compact binary batch body (`BINARY_CONTENT_TYPE`), specified in protocol/BINARY.md:
 * a header, then per position a flags byte and zigzag varint deltas (delta-of-delta for
 * time and coordinates). Keep this file and BINARY.md in step; the test vectors in
 * protocol/test-vectors/ pin the bytes.
 */
export const BINARY_FORMAT = {
  magic: [0x54, 0x50] as const, // "TP"
  version: 1,
  /** Units per wire integer. */
  latLonUnitsPerDegree: 1e7,
  speedUnitsPerMps: 100,
  trackUnitsPerDegree: 100,
  altUnitsPerMetre: 10,
  hdopUnitsPerUnit: 100,
  /** Decoder limits: far above any valid batch, low enough that a hostile header cannot make work. */
  maxPositions: 65_535,
  maxEpochBytes: 255,
  /** lat/lon, speed, altMSL, hdop, uSat wire integers stay within ±2^31 (lat ±214°, speed ±21,474 km/s). */
  maxFieldUnits: 2 ** 31,
  /** Times are milliseconds since 1970 up to the end of year 9999, so `toISOString` keeps its 4-digit form. */
  maxTimeMs: Date.UTC(9999, 11, 31, 23, 59, 59, 999),
};

const TRACK_UNITS_PER_TURN = 360 * BINARY_FORMAT.trackUnitsPerDegree;

/** Flags byte, one per position. */
const F_SEQ_NEXT = 0x01; // seq = previous seq + 1 (else a uvarint gap follows)
const F_TIME_STEADY = 0x02; // time delta-of-delta is 0 (else a zigzag varint follows)
const F_POS_STEADY = 0x04; // lat and lon delta-of-delta are both 0 (else two zigzag varints follow)
const F_SPEED_SAME = 0x08; // speed present and equal to the previous speed
const F_TRACK_SAME = 0x10;
const F_ALT_SAME = 0x20;
const F_EXT = 0x40; // an ext byte follows: optional-field presence, mode, new hdop/uSat
const F_RESERVED = 0x80;

/** Ext byte: which optional fields this and the following positions carry. */
const E_SPEED = 0x01;
const E_TRACK = 0x02;
const E_ALT = 0x04;
const E_HDOP = 0x08;
const E_USAT = 0x10;
const E_MODE = 0x20;
const E_MODE_3D = 0x40;
const E_RESERVED = 0x80;

/** Encoder and decoder walk the same state: previous values and deltas, reset per batch. */
interface CodecState {
  seq: number;
  timeMs: number;
  timeDeltaMs: number;
  lat: number;
  latDelta: number;
  lon: number;
  lonDelta: number;
  speed: number;
  track: number;
  alt: number;
  /** The last ext byte and the hdop/uSat it carried. */
  ext: number;
  hdop: number;
  uSat: number;
}

function initialState(): CodecState {
  return { seq: 0, timeMs: 0, timeDeltaMs: 0, lat: 0, latDelta: 0, lon: 0, lonDelta: 0, speed: 0, track: 0, alt: 0, ext: 0, hdop: 0, uSat: 0 };
}

function encodeError(index: number, message: string): BatchFormatError {
  return new BatchFormatError(`cannot encode position ${index} in the binary format: ${message}`, { index });
}

/** Scale a value to wire units, rejecting what the format cannot carry. */
function toUnits(value: number | undefined, unitsPer: number, field: string, index: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw encodeError(index, `${field} must be a finite number, got ${String(value)}`);
  const units = Math.round(value * unitsPer);
  if (Math.abs(units) > BINARY_FORMAT.maxFieldUnits) throw encodeError(index, `${field} ${value} is out of the encodable range`);
  return units === 0 ? 0 : units; // no -0 on the wire
}

function wrapTrackDelta(delta: number): number {
  const half = TRACK_UNITS_PER_TURN / 2;
  return ((((delta + half) % TRACK_UNITS_PER_TURN) + TRACK_UNITS_PER_TURN) % TRACK_UNITS_PER_TURN) - half;
}

function checkedDelta(delta: number, field: string, index: number): number {
  if (Math.abs(delta) > MAX_ZIGZAG_MAGNITUDE) throw encodeError(index, `${field} changes too much between positions`);
  return delta;
}

/**
 * Encode a batch. Values are rounded to the wire resolution (see BINARY.md); a batch the
 * format cannot carry (seq not strictly increasing positive integers, a time before 1970
 * or after 9999, non-finite numbers, track outside [0, 360), negative
 * hdop or uSat, mode other than 2/3, epoch not printable ASCII) throws BatchFormatError.
 */
export function encodeBinaryBatch(batch: PositionBatch): Buffer {
  const epoch = Buffer.from(batch.epoch, 'latin1');
  if (!/^[\x20-\x7e]*$/.test(batch.epoch) || epoch.length > BINARY_FORMAT.maxEpochBytes) {
    throw new BatchFormatError(`epoch must be printable ASCII of at most ${BINARY_FORMAT.maxEpochBytes} characters to be encoded`);
  }
  if (batch.positions.length > BINARY_FORMAT.maxPositions) {
    throw new BatchFormatError(`a binary batch holds at most ${BINARY_FORMAT.maxPositions} positions, got ${batch.positions.length}`);
  }
  const withEvent = batch.positions.findIndex((p) => p.event !== undefined);
  if (withEvent >= 0) throw encodeError(withEvent, 'it is a driving event, which binary version 1 does not carry: send the batch as JSON');
  const out = new ByteWriter(16 + epoch.length + batch.positions.length * 12);
  out.byte(BINARY_FORMAT.magic[0]);
  out.byte(BINARY_FORMAT.magic[1]);
  out.byte(BINARY_FORMAT.version);
  out.uvarint(epoch.length);
  out.bytes(epoch);
  out.uvarint(batch.positions.length);
  const state = initialState();
  batch.positions.forEach((p, index) => encodePosition(out, state, p, index));
  return out.finish();
}

function encodePosition(out: ByteWriter, s: CodecState, p: Position, index: number): void {
  const first = index === 0;
  if (!Number.isSafeInteger(p.seq) || p.seq <= s.seq) {
    throw encodeError(index, `seq must be a positive integer greater than the previous seq ${s.seq}, got ${String(p.seq)}`);
  }
  const timeMs = Math.round(p.timeMs);
  if (!(timeMs >= 0 && timeMs <= BINARY_FORMAT.maxTimeMs)) {
    throw encodeError(index, `time must be ms since 1970 up to the end of 9999, got ${String(p.timeMs)}`);
  }
  const lat = toUnits(p.lat, BINARY_FORMAT.latLonUnitsPerDegree, 'lat', index);
  const lon = toUnits(p.lon, BINARY_FORMAT.latLonUnitsPerDegree, 'lon', index);

  let ext = 0;
  let speed = 0;
  let track = 0;
  let alt = 0;
  let hdop = 0;
  let uSat = 0;
  if (p.speed !== undefined) {
    ext |= E_SPEED;
    speed = toUnits(p.speed, BINARY_FORMAT.speedUnitsPerMps, 'speed', index);
  }
  if (p.track !== undefined) {
    ext |= E_TRACK;
    if (!(p.track >= 0 && p.track < 360)) throw encodeError(index, `track must be in [0, 360), got ${String(p.track)}`);
    track = toUnits(p.track, BINARY_FORMAT.trackUnitsPerDegree, 'track', index) % TRACK_UNITS_PER_TURN;
  }
  if (p.altMSL !== undefined) {
    ext |= E_ALT;
    alt = toUnits(p.altMSL, BINARY_FORMAT.altUnitsPerMetre, 'altMSL', index);
  }
  if (p.hdop !== undefined) {
    ext |= E_HDOP;
    hdop = toUnits(p.hdop, BINARY_FORMAT.hdopUnitsPerUnit, 'hdop', index);
    if (hdop < 0) throw encodeError(index, `hdop must be >= 0, got ${p.hdop}`);
  }
  if (p.uSat !== undefined) {
    ext |= E_USAT;
    if (!Number.isInteger(p.uSat) || p.uSat < 0 || p.uSat > BINARY_FORMAT.maxFieldUnits) throw encodeError(index, `uSat must be a non-negative integer, got ${p.uSat}`);
    uSat = p.uSat;
  }
  if (p.mode !== undefined) {
    if (p.mode !== 2 && p.mode !== 3) throw encodeError(index, `mode must be 2 or 3, got ${String(p.mode)}`);
    ext |= E_MODE | (p.mode === 3 ? E_MODE_3D : 0);
  }

  const flagsAt = out.position;
  out.byte(0);
  let flags = 0;
  const extChanged = ext !== s.ext || ((ext & E_HDOP) !== 0 && hdop !== s.hdop) || ((ext & E_USAT) !== 0 && uSat !== s.uSat);
  if (extChanged) {
    flags |= F_EXT;
    out.byte(ext);
  }

  if (p.seq === s.seq + 1) flags |= F_SEQ_NEXT;
  else out.uvarint(p.seq - s.seq - 1);

  const timeDeltaMs = timeMs - s.timeMs;
  if (timeDeltaMs === s.timeDeltaMs) flags |= F_TIME_STEADY;
  else out.svarint(timeDeltaMs - s.timeDeltaMs);

  const latDelta = lat - s.lat;
  const lonDelta = lon - s.lon;
  if (latDelta === s.latDelta && lonDelta === s.lonDelta) {
    flags |= F_POS_STEADY;
  } else {
    out.svarint(checkedDelta(latDelta - s.latDelta, 'lat', index));
    out.svarint(checkedDelta(lonDelta - s.lonDelta, 'lon', index));
  }

  if (ext & E_SPEED) {
    if (speed === s.speed) flags |= F_SPEED_SAME;
    else out.svarint(checkedDelta(speed - s.speed, 'speed', index));
    s.speed = speed;
  }
  if (ext & E_TRACK) {
    if (track === s.track) flags |= F_TRACK_SAME;
    else out.svarint(wrapTrackDelta(track - s.track));
    s.track = track;
  }
  if (ext & E_ALT) {
    if (alt === s.alt) flags |= F_ALT_SAME;
    else out.svarint(checkedDelta(alt - s.alt, 'altMSL', index));
    s.alt = alt;
  }
  if (extChanged) {
    if (ext & E_HDOP) out.uvarint(hdop);
    if (ext & E_USAT) out.uvarint(uSat);
  }
  out.patchByte(flagsAt, flags);

  s.seq = p.seq;
  // After the first position (absolute values) the deltas start from zero.
  s.timeDeltaMs = first ? 0 : timeDeltaMs;
  s.timeMs = timeMs;
  s.latDelta = first ? 0 : latDelta;
  s.lonDelta = first ? 0 : lonDelta;
  s.lat = lat;
  s.lon = lon;
  s.ext = ext;
  s.hdop = hdop;
  s.uSat = uSat;
}

/**
 * Decode a binary batch. Hostile input is expected: every length and count is checked
 * against the bytes actually present before any work, every value against its range,
 * and anything left over after the last position is an error. `maxPositions` (the reader's
 * limit, e.g. the contract's MAX_BATCH_POSITIONS) is checked on the header's count, before
 * any position is decoded.
 * @throws BatchFormatError for anything that is not exactly one well-formed batch.
 * @throws TooManyPositionsError when the header announces more than `maxPositions`.
 */
export function decodeBinaryBatch(buf: Buffer, limits: { maxPositions?: number } = {}): PositionBatch {
  const r = new ByteReader(buf);
  const magic0 = r.byte('magic');
  const magic1 = r.byte('magic');
  if (magic0 !== BINARY_FORMAT.magic[0] || magic1 !== BINARY_FORMAT.magic[1]) {
    throw new BatchFormatError(`not a binary position batch: starts with 0x${hex(magic0)}${hex(magic1)}, expected 0x5450 ("TP")`);
  }
  const version = r.byte('version');
  if (version !== BINARY_FORMAT.version) {
    throw new BatchFormatError(`binary batch version ${version} is not supported (this gateway reads version ${BINARY_FORMAT.version})`);
  }
  const epochLength = r.uvarint('epoch length');
  if (epochLength > BINARY_FORMAT.maxEpochBytes) throw new BatchFormatError(`epoch length ${epochLength} exceeds ${BINARY_FORMAT.maxEpochBytes}`);
  const epochBytes = r.bytes(epochLength, 'epoch');
  for (const b of epochBytes) {
    if (b < 0x20 || b > 0x7e) throw new BatchFormatError(`epoch contains byte 0x${hex(b)}: only printable ASCII is allowed`);
  }
  const count = r.uvarint('position count');
  if (count > BINARY_FORMAT.maxPositions) throw new BatchFormatError(`position count ${count} exceeds ${BINARY_FORMAT.maxPositions}`);
  if (limits.maxPositions !== undefined && count > limits.maxPositions) throw new TooManyPositionsError(limits.maxPositions, count);
  // Every position takes at least its flags byte: a count the bytes cannot hold is a lie, caught before any work.
  if (count > r.remaining) throw new BatchFormatError(`position count ${count} is more than the ${r.remaining} bytes left can hold`);

  const state = initialState();
  const positions: Position[] = [];
  for (let index = 0; index < count; index++) positions.push(decodePosition(r, state, index));
  if (r.remaining > 0) throw new BatchFormatError(`${r.remaining} unexpected bytes after the last position (at byte ${r.offset})`);
  return { epoch: epochBytes.toString('latin1'), positions };
}

function decodePosition(r: ByteReader, s: CodecState, index: number): Position {
  const first = index === 0;
  const at = `position ${index}`;
  const flags = r.byte(`${at} flags`);
  if (flags & F_RESERVED) throw new BatchFormatError(`${at}: reserved flag bit 7 is set`);
  let ext = s.ext;
  if (flags & F_EXT) {
    ext = r.byte(`${at} ext`);
    if (ext & E_RESERVED) throw new BatchFormatError(`${at}: reserved ext bit 7 is set`);
    if (ext & E_MODE_3D && !(ext & E_MODE)) throw new BatchFormatError(`${at}: mode 3D bit set without mode`);
  }
  const sameWithoutField = (flag: number, present: number): boolean => (flags & flag) !== 0 && (ext & present) === 0;
  if (sameWithoutField(F_SPEED_SAME, E_SPEED) || sameWithoutField(F_TRACK_SAME, E_TRACK) || sameWithoutField(F_ALT_SAME, E_ALT)) {
    throw new BatchFormatError(`${at}: a "same as before" flag is set for a field the position does not carry`);
  }

  const seq = s.seq + 1 + (flags & F_SEQ_NEXT ? 0 : r.uvarint(`${at} seq`));
  if (seq > Number.MAX_SAFE_INTEGER) throw new BatchFormatError(`${at}: seq exceeds 2^53 - 1`);

  const timeDeltaMs = s.timeDeltaMs + (flags & F_TIME_STEADY ? 0 : r.svarint(`${at} time`));
  const timeMs = s.timeMs + timeDeltaMs;
  if (timeMs < 0 || timeMs > BINARY_FORMAT.maxTimeMs) throw new BatchFormatError(`${at}: time is outside 1970..9999`);

  let latDelta = s.latDelta;
  let lonDelta = s.lonDelta;
  if (!(flags & F_POS_STEADY)) {
    latDelta += r.svarint(`${at} lat`);
    lonDelta += r.svarint(`${at} lon`);
  }
  const lat = inRange(s.lat + latDelta, at, 'lat');
  const lon = inRange(s.lon + lonDelta, at, 'lon');

  const position: Position = {
    seq,
    timeMs,
    lat: lat / BINARY_FORMAT.latLonUnitsPerDegree,
    lon: lon / BINARY_FORMAT.latLonUnitsPerDegree,
  };
  if (ext & E_SPEED) {
    if (!(flags & F_SPEED_SAME)) s.speed = inRange(s.speed + r.svarint(`${at} speed`), at, 'speed');
    position.speed = s.speed / BINARY_FORMAT.speedUnitsPerMps;
  }
  if (ext & E_TRACK) {
    if (!(flags & F_TRACK_SAME)) {
      const delta = r.svarint(`${at} track`);
      s.track = (((s.track + delta) % TRACK_UNITS_PER_TURN) + TRACK_UNITS_PER_TURN) % TRACK_UNITS_PER_TURN;
    }
    position.track = s.track / BINARY_FORMAT.trackUnitsPerDegree;
  }
  if (ext & E_ALT) {
    if (!(flags & F_ALT_SAME)) s.alt = inRange(s.alt + r.svarint(`${at} altMSL`), at, 'altMSL');
    position.altMSL = s.alt / BINARY_FORMAT.altUnitsPerMetre;
  }
  if (flags & F_EXT) {
    if (ext & E_HDOP) s.hdop = inRange(r.uvarint(`${at} hdop`), at, 'hdop');
    if (ext & E_USAT) s.uSat = inRange(r.uvarint(`${at} uSat`), at, 'uSat');
  }
  if (ext & E_HDOP) position.hdop = s.hdop / BINARY_FORMAT.hdopUnitsPerUnit;
  if (ext & E_USAT) position.uSat = s.uSat;
  if (ext & E_MODE) position.mode = ext & E_MODE_3D ? 3 : 2;

  s.seq = seq;
  s.timeDeltaMs = first ? 0 : timeDeltaMs;
  s.timeMs = timeMs;
  s.latDelta = first ? 0 : latDelta;
  s.lonDelta = first ? 0 : lonDelta;
  s.lat = lat;
  s.lon = lon;
  s.ext = ext;
  return position;
}

function inRange(units: number, at: string, field: string): number {
  if (Math.abs(units) > BINARY_FORMAT.maxFieldUnits) throw new BatchFormatError(`${at}: ${field} is out of range`);
  return units === 0 ? 0 : units;
}

function hex(b: number): string {
  return b.toString(16).padStart(2, '0');
}
