import { pino, destination, stdTimeFunctions, type Logger } from 'pino';

export type { Logger };

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LEVELS)[number];

function levelFromEnv(): LogLevel {
  const level = (process.env.LOG_LEVEL ?? 'info').toLowerCase();
  return (LEVELS as readonly string[]).includes(level) ? (level as LogLevel) : 'info';
}

/**
 * The one logger of the project: JSON lines on stderr, so stdout stays free for
 * command output that people and scripts read. Synchronous writes so that the
 * last line before an exit (or a crash) is never lost.
 */
export const rootLogger: Logger = pino(
  { level: levelFromEnv(), base: { pid: process.pid }, timestamp: stdTimeFunctions.isoTime },
  destination({ dest: 2, sync: true }),
);

export function setLogLevel(level: LogLevel): void {
  rootLogger.level = level;
}

/** A child logger named after the component that logs (`gateway`, `hw.serial`, …). */
export function getLogger(component: string): Logger {
  return rootLogger.child({ component });
}
