import type { TelematicsCommand } from '../cli/command.js';

export const hwCommands: TelematicsCommand[] = [];
