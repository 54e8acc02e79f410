import type { Argv } from 'yargs';
import type { TelematicsCommand } from '../cli/command.js';
import { UserError } from '../common/errors.js';
import { nmeaGpsCommands } from './nmea/commands.js';
import { serialGpsCommands } from './serial/commands.js';
import { setupGpsCommands } from './setup/commands.js';

export const hwCommands: TelematicsCommand[] = [
  {
    command: 'gps <command>',
    describe: 'GPS receiver tools: decode NMEA, replay onto a virtual serial port, watch or set up a receiver',
    builder: (y: Argv) => {
      for (const c of [...nmeaGpsCommands, ...serialGpsCommands, ...setupGpsCommands]) y.command(c);
      return y.demandCommand(1);
    },
    handler: () => {
      throw new UserError('Give a gps subcommand; see telematics gps --help.');
    },
  },
];
