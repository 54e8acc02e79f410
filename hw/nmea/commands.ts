import type { TelematicsCommand } from '../../cli/command.js';

/** `gps` subcommands that work on NMEA text (decode). */
export const nmeaGpsCommands: TelematicsCommand[] = [];
