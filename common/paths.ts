import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (where package.json is), from source (`common/`) or compiled (`dist/common/`) code alike. */
export const PACKAGE_ROOT: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'telematics') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('telematics package.json not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
})();

/** Downloaded artifacts that can be fetched again (XDG cache). */
export function cacheDir(...parts: string[]): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'telematics', ...parts);
}

/** Long-lived local state such as a local broker's data (XDG state). */
export function stateDir(...parts: string[]): string {
  return join(process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'telematics', ...parts);
}
