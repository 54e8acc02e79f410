#!/usr/bin/env node
/**
 * The agent's own lean entry point for the vehicle (`node dist/agent/main.js agent|diag …`):
 * the same commands and flags as `telematics agent|diag` (one declaration, agent/settings.ts),
 * parsed with node:util instead of yargs and without loading the server-side components:
 * ~8 MB less RSS on a small board (see agent/README.md). The systemd unit runs this.
 */
import { parseArgs } from 'node:util';
import { endQuietlyWhenStdoutCloses } from '../common/closed-stdout.js';
import { UserError } from '../common/errors.js';
import { getLogger, setLogLevel, type LogLevel } from '../common/logger.js';
import { VERSION } from '../common/version.js';
import { runAgent, runDiagCommand } from './cli.js';
import { runQuarantineCommand } from './quarantine.js';
import { parseArgsOptions, usageOptions, type Settings } from './setting-sources.js';
import { AGENT_SETTINGS, CONFIG_FLAG, DIAG_SETTINGS, QUARANTINE_SETTINGS } from './settings.js';

/** The entry point's own flag (`telematics` has it for every command). */
const LOG_LEVEL_FLAG: Settings = { logLevel: { flag: 'log-level', arg: 'L', describe: 'Log level (or LOG_LEVEL; default info, warn on a terminal)', schema: { type: 'string' } } };

const COMMANDS: Record<string, { settings: Settings; run: (flags: Record<string, string | boolean | undefined>) => Promise<void> }> = {
  agent: { settings: { ...CONFIG_FLAG, ...AGENT_SETTINGS, ...LOG_LEVEL_FLAG }, run: runAgent },
  diag: { settings: { ...DIAG_SETTINGS, ...LOG_LEVEL_FLAG }, run: runDiagCommand },
  'agent quarantine list': { settings: { ...QUARANTINE_SETTINGS, ...LOG_LEVEL_FLAG }, run: (flags) => runQuarantineCommand('list', flags) },
  'agent quarantine resend': { settings: { ...QUARANTINE_SETTINGS, ...LOG_LEVEL_FLAG }, run: (flags) => runQuarantineCommand('resend', flags) },
};

/** `usage: telematics-agent agent [--config FILE] …`, wrapped at 100 columns. */
function usage(): string {
  const lines: string[] = [];
  for (const [name, { settings }] of Object.entries(COMMANDS)) {
    const head = `${lines.length === 0 ? 'usage:' : '      '} telematics-agent ${name}`;
    let line = head;
    for (const option of usageOptions(settings).split(/ (?=\[)/)) {
      if (line.length + option.length + 1 > 100) {
        lines.push(line);
        line = ' '.repeat(head.length);
      }
      line += ` ${option}`;
    }
    lines.push(line);
  }
  return `${lines.join('\n')}\nSame flags as 'telematics agent --help' / 'telematics diag --help'.\n`;
}

async function main(): Promise<void> {
  endQuietlyWhenStdoutCloses();
  const args = process.argv.slice(2);
  // `agent quarantine list|resend` is a command of its own, named by its three words.
  const words = args[0] === 'agent' && args[1] === 'quarantine' ? 3 : 1;
  const command = args.slice(0, words).join(' ') || undefined;
  const rest = args.slice(words);
  if (command === '--version') {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  if (command === undefined || command === '--help' || command === '-h' || rest.includes('--help')) {
    process.stdout.write(usage());
    if (command === undefined) process.exitCode = 2;
    return;
  }
  const chosen = COMMANDS[command];
  if (!chosen) throw new UserError(`unknown command ${command}`, `use one of: ${Object.keys(COMMANDS).join(', ')}; see --help`);
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: rest, options: parseArgsOptions(chosen.settings) }));
  } catch (err) {
    if (err instanceof TypeError && (err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) throw new UserError(err.message, 'see telematics-agent --help');
    throw err;
  }
  if (typeof values['log-level'] === 'string') setLogLevel(values['log-level'] as LogLevel);
  await chosen.run(values);
}

main().catch((err: unknown) => {
  if (err instanceof UserError) {
    process.stderr.write(`error: ${err.message}\n${err.hint ? `hint: ${err.hint}\n` : ''}`);
    process.exit(err.exitCode);
  }
  getLogger('agent').fatal({ err }, 'unexpected failure');
  process.stderr.write(`error: ${(err as Error)?.message ?? String(err)}\n`);
  process.exit(1);
});
