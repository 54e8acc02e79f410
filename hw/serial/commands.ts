import type { Argv } from 'yargs';
import type { TelematicsCommand } from '../../cli/command.js';
import { UserError } from '../../common/errors.js';
import { getLogger } from '../../common/logger.js';
import { isValidFix, type Fix, type FixReport } from '../fix.js';
import type { Framed } from '../framing/framer.js';
import { gpsdJsonLines } from '../gpsd/json.js';
import { NmeaPipeline } from '../nmea/pipeline.js';
import { loadReplaySource, replay, REPLAY_DEFAULTS } from '../virtual/replay.js';
import { VirtualSerial } from '../virtual/virtual-serial.js';
import { SERIAL_GPS_DEFAULTS, SerialGps } from './serial-gps.js';

/** Resolves on the first SIGINT/SIGTERM (and stops listening for them). */
function untilSignal(): { promise: Promise<NodeJS.Signals>; dispose: () => void } {
  let onSignal: (s: NodeJS.Signals) => void = () => {};
  const promise = new Promise<NodeJS.Signals>((resolve) => {
    onSignal = (s) => resolve(s);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
  return {
    promise,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** How long a finished replay keeps the device up so the reader can take the last bytes. */
const REPLAY_LINGER_MS = 1000;

const replayCommand: TelematicsCommand = {
  command: 'replay <file>',
  describe: 'Play a gpsd capture or a trip file (CSV, GPX) onto a virtual serial device (a PTY), like gpsfake; prints the device path last',
  builder: (y: Argv) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'gpsd capture (.log), trip CSV (shared/data/trips/…) or GPX track' })
      .option('rate', { type: 'number', default: REPLAY_DEFAULTS.rate, describe: 'Speed-up factor (10 = ten times faster than recorded)' })
      .option('loop', { type: 'boolean', default: false, describe: 'Start over at the end, until interrupted' })
      .option('link', { type: 'string', describe: 'Stable device path to create (a symlink to the PTY); default under the temp dir' })
      .option('trip', { type: 'string', describe: 'Trip id for ndsbr_normalized.csv (e.g. A-trip05), or GPX track segment (seg1, seg2, …); needed when the file holds several' })
      .option('driver', { type: 'string', describe: 'Driver for the truck pings CSV (e.g. Beagley); needed when the file holds several' })
      .option('max-gap', { type: 'number', default: REPLAY_DEFAULTS.maxGapMs / 1000, describe: 'Trips: longer gaps between points play as a 1-s cycle (seconds)' })
      .option('now', { type: 'boolean', default: false, describe: 'Trips: stamp the first point with the current time' }),
  handler: async (args) => {
    const argv = args as unknown as { file: string; rate: number; loop: boolean; link?: string; trip?: string; driver?: string; maxGap: number; now: boolean };
    const log = getLogger('hw.replay');
    if (!(argv.rate > 0)) throw new UserError(`--rate must be a positive number, not ${argv.rate}`, 'e.g. --rate 10 plays ten times faster');
    const source = await loadReplaySource(argv.file, { trip: argv.trip, driver: argv.driver, maxGapMs: argv.maxGap * 1000, startNow: argv.now });
    const device = await VirtualSerial.create({ linkPath: argv.link });
    const signal = untilSignal();
    const abort = new AbortController();
    void signal.promise.then((s) => {
      log.info({ signal: s }, 'stopping replay');
      abort.abort();
    });
    try {
      log.info({ file: argv.file, format: source.format, date: source.date, skipped: source.skipped, path: device.path, pts: device.ptsPath, rate: argv.rate, loop: argv.loop }, 'replaying onto virtual serial device');
      process.stdout.write(`${device.path}\n`);
      const stats = await replay(device, source, { rate: argv.rate, loop: argv.loop, signal: abort.signal });
      if (!abort.signal.aborted) await new Promise((r) => setTimeout(r, REPLAY_LINGER_MS));
      log.info(stats, 'replay finished');
    } finally {
      signal.dispose();
      await device.close();
    }
  },
};

function parseBaud(value: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  const baud = Number(value);
  if (!Number.isInteger(baud) || baud <= 0) throw new UserError(`--baud must be a rate such as 9600 or "auto", not "${value}"`, 'common rates: 4800 9600 38400 115200');
  return baud;
}

function describeFix(fix: Fix): string {
  const mode = fix.mode === 3 ? '3D' : fix.mode === 2 ? '2D' : 'no fix';
  const parts = [fix.time ?? '(no date yet)', mode.padEnd(6)];
  if (isValidFix(fix)) parts.push(`${fix.lat.toFixed(6)} ${fix.lon.toFixed(6)}`);
  if (fix.altMSL !== undefined) parts.push(`alt ${fix.altMSL.toFixed(1)} m`);
  if (fix.speed !== undefined) parts.push(`${fix.speed.toFixed(2)} m/s`);
  if (fix.track !== undefined) parts.push(`track ${fix.track.toFixed(1)}°`);
  if (fix.uSat !== undefined) parts.push(`${fix.uSat} sat`);
  if (fix.hdop !== undefined) parts.push(`hdop ${fix.hdop}`);
  return parts.join('  ');
}

/** Seconds between stats lines in readable mode. */
const WATCH_STATS_INTERVAL_S = 10;

const watchCommand: TelematicsCommand = {
  command: 'watch',
  describe: 'Decode a live serial GPS: one fix per epoch (gpsd TPV and SKY with --json), reconnecting when the device comes and goes',
  builder: (y: Argv) =>
    y
      .option('serial', { type: 'string', demandOption: true, describe: 'Serial device (e.g. /dev/ttyUSB0, /dev/serial0, a `gps replay` path)' })
      .option('baud', { type: 'string', default: String(SERIAL_GPS_DEFAULTS.baud), describe: 'Line speed, or "auto" to hunt 4800…115200 for valid NMEA' })
      .option('json', { type: 'boolean', default: false, describe: "gpsd's JSON: a TPV report per fix, followed by its SKY report" })
      .option('date', { type: 'string', describe: 'Reference date (YYYY-MM-DD) for time-only sentences before the first RMC/ZDA; default none: as gpsd, such a fix has no time (today could be the wrong day: a replayed capture, midnight)' })
      .option('count', { type: 'number', describe: 'Exit after this many fixes (0 = run until interrupted)', default: 0 })
      .option('stats-interval', { type: 'number', default: WATCH_STATS_INTERVAL_S, describe: 'Seconds between stats lines (readable mode; 0 = none)' }),
  handler: async (args) => {
    const argv = args as unknown as { serial: string; baud: string; json: boolean; date?: string; count: number; statsInterval: number };
    const baud = parseBaud(argv.baud);
    if (argv.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(argv.date)) throw new UserError(`--date must be YYYY-MM-DD, not "${argv.date}"`);
    const pipeline = new NmeaPipeline({ referenceDate: argv.date });
    const gps = new SerialGps({ path: argv.serial, baud });
    const signal = untilSignal();
    let fixes = 0;
    let finish: () => void = () => {};
    const done = new Promise<void>((resolve) => (finish = resolve));
    const print = (report: FixReport): void => {
      fixes++;
      process.stdout.write(argv.json ? gpsdJsonLines(report, { device: argv.serial }) : `${describeFix(report.fix)}\n`);
      if (argv.count > 0 && fixes >= argv.count) finish();
    };
    const statsLine = (): string => {
      const s = gps.status();
      const n = pipeline.stats();
      const dropped = Object.entries(s.dropped).filter(([, v]) => v > 0).map(([k, v]) => `${k}=${v}`).join(' ');
      return `# ${s.state} ${s.path} @${s.baud ?? '?'}  bytes=${s.bytes} lines=${s.lines} fixes=${n.fixes} noFix=${n.noFixEpochs} checksumErrors=${s.dropped.badChecksum} outages=${s.outages}${dropped ? ` dropped: ${dropped}` : ''}`;
    };
    // Sentences and UBX/CASIC frames: binary-only receivers give fixes too.
    gps.on('framed', (item: Framed) => {
      for (const report of pipeline.pushReports(item)) if (fixes < argv.count || argv.count === 0) print(report);
    });
    const timer = !argv.json && argv.statsInterval > 0 ? setInterval(() => process.stdout.write(statsLine() + '\n'), argv.statsInterval * 1000) : null;
    gps.start();
    await Promise.race([done, signal.promise]);
    signal.dispose();
    if (timer) clearInterval(timer);
    await gps.stop();
    if (argv.count === 0 || fixes < argv.count) for (const report of pipeline.flushReports()) print(report);
    if (!argv.json) process.stdout.write(statsLine() + '\n');
    getLogger('hw.serial').info({ serial: gps.status(), nmea: { ...pipeline.stats(), lastFix: undefined } }, 'watch finished');
  },
};

/** `gps` subcommands that touch serial devices (replay onto a virtual one, watch a real one). */
export const serialGpsCommands: TelematicsCommand[] = [replayCommand, watchCommand];
