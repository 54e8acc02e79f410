import L from 'leaflet';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { PageConfig } from '../live-contract.js';
import { MAP_COLOURS } from './palette.js';

/**
 * The map: Leaflet with raster tiles from the configured source, over an offline basemap
 * (Natural Earth land and borders, bundled, drawn on a canvas under the tiles) that shows
 * wherever a tile is missing — all of them when the tile server cannot be reached — so
 * the map is never blank. The container's `data-tiles` says which: `loading`, `ok`,
 * `unavailable` (every tile failed) or `none` (no tile source configured); `data-moving` is
 * there while the view pans or zooms.
 */
export const MAP_DEFAULTS = {
  /** Whole world, before the first vehicles arrive. */
  center: [20, 0] as L.LatLngTuple,
  zoom: 2,
  minZoom: 2,
  /** Without tiles the basemap is coarse, but vehicles still need room at street level. */
  maxZoomWithoutTiles: 18,
};

export interface MapView {
  map: L.Map;
  /** Resolves once the basemap is drawn. */
  basemap: Promise<void>;
}

export function createMap(container: HTMLElement, config: PageConfig): MapView {
  const o = MAP_DEFAULTS;
  const map = L.map(container, {
    center: o.center,
    zoom: o.zoom,
    minZoom: o.minZoom,
    maxZoom: config.tiles?.maxZoom ?? o.maxZoomWithoutTiles,
    worldCopyJump: true,
    preferCanvas: true,
  });
  map.on('movestart', () => (container.dataset.moving = 'true'));
  map.on('moveend', () => delete container.dataset.moving);
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  map.createPane('basemap').style.zIndex = '150'; // under the tiles (200)
  map.createPane('routes').style.zIndex = '350';
  map.createPane('fleet').style.zIndex = '450'; // over routes and trails, under tooltips

  if (config.tiles) followTiles(container, L.tileLayer(config.tiles.url, { attribution: config.tiles.attribution, maxZoom: config.tiles.maxZoom }).addTo(map));
  else container.dataset.tiles = 'none';

  const basemap = fetch('/assets/basemap.json')
    .then((r) => {
      if (!r.ok) throw new Error(`basemap: HTTP ${r.status}`);
      return r.json() as Promise<Topology<{ countries: GeometryCollection; land: GeometryCollection }>>;
    })
    .then((world) => {
      const renderer = L.canvas({ pane: 'basemap', padding: 0.5 });
      const common = { pane: 'basemap', renderer, interactive: false };
      // Land filled without an outline: Leaflet clips polygons to the view, and an outline would show the cut.
      L.geoJSON(feature(world, world.objects.land), { ...common, style: { fillColor: MAP_COLOURS.land, fillOpacity: 1, stroke: false } }).addTo(map);
      L.geoJSON(mesh(world, world.objects.land), { ...common, style: { color: MAP_COLOURS.coast, weight: 1, fill: false } }).addTo(map);
      L.geoJSON(mesh(world, world.objects.countries, (a, b) => a !== b), { ...common, style: { color: MAP_COLOURS.border, weight: 1, fill: false } }).addTo(map);
      map.attributionControl.addAttribution('Offline basemap: <a href="https://www.naturalearthdata.com">Natural Earth</a>');
      container.dataset.basemap = 'drawn';
    });
  return { map, basemap };
}

/** Tiles that load say `ok`; when every tile of a view fails, the notice says the offline basemap is showing. */
function followTiles(container: HTMLElement, tiles: L.TileLayer): void {
  let loaded = 0;
  let failed = 0;
  const show = (): void => {
    container.dataset.tiles = loaded > 0 ? 'ok' : failed > 0 ? 'unavailable' : 'loading';
  };
  tiles.on('loading', () => {
    loaded = failed = 0;
    show();
  });
  tiles.on('tileload', () => {
    loaded++;
    show();
  });
  tiles.on('tileerror', () => {
    failed++;
    show();
  });
  show();
}
