import { pino, destination, stdTimeFunctions, type Logger } from 'pino';

export type { Logger };

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LEVELS)[number];

/**
 * The level when `--log-level` does not say: LOG_LEVEL, else `info` — but `warn` when stderr is a
 * terminal, where JSON lines would interleave with the command's own output (`gps watch`, `sim`'s
 * live view): a person at a terminal sees warnings and errors, and asks for more with --log-level
 * or LOG_LEVEL. Under systemd (journald), in a pipe or a file, nothing changes.
 */
export function defaultLogLevel(env: NodeJS.ProcessEnv = process.env, stderrIsTerminal = process.stderr.isTTY === true): LogLevel {
  const fallback: LogLevel = stderrIsTerminal ? 'warn' : 'info';
  const level = (env.LOG_LEVEL ?? fallback).toLowerCase();
  return (LEVELS as readonly string[]).includes(level) ? (level as LogLevel) : fallback;
}

/**
 * The one logger of the project: JSON lines on stderr, so stdout stays free for
 * command output that people and scripts read. Synchronous writes so that the
 * last line before an exit (or a crash) is never lost.
 */
export const rootLogger: Logger = pino(
  { level: defaultLogLevel(), base: { pid: process.pid }, timestamp: stdTimeFunctions.isoTime },
  destination({ dest: 2, sync: true }),
);

export function setLogLevel(level: LogLevel): void {
  rootLogger.level = level;
}

/** A child logger named after the component that logs (`gateway`, `hw.serial`, …). */
export function getLogger(component: string): Logger {
  return rootLogger.child({ component });
}
