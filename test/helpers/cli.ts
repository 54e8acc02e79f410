import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../common/paths.js';

const CLI = join(PACKAGE_ROOT, 'dist', 'cli', 'telematics.js');

export interface Finished {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to its end without blocking the test worker's event loop. A worker blocked
 * for over 60 s (a spawnSync of a JVM on a loaded machine) misses vitest's fixed RPC deadline
 * and the run fails with every test green ("Timeout calling onTaskUpdate", vitest #6479).
 */
export function runToEnd(command: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** Runs the built `telematics` CLI on the local Kafka only (KAFKA_BROKERS cleared), logs at warn. */
export function telematics(...args: string[]): Promise<Finished> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run 'npm run build' first (npm test does)`);
  return runToEnd(process.execPath, [CLI, ...args], { env: { ...process.env, KAFKA_BROKERS: '', LOG_LEVEL: 'warn' } });
}

/** Pids of the processes whose command line names `dir` (the brokers started there). */
export function javaProcessesFor(dir: string): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(dir);
      } catch {
        return false;
      }
    })
    .map(Number);
}
