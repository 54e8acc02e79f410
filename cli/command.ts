import type { Argv, CommandModule } from 'yargs';

/** Every component exports its `telematics` subcommands as a list of these (each module types its own argv). */
export type TelematicsCommand = CommandModule<any, any>;

export type { Argv };
