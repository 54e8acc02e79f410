import type { TelematicsCommand } from '../../cli/command.js';

/** `gps` subcommands that touch serial devices (replay onto a virtual one, watch a real one). */
export const serialGpsCommands: TelematicsCommand[] = [];
