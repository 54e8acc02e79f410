import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../common/paths.js';

const CLI = join(PACKAGE_ROOT, 'dist', 'cli', 'telematics.js');

/** Runs the built `telematics` CLI on the local Kafka only (KAFKA_BROKERS cleared), logs at warn. */
export function telematics(...args: string[]) {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run 'npm run build' first (npm test does)`);
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, KAFKA_BROKERS: '', LOG_LEVEL: 'warn' } });
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
