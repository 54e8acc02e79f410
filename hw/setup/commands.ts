import type { Argv } from 'yargs';
import type { TelematicsCommand } from '../../cli/command.js';
import { UserError } from '../../common/errors.js';
import { OUTPUT_SENTENCES, type OutputSentence } from './receiver-commands.js';
import { configureReceiver, parseSentenceList, RECEIVER_SETUP_DEFAULTS, SetupFailed } from './configure.js';
import { periodMsOf, RECEIVER_KINDS, type ReceiverKind } from './setup-plan.js';
import { SERIAL_GPS_DEFAULTS } from '../serial/serial-gps.js';

interface SetupArgs {
  serial: string;
  receiver: ReceiverKind;
  baud: string;
  rateHz?: number;
  setBaud?: number;
  sentences?: string;
  answerTimeout: number;
}

/** Standard rates both receiver families take. */
const BAUD_RATES = [4800, 9600, 19200, 38400, 57600, 115200];

function parseBaudFlag(flag: string, value: string | number): number {
  const baud = Number(value);
  if (!BAUD_RATES.includes(baud)) throw new UserError(`${flag} must be one of ${BAUD_RATES.join(', ')}, not "${value}"`);
  return baud;
}

const setupCommand: TelematicsCommand = {
  command: 'setup',
  describe: "Set a receiver's rate, baud and sentence set (u-blox UBX, MediaTek PMTK), checking each answer and the result on the line",
  builder: (y: Argv) =>
    y
      .option('serial', { type: 'string', demandOption: true, describe: 'Serial device of the receiver' })
      .option('receiver', { choices: RECEIVER_KINDS, demandOption: true, describe: 'ublox: u-blox 6/7/8 (CFG-MSG/RATE/PRT); ublox9: u-blox M9/F9/M10 (CFG-VALSET); mtk: MediaTek (PMTK)' })
      .option('baud', { type: 'string', default: String(SERIAL_GPS_DEFAULTS.baud), describe: 'The rate the receiver talks at now, or "auto" to hunt for it' })
      .option('rate-hz', { type: 'number', describe: 'Fixes per second (1, 2, 5, 10, …)' })
      .option('set-baud', { type: 'number', describe: `New line speed (${BAUD_RATES.join(', ')})` })
      .option('sentences', { type: 'string', describe: `Sentences to send, comma-separated (of ${OUTPUT_SENTENCES.join(', ')}); the others are switched off` })
      .option('answer-timeout', { type: 'number', default: RECEIVER_SETUP_DEFAULTS.answerTimeoutMs / 1000, describe: 'Seconds to wait for each acknowledgement' })
      .example('$0 gps setup --serial /dev/gps0 --receiver ublox --rate-hz 5 --sentences RMC,GGA,GSA --set-baud 38400', 'u-blox M8 at 5 Hz, three sentences, 38400 baud')
      .epilogue(
        'Settings go to the receiver RAM (they last until it loses power). Each command must be acknowledged (UBX-ACK-ACK, $PMTK001,…,3); ' +
          'a baud change is confirmed by data at the new rate; then whole epochs on the line must show the sentence set and the rate. ' +
          'Exit 0 when all is confirmed, 1 when the receiver refused, did not answer or does not show the settings, 2 on a usage error.',
      ),
  handler: async (args) => {
    const argv = args as unknown as SetupArgs;
    const baud = argv.baud === 'auto' ? 'auto' : parseBaudFlag('--baud', argv.baud);
    const setBaud = argv.setBaud === undefined ? undefined : parseBaudFlag('--set-baud', argv.setBaud);
    let sentences: OutputSentence[] | undefined;
    try {
      if (argv.rateHz !== undefined) periodMsOf(argv.rateHz);
      sentences = argv.sentences === undefined ? undefined : parseSentenceList(argv.sentences);
    } catch (err) {
      throw new UserError((err as Error).message, 'see telematics gps setup --help');
    }
    if (argv.rateHz === undefined && setBaud === undefined && sentences === undefined) {
      throw new UserError('nothing to set', 'give --rate-hz, --set-baud and/or --sentences');
    }
    try {
      const report = await configureReceiver({
        path: argv.serial,
        baud,
        receiver: argv.receiver,
        settings: { rateHz: argv.rateHz, baud: setBaud, sentences },
        answerTimeoutMs: argv.answerTimeout * 1000,
        onStep: (what, confirmation) => process.stdout.write(`${what}: ${confirmation}\n`),
      });
      const { observed } = report;
      const every = observed.epochIntervalMs === undefined ? '' : ` every ${observed.epochIntervalMs} ms`;
      process.stdout.write(`observed at ${observed.baud} baud: ${observed.sentences.join(' ') || '(no configurable sentence)'}${every}\nOK\n`);
    } catch (err) {
      if (err instanceof SetupFailed) throw new UserError(`receiver set-up failed: ${err.message}`, 'check --receiver and --baud; the receiver keeps whatever it acknowledged', 1);
      throw err;
    }
  },
};

/** `gps` subcommands that configure a receiver. */
export const setupGpsCommands: TelematicsCommand[] = [setupCommand];
