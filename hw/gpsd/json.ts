import type { Fix, FixReport, Satellite, SkyView } from '../fix.js';

/**
 * gpsd's JSON reports (https://gpsd.io/gpsd_json.html) for our fixes and sky views, printed as
 * gpsd prints them (gpsd/gpsd_json.c): its field order and its fixed decimals per field
 * (`"lat":-25.451839000`, never `-25.451839000000003`). TPV carries time, position, velocity
 * and the error estimates; the DOPs and satellites go in SKY. What `gps decode --json` and
 * `gps watch --json` print; one module so that anything else speaking gpsd's vocabulary
 * (diag, the agent's status) prints the same.
 */

/** gpsd's TPV `status` for an NMEA GGA quality (driver_nmea0183.c); gpsd prints it from DGPS (2) up. */
const GGA_QUALITY_TO_STATUS: Readonly<Record<number, number>> = { 0: 0, 1: 1, 2: 2, 3: 9, 4: 3, 5: 4, 6: 5, 7: 7, 8: 8 };
const STATUS_DGPS = 2;

type Field = readonly [name: string, value: number | string | boolean | undefined, decimals?: number];

function render(fields: readonly Field[], tail = ''): string {
  const parts: string[] = [];
  for (const [name, value, decimals] of fields) {
    if (value === undefined) continue;
    const text = typeof value === 'number' ? (decimals === undefined ? String(value) : value.toFixed(decimals)) : JSON.stringify(value);
    parts.push(`${JSON.stringify(name)}:${text}`);
  }
  return `{${parts.join(',')}${tail}}`;
}

export interface GpsdJsonOptions {
  /** The originating device (gpsd's `device`, e.g. `/dev/ttyUSB0`). */
  device?: string;
}

/** TPV fields after `time`, in gpsd's order: name, decimals, and when gpsd prints them (from a mode, or with a time). */
const TPV_FIELDS: ReadonlyArray<readonly [keyof Fix, number, 2 | 3 | 'time']> = [
  ['ept', 3, 'time'],
  ['lat', 9, 2],
  ['lon', 9, 2],
  ['altHAE', 4, 2],
  ['altMSL', 4, 2],
  ['epv', 3, 2],
  ['track', 4, 2],
  ['magvar', 1, 2],
  ['speed', 3, 2],
  ['climb', 3, 3],
  ['eps', 2, 2],
  ['geoidSep', 3, 3],
  ['eph', 3, 2],
];

/** A fix as gpsd's TPV report, one line of JSON. */
export function tpvJson(fix: Fix, options: GpsdJsonOptions = {}): string {
  const status = fix.quality === undefined ? undefined : GGA_QUALITY_TO_STATUS[fix.quality];
  const printed = (when: 2 | 3 | 'time') => (when === 'time' ? fix.time !== undefined : fix.mode >= when);
  return render([
    ['class', 'TPV'],
    ['device', options.device],
    ['status', status !== undefined && status >= STATUS_DGPS ? status : undefined],
    ['mode', fix.mode],
    ['time', fix.time],
    ...TPV_FIELDS.map(([name, decimals, when]): Field => [name, printed(when) ? (fix[name] as number | undefined) : undefined, decimals]),
  ]);
}

function satelliteJson(s: Satellite): string {
  return render([
    ['PRN', s.PRN],
    ['az', s.az, 1],
    ['el', s.el, 1],
    ['ss', s.ss, 1],
    ['used', s.used],
  ]);
}

/** A sky view as gpsd's SKY report, one line of JSON. */
export function skyJson(sky: SkyView, options: GpsdJsonOptions = {}): string {
  const satellites = sky.satellites === undefined || sky.satellites.length === 0 ? '' : `,"satellites":[${sky.satellites.map(satelliteJson).join(',')}]`;
  return render(
    [
      ['class', 'SKY'],
      ['device', options.device],
      ['time', sky.time],
      ['gdop', sky.gdop, 2],
      ['hdop', sky.hdop, 2],
      ['pdop', sky.pdop, 2],
      ['tdop', sky.tdop, 2],
      ['xdop', sky.xdop, 2],
      ['ydop', sky.ydop, 2],
      ['vdop', sky.vdop, 2],
      ['nSat', sky.nSat],
      ['uSat', sky.uSat],
    ],
    satellites,
  );
}

/** One epoch as gpsd reports it: its TPV line, then its SKY line when there is a sky view; each ends in a newline. */
export function gpsdJsonLines(report: FixReport, options: GpsdJsonOptions = {}): string {
  const tpv = `${tpvJson(report.fix, options)}\n`;
  return report.sky === undefined ? tpv : `${tpv}${skyJson(report.sky, options)}\n`;
}
