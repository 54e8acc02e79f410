import type { TelematicsCommand } from '../cli/command.js';

export const agentCommands: TelematicsCommand[] = [];
