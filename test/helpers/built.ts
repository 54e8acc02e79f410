import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../common/paths.js';

/** The built `telematics` command (`npm test` builds first). */
export const CLI_JS = join(PACKAGE_ROOT, 'dist', 'cli', 'telematics.js');

/** The built module of a source file: `gateway/registry.ts` → `dist/gateway/registry.js`. */
export function builtModule(source: string): string {
  return join(PACKAGE_ROOT, 'dist', source.replace(/\.ts$/, '.js'));
}

/** Fails (instead of testing stale code) when a source file is newer than its build. */
export function requireBuilt(...sources: string[]): void {
  for (const source of sources) {
    const built = builtModule(source);
    if (!existsSync(built) || statSync(built).mtimeMs < statSync(join(PACKAGE_ROOT, source)).mtimeMs) {
      throw new Error(`${built} is missing or older than ${source}: build first (npx tsc -p tsconfig.json, or npm test)`);
    }
  }
}
