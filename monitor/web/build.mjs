// Builds the live page (monitor/web/) into dist/web/ with esbuild: run by `npm run build`, and by
// the browser tests before they start a page. Plain JavaScript so that it runs before tsc.
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const require = createRequire(import.meta.url);

export const WEB_BUILD_DEFAULTS = {
  outdir: join(root, 'dist', 'web'),
  /** Natural Earth 1:50m countries and land (world-atlas, TopoJSON): the offline basemap. */
  basemap: require.resolve('world-atlas/countries-50m.json'),
  minify: true,
};

/** Bundle the dispatcher's page (app.js, app.css) and the customer's page (track.js), copy the HTML and the basemap. */
export async function buildWeb(options = WEB_BUILD_DEFAULTS) {
  const { outdir } = options;
  await mkdir(outdir, { recursive: true });
  await esbuild.build({
    entryPoints: { app: join(here, 'main.ts'), track: join(here, 'track.ts') },
    outdir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome100', 'firefox100', 'safari15'],
    minify: options.minify,
    sourcemap: 'linked',
    loader: { '.png': 'file' },
    assetNames: '[name]',
    logLevel: 'warning',
  });
  await Promise.all([
    copyFile(join(here, 'index.html'), join(outdir, 'index.html')),
    copyFile(join(here, 'track.html'), join(outdir, 'track.html')),
    copyFile(options.basemap, join(outdir, 'basemap.json')),
  ]);
  return outdir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildWeb();
}
