import { execFile } from 'node:child_process';
import { getLogger } from '../common/logger.js';

const log = getLogger('agent.systemd');

/**
 * sd_notify(3) for Node, which has no unix datagram sockets: each message is sent by
 * `systemd-notify` (the unit sets NotifyAccess=all so a helper in the service's cgroup may
 * speak for it; systemd-notify ≥ 246 waits until the manager has read the message, so
 * the helper's exit cannot race it). Inactive when not started by systemd (no NOTIFY_SOCKET).
 */
export class SystemdNotifier {
  readonly enabled: boolean;
  /** Half the unit's WatchdogSec, or undefined when no watchdog is configured. */
  readonly watchdogIntervalMs: number | undefined;

  private readonly socket: string | undefined;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.socket = env.NOTIFY_SOCKET;
    this.enabled = Boolean(env.NOTIFY_SOCKET);
    const usec = Number(env.WATCHDOG_USEC);
    const forUs = !env.WATCHDOG_PID || Number(env.WATCHDOG_PID) === process.pid;
    this.watchdogIntervalMs = this.enabled && forUs && usec > 0 ? Math.max(500, usec / 2_000) : undefined;
  }

  ready(status: string): Promise<void> {
    return this.send([`--pid=${process.pid}`, '--ready', `--status=${status}`]);
  }

  watchdog(): Promise<void> {
    return this.send([`--pid=${process.pid}`, 'WATCHDOG=1']);
  }

  stopping(): Promise<void> {
    return this.send([`--pid=${process.pid}`, 'STOPPING=1']);
  }

  private send(args: string[]): Promise<void> {
    if (!this.enabled) return Promise.resolve();
    return new Promise((resolve) => {
      execFile('systemd-notify', args, { timeout: 5_000, env: { ...process.env, NOTIFY_SOCKET: this.socket } }, (err) => {
        if (err) log.warn({ err: err.message, args }, 'systemd-notify failed');
        resolve();
      });
    });
  }
}
