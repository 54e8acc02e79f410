import type { Argv, CommandModule } from 'yargs';

/** Every component exports its `telematics` subcommands as a list of these. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TelematicsCommand = CommandModule<any, any>;

export type { Argv };
