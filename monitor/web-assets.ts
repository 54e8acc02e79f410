import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { PACKAGE_ROOT } from '../common/paths.js';

/** Where `npm run build` puts the bundled page (monitor/web/build.mjs). */
export const WEB_ASSETS_DIR = join(PACKAGE_ROOT, 'dist', 'web');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.map': 'application/json; charset=utf-8',
};

export interface WebAsset {
  body: Buffer;
  contentType: string;
}

/**
 * The built page's files, each read once, on its first request. A name that is not a plain file name of
 * the build (no path, no dot-dot) is not looked up at all.
 */
export class WebAssets {
  private readonly cache = new Map<string, WebAsset>();

  constructor(private readonly dir = WEB_ASSETS_DIR) {}

  get(name: string): WebAsset | null {
    if (!/^[\w-]+(\.[\w-]+)+$/.test(name)) return null;
    let asset = this.cache.get(name);
    if (!asset) {
      try {
        asset = { body: readFileSync(join(this.dir, name)), contentType: CONTENT_TYPES[extname(name)] ?? 'application/octet-stream' };
      } catch {
        return null; // not cached: a build made later is served
      }
      this.cache.set(name, asset);
    }
    return asset;
  }

  /** Why the page cannot be served, for a 503: the build was not run. */
  get missingHint(): string {
    return `the live page is not built (${this.dir} is missing its files): run \`npm run build\`\n`;
  }
}
