#!/usr/bin/env node
/**
 * The agent's own lean entry point for the vehicle (`node dist/agent/main.js agent|diag …`):
 * the same commands and flags as `telematics agent|diag`, parsed with node:util instead of
 * yargs and without loading the server-side components: ~8 MB less RSS on a small board
 * (see agent/README.md). The systemd unit runs this.
 */
import { parseArgs } from 'node:util';
import { UserError } from '../common/errors.js';
import { getLogger, setLogLevel, type LogLevel } from '../common/logger.js';
import { VERSION } from '../common/version.js';
import { runAgent, runDiagCommand } from './cli.js';
import { AGENT_CONFIG_DEFAULTS } from './config.js';

const USAGE = `usage: telematics-agent agent [--config FILE] [--serial DEV] [--baud B|auto] [--gateway URL]
                        [--vehicle-id ID] [--token T | --token-file F] [--db FILE]
                        [--status-file F] [--every-fix] [--metrics-port P] [--log-level L]
       telematics-agent diag [--db FILE] [--status-file F] [--gateway URL] [--timeout-ms MS] [--json]
Same flags as 'telematics agent --help' / 'telematics diag --help'.
`;

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === '--version') {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  if (command === undefined || command === '--help' || command === '-h' || rest.includes('--help')) {
    process.stdout.write(USAGE);
    if (command === undefined) process.exitCode = 2;
    return;
  }
  const str = { type: 'string' } as const;
  const common = { 'log-level': str, 'status-file': str, db: str, gateway: str };
  try {
    if (command === 'agent') {
      const { values } = parseArgs({
        args: rest,
        options: { ...common, config: str, serial: str, baud: str, 'vehicle-id': str, token: str, 'token-file': str, 'every-fix': { type: 'boolean' }, 'metrics-port': str },
      });
      if (values['log-level']) setLogLevel(values['log-level'] as LogLevel);
      await runAgent({ ...values, 'metrics-port': values['metrics-port'] === undefined ? undefined : Number(values['metrics-port']) });
    } else if (command === 'diag') {
      const { values } = parseArgs({ args: rest, options: { ...common, 'timeout-ms': str, json: { type: 'boolean' } } });
      if (values['log-level']) setLogLevel(values['log-level'] as LogLevel);
      await runDiagCommand({
        db: values.db ?? process.env.TELEMATICS_DB ?? AGENT_CONFIG_DEFAULTS.db,
        'status-file': values['status-file'],
        gateway: values.gateway,
        'timeout-ms': Number(values['timeout-ms'] ?? 3000),
        json: values.json ?? false,
      });
    } else {
      throw new UserError(`unknown command ${command}`, 'use agent or diag; see --help');
    }
  } catch (err) {
    if (err instanceof TypeError && (err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) throw new UserError(err.message, 'see telematics-agent --help');
    throw err;
  }
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
