import { existsSync } from 'node:fs';
import type { Argv } from 'yargs';
import type { TelematicsCommand } from '../../cli/command.js';
import { UserError } from '../../common/errors.js';
import type { Fix } from '../fix.js';
import type { FramerCounts } from '../framing/framer.js';
import { gpsdJsonLines } from '../gpsd/json.js';
import { parseReferenceDate } from './fix-assembler.js';
import { decodeCaptureFile, type NmeaStats } from './pipeline.js';

interface DecodeArgs {
  file: string;
  date?: string;
  json: boolean;
}

function formatRow(fix: Fix): string {
  const n = (v: number | undefined, digits: number, width: number) => (v === undefined ? '-' : v.toFixed(digits)).padStart(width);
  return [
    (fix.time ?? '(no date yet)').padEnd(24),
    String(fix.mode).padStart(4),
    n(fix.lat, 7, 12),
    n(fix.lon, 7, 13),
    n(fix.altMSL, 1, 8),
    n(fix.speed, 2, 7),
    n(fix.track, 1, 6),
    n(fix.uSat, 0, 4),
    n(fix.hdop, 1, 5),
  ].join(' ');
}

const HEADER = `${'time'.padEnd(24)} mode ${'lat'.padStart(12)} ${'lon'.padStart(13)} ${'altMSL'.padStart(8)} ${'m/s'.padStart(7)} ${'track'.padStart(6)} uSat  hdop`;

/** `a=1 b=2` for the non-zero counts. */
function counts(record: Record<string, number | undefined>): string {
  return Object.entries(record)
    .filter(([, count]) => count !== undefined && count > 0)
    .map(([name, count]) => `${name}=${count}`)
    .join(' ');
}

function frameCount(framing: FramerCounts): number {
  return Object.values(framing.frames).reduce((a, b) => a + b, 0);
}

function statsLine(stats: NmeaStats, framing: FramerCounts, referenceDate: string | undefined): string {
  return (
    `lines=${framing.lines} sentences=${framing.sentences} frames=${frameCount(framing)} fixes=${stats.fixes} ` +
    `noFix=${stats.noFixEpochs} unknown=${stats.unknown} malformed=${stats.malformed} checksumErrors=${framing.dropped.badChecksum} ` +
    `dropped{${counts(framing.dropped)}} outOfRange{${counts(stats.outOfRange)}} amended=${stats.amendedEpochs} undated=${stats.undatedEpochs} ` +
    `weekRollovers=${stats.weekRolloverCorrections} referenceDate=${referenceDate ?? 'none'}`
  );
}

const decodeCommand: TelematicsCommand = {
  command: 'decode <file>',
  describe: 'Decode an NMEA capture (gpsd .log or raw NMEA) into one fix per epoch',
  builder: (y: Argv) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'NMEA file; lines starting with # are skipped' })
      .option('date', {
        type: 'string',
        describe: 'YYYY-MM-DD for time-only sentences before the first RMC/ZDA (default: the file\'s "# Date:" line)',
      })
      .option('json', { type: 'boolean', default: false, describe: "gpsd's JSON: a TPV report per epoch, followed by its SKY report" })
      .example('$0 gps decode ../shared/data/gpsd/bt451.log --json', 'TPV and SKY reports like gpsd')
      .epilogue(
        'A stats line goes to stderr. Exit 0 when the file was read to its end, with a note on stderr when it held no position fix ' +
          '(an AIS-only capture); 1 when it could not be read or held no NMEA sentence or UBX/CASIC frame at all; 2 for a missing file or a bad --date.',
      ),
  handler: async (args) => {
    const argv = args as unknown as DecodeArgs;
    // `decode … | head` closes stdout early: stop quietly instead of crashing on EPIPE.
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw err;
    });
    if (!existsSync(argv.file)) throw new UserError(`No such file: ${argv.file}`, 'Give the path of an NMEA capture.', 2);
    if (argv.date !== undefined) {
      try {
        parseReferenceDate(argv.date);
      } catch {
        throw new UserError(`--date ${argv.date} is not a date`, 'Use YYYY-MM-DD, e.g. --date 2024-06-09.', 2);
      }
    }
    const capture = decodeCaptureFile(argv.file, { referenceDate: argv.date });
    if (!argv.json) process.stdout.write(`${HEADER}\n`);
    let positioned = 0;
    try {
      for await (const report of capture.reports) {
        if (report.fix.mode >= 2) positioned++;
        process.stdout.write(argv.json ? gpsdJsonLines(report) : `${formatRow(report.fix)}\n`);
      }
    } catch (err) {
      throw new UserError(`cannot read ${argv.file}: ${(err as Error).message}`, 'Give the path of a readable NMEA capture file.', 1);
    }
    const framing = capture.framing();
    process.stderr.write(`${statsLine(capture.stats(), framing, capture.referenceDate())}\n`);
    if (framing.sentences === 0 && frameCount(framing) === 0) {
      throw new UserError(`no NMEA sentence or UBX/CASIC frame in ${argv.file}`, 'Is it a GPS capture? Lines must be checksummed NMEA ($…*HH).', 1);
    }
    if (positioned === 0) process.stderr.write(`note: ${argv.file} decoded cleanly but holds no position fix\n`);
  },
};

/** `gps` subcommands that work on NMEA text (decode). */
export const nmeaGpsCommands: TelematicsCommand[] = [decodeCommand];
