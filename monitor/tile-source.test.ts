import { describe, expect, it } from 'vitest';
import { UserError } from '../common/errors.js';
import { NO_TILES, TILE_DEFAULTS, tileCspSource, tileSource } from './tile-source.js';

describe('the map tile source (--tiles)', () => {
  it("defaults to OpenStreetMap's tiles with their attribution", () => {
    expect(tileSource(TILE_DEFAULTS.url)).toEqual({ url: TILE_DEFAULTS.url, attribution: TILE_DEFAULTS.attribution, maxZoom: 19 });
    expect(TILE_DEFAULTS.attribution).toContain('OpenStreetMap');
    expect(tileCspSource(tileSource(TILE_DEFAULTS.url))).toBe('https://tile.openstreetmap.org');
  });

  it('takes any XYZ template, with the attribution given or its host', () => {
    expect(tileSource('https://{s}.tiles.example.org/base/{z}/{x}/{y}.png', 'Example', 17)).toEqual({ url: 'https://{s}.tiles.example.org/base/{z}/{x}/{y}.png', attribution: 'Example', maxZoom: 17 });
    expect(tileSource('http://127.0.0.1:8081/{z}/{x}/{y}.png')!.attribution).toBe('tiles: 127.0.0.1:8081');
    expect(tileCspSource(tileSource('https://{s}.tiles.example.org/{z}/{x}/{y}.png'))).toBe('https://*.tiles.example.org');
    expect(tileSource(NO_TILES)).toBeNull();
    expect(tileCspSource(null)).toBe('');
  });

  it('refuses what is not a tile template', () => {
    for (const bad of ['tiles.example.org/{z}/{x}/{y}.png', 'ftp://x.org/{z}/{x}/{y}', 'https://x.org/{z}/{x}.png']) expect(() => tileSource(bad)).toThrow(UserError);
    expect(() => tileSource(TILE_DEFAULTS.url, undefined, 30)).toThrow(/--tiles-max-zoom/);
  });
});
