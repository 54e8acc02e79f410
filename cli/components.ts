import { UserError } from '../common/errors.js';
import type { TelematicsCommand } from './command.js';

/**
 * The `telematics` command's components, loaded lazily: a command loads only its own
 * component, so `telematics agent` never loads kafkajs, and an install without the
 * server side (the vehicle's Debian package) still runs every command it carries.
 */
export interface CliComponent {
  /** The first word of each of the component's commands. */
  commands: string[];
  /** Its module (relative to this file) and the export holding its commands. */
  module: string;
  exportName: string;
  /** Carried by the vehicle's Debian package (packaging/): the agent, its diag and the GPS tools. */
  vehicle: boolean;
}

export const CLI_COMPONENTS: CliComponent[] = [
  { commands: ['kafka'], module: '../kafka/cli.js', exportName: 'kafkaCommands', vehicle: false },
  { commands: ['gps'], module: '../hw/cli.js', exportName: 'hwCommands', vehicle: true },
  { commands: ['gateway'], module: '../gateway/cli.js', exportName: 'gatewayCommands', vehicle: false },
  { commands: ['agent', 'diag'], module: '../agent/cli.js', exportName: 'agentCommands', vehicle: true },
  { commands: ['sim'], module: '../simulator/cli.js', exportName: 'simulatorCommands', vehicle: false },
  { commands: ['monitor', 'history'], module: '../monitor/cli.js', exportName: 'monitorCommands', vehicle: false },
  { commands: ['demo'], module: './demo.js', exportName: 'demoCommands', vehicle: false },
];

/** The components a command line needs: the one its command word names, or all of them (help, a typo to suggest for). */
export function componentsFor(args: string[], components: CliComponent[] = CLI_COMPONENTS): CliComponent[] {
  const word = args.find((arg, i) => !arg.startsWith('-') && args[i - 1] !== '--log-level');
  const named = components.filter((c) => word !== undefined && c.commands.includes(word));
  return named.length > 0 ? named : components;
}

/**
 * A component's commands; when its module or an npm package it needs is not installed,
 * stand-ins that say so (listed in --help, exit 2 when run) instead of a stack trace.
 */
export async function loadComponent(component: CliComponent): Promise<TelematicsCommand[]> {
  try {
    const module = (await import(component.module)) as Record<string, TelematicsCommand[]>;
    return module[component.exportName]!;
  } catch (err) {
    const missing = missingModule(err);
    if (missing === undefined) throw err;
    return component.commands.map((name) => notInstalledCommand(name, missing));
  }
}

/** The missing module of an ERR_MODULE_NOT_FOUND: `package` for an npm package, else the file's path. */
export function missingModule(err: unknown): { package?: string; file?: string } | undefined {
  if ((err as NodeJS.ErrnoException)?.code !== 'ERR_MODULE_NOT_FOUND') return undefined;
  const message = (err as Error).message;
  const pkg = /Cannot find package '([^']+)'/.exec(message)?.[1];
  if (pkg !== undefined) return { package: pkg };
  return { file: /Cannot find module '([^']+)'/.exec(message)?.[1] ?? message };
}

function notInstalledCommand(name: string, missing: { package?: string; file?: string }): TelematicsCommand {
  const [why, hint] =
    missing.package !== undefined
      ? [`it needs the npm package ${missing.package}, which is not installed here`, 'it is an optional dependency: run npm install without --omit=optional']
      : [
          'it is not part of the vehicle package (telematics-agent): the server side runs from a full install (see README.md)',
          `the vehicle package runs ${CLI_COMPONENTS.filter((c) => c.vehicle).flatMap((c) => c.commands.map((n) => `telematics ${n}`)).join(', ')}`,
        ];
  return {
    command: `${name} [args..]`,
    describe: `(not installed here: ${missing.package !== undefined ? `needs ${missing.package}` : 'server side'})`,
    builder: (y) => y.strict(false),
    handler: () => {
      throw new UserError(`telematics ${name} is not available: ${why}`, hint, 2);
    },
  };
}
