/**
 * gpsd's satellite numbering for the NMEA satellite numbers of GSV/GSA (drivers/driver_nmea0183.c,
 * `nmeaid_to_prn`), so that SKY reports name satellites as gpsd does: GPS 1–32, SBAS 33–64 and
 * 120–158, GLONASS 65–96, IMES 173–182, QZSS 193–202, Galileo 301–356, BeiDou 401–463,
 * NavIC 500–518 and 901–918. 0 when the number means nothing.
 */

/** The constellation a talker reports (NMEA 4.10 system ids: 1 GPS, 2 GLONASS, 3 Galileo, 4 BeiDou, 5 QZSS, 6 NavIC); GP and GN go by number. */
const TALKER_SYSTEM: Record<string, number> = { GA: 3, GB: 4, BD: 4, GI: 6, GL: 2, GQ: 5, QZ: 5 };

/** Numbers of the GPS range (and GN, GP talkers without a system id), unique across constellations: [first, last, PRN shift]. */
const NUMBER_RANGES: ReadonlyArray<readonly [number, number, number]> = [
  [1, 32, 0], // GPS
  [33, 64, 0], // SBAS
  [65, 96, 0], // GLONASS
  [120, 158, 0], // SBAS
  [173, 182, 0], // IMES
  [193, 197, 0], // QZSS
  [201, 237, 200], // BeiDou, moved up to 401–437
  [301, 356, 0], // Galileo
  [401, 437, 0], // BeiDou
  [500, 518, 0], // NavIC
  [901, 918, 0], // NavIC (ALLYSTAR)
];

/** Quectel numbers Galileo 101–136 in GPS sentences with system id 1. */
const QUECTEL_GALILEO: readonly [number, number, number] = [101, 136, 200];

/** `id` below `base` is counted from 1; above it, from `base + 1` (GLONASS 65–96, Galileo 301–336, …). */
function fromRange(prnBase: number, id: number, alternateBases: number[]): number {
  const base = alternateBases.find((b) => id > b && id <= b + 100) ?? 0;
  return prnBase + (id - base);
}

export function nmeaSatellitePrn(talker: string, id: number, systemId?: number): number {
  if (!Number.isInteger(id) || id < 1) return 0;
  const system = systemId !== undefined && systemId > 0 ? systemId : TALKER_SYSTEM[talker];
  switch (system) {
    case 2:
      return fromRange(64, id, [64]);
    case 3:
      return fromRange(300, id, [100, 300]);
    case 4:
      return fromRange(400, id, [200, 400]);
    case 5:
      return fromRange(192, id, [192]);
    case 6:
      return 500 + id;
    default: {
      const ranges = system === 1 ? [QUECTEL_GALILEO, ...NUMBER_RANGES] : NUMBER_RANGES;
      const range = ranges.find(([first, last]) => id >= first && id <= last);
      return range === undefined ? 0 : id + range[2];
    }
  }
}
