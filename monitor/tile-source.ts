import { UserError } from '../common/errors.js';
import type { PageConfig } from './live-contract.js';

/**
 * The live map's raster tiles: an XYZ URL template (`{z}/{x}/{y}`, optionally `{s}` subdomains
 * and `{r}` for retina), chosen with `--tiles`. The default is OpenStreetMap's standard tiles,
 * whose usage policy requires the attribution below and allows light use only: a fleet's
 * dispatch room should use its own tile server or a provider's key (monitor/README.md).
 */
export const TILE_DEFAULTS = {
  url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
  attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
  maxZoom: 19,
};

/** `--tiles none`: no tiles, the bundled offline basemap only. */
export const NO_TILES = 'none';

export function tileSource(url: string, attribution?: string, maxZoom = TILE_DEFAULTS.maxZoom): PageConfig['tiles'] {
  if (url === NO_TILES) return null;
  const hint = 'Give an XYZ template such as https://tile.example.org/{z}/{x}/{y}.png, or none for the offline basemap only.';
  if (!/^https?:\/\/[^/]+\//.test(url)) throw new UserError(`--tiles ${url}: not an http(s) URL.`, hint);
  for (const part of ['{z}', '{x}', '{y}']) if (!url.includes(part)) throw new UserError(`--tiles ${url}: the template has no ${part}.`, hint);
  if (!Number.isInteger(maxZoom) || maxZoom < 1 || maxZoom > 22) throw new UserError(`--tiles-max-zoom ${maxZoom}: give a zoom level from 1 to 22.`);
  const host = /^https?:\/\/([^/]+)\//.exec(url)![1];
  return { url, attribution: attribution ?? (url === TILE_DEFAULTS.url ? TILE_DEFAULTS.attribution : `tiles: ${host.replace(/[<>&"]/g, '')}`), maxZoom };
}

/** The tile server's origin as a Content-Security-Policy source (`{s}` subdomains as a wildcard). */
export function tileCspSource(tiles: PageConfig['tiles']): string {
  return tiles ? /^https?:\/\/[^/]+/.exec(tiles.url)![0].replace('{s}', '*') : '';
}
