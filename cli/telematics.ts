#!/usr/bin/env node
import { hideBin } from 'yargs/helpers';
import { getLogger, setLogLevel, type LogLevel } from '../common/logger.js';
import { UserError } from '../common/errors.js';
import { VERSION } from '../common/version.js';
import { endQuietlyWhenStdoutCloses } from '../common/closed-stdout.js';
import { componentsFor, loadComponent } from './components.js';
import { telematicsYargs } from './yargs.js';

const log = getLogger('cli');

/** Exit codes: 0 ok, 1 runtime failure / degraded, 2 usage or configuration error a user must fix. */
async function main(): Promise<void> {
  endQuietlyWhenStdoutCloses();
  const args = hideBin(process.argv);
  const commands = (await Promise.all(componentsFor(args).map(loadComponent))).flat();
  const cli = telematicsYargs(args)
    .scriptName('telematics')
    .version(VERSION)
    .option('log-level', {
      type: 'string',
      choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      describe: 'Log level (logs are JSON lines on stderr); also LOG_LEVEL. Default info, or warn when stderr is a terminal',
    })
    .middleware((argv) => {
      if (argv['log-level']) setLogLevel(argv['log-level'] as LogLevel);
    })
    .demandCommand(1, 'Give a command; see --help.')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .fail((msg, err) => {
      if (err) throw err;
      process.stderr.write(`error: ${msg}\n\nRun 'telematics --help' for usage.\n`);
      process.exit(2);
    });
  for (const command of commands) cli.command(command);
  await cli.parseAsync();
}

main().catch((err: unknown) => {
  if (err instanceof UserError) {
    process.stderr.write(`error: ${err.message}\n${err.hint ? `hint: ${err.hint}\n` : ''}`);
    process.exit(err.exitCode);
  }
  log.fatal({ err }, 'unexpected failure');
  process.stderr.write(`error: ${(err as Error)?.message ?? String(err)}\n`);
  process.exit(1);
});
