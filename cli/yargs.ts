import { createRequire } from 'node:module';
import type { Argv } from 'yargs';

/**
 * yargs for the `telematics` command, from its CommonJS build: yargs 17's ES module build
 * formats help with cliui's stand-in for wrap-ansi, which breaks lines every N characters, in
 * the middle of words (`pos\nitions`); the CommonJS build wraps at word boundaries (wrap-ansi).
 * The parser is the same.
 */
const yargsCjs = createRequire(import.meta.url)('yargs') as (args: readonly string[]) => Argv;

/** A yargs parser for `args` whose help is wrapped at word boundaries to the terminal's width (unwrapped when not a terminal). */
export function telematicsYargs(args: readonly string[]): Argv {
  const cli = yargsCjs(args);
  return cli.wrap(cli.terminalWidth());
}
