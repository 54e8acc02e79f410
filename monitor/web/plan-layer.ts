import L from 'leaflet';
import type { Trail } from '../live-contract.js';
import type { FleetStore } from './fleet-store.js';
import { localTimeShort } from './format.js';
import { MAP_COLOURS, STOP_COLOURS } from './palette.js';

interface VehicleFeature {
  properties: { vehicleId: string; stopId?: string; name?: string; promisedAt?: string };
  geometry: { type: 'LineString'; coordinates: [number, number][] } | { type: 'Point'; coordinates: [number, number] };
}
interface SpeedZoneFeature {
  properties: { name: string; speedLimitKmh: number };
  geometry: { type: 'MultiPolygon'; coordinates: [number, number][][][] };
}
type PlanFeature = VehicleFeature | SpeedZoneFeature;

function isSpeedZone(f: PlanFeature): f is SpeedZoneFeature {
  return f.geometry.type === 'MultiPolygon';
}

/**
 * The plan on the map: every planned route, its stops coloured by delivery status (tooltip:
 * name and promised time), the selected vehicle's route in bold, the speed zones (tooltip:
 * name and limit); and the selected vehicle's
 * trail for the last hour, extended live as it moves.
 */
export class PlanLayer {
  private readonly routes = new Map<string, L.Polyline>();
  private readonly stops = new Map<string, L.CircleMarker>();
  private readonly trail: L.Polyline;
  private trailOf: string | null = null;
  private selected: string | null = null;

  constructor(
    private readonly map: L.Map,
    plan: { features: PlanFeature[] },
    private readonly store: FleetStore,
  ) {
    const renderer = L.canvas({ pane: 'routes' });
    const zoneRenderer = L.svg({ pane: 'routes' });
    let zones = 0;
    for (const f of plan.features) {
      if (isSpeedZone(f)) {
        const { name, speedLimitKmh } = f.properties;
        const rings = f.geometry.coordinates.map((polygon) => polygon.map((ring) => ring.map(([lon, lat]) => [lat, lon] as L.LatLngTuple)));
        // SVG rather than the routes' canvas: a handful of zones, each an element a test (and a hover) can find.
        L.polygon(rings, { pane: 'routes', renderer: zoneRenderer, className: 'speed-zone', color: MAP_COLOURS.speedZone, weight: 2, dashArray: '6 4', fillOpacity: 0.08 })
          .bindTooltip(`${name}: ${speedLimitKmh} km/h`)
          .addTo(map);
        zones++;
        continue;
      }
      const id = f.properties.vehicleId;
      if (f.geometry.type === 'LineString') {
        const line = L.polyline(
          f.geometry.coordinates.map(([lon, lat]) => [lat, lon] as L.LatLngTuple),
          { pane: 'routes', renderer, color: MAP_COLOURS.route, weight: 3, opacity: 0.7, interactive: false },
        ).addTo(map);
        this.routes.set(id, line);
      } else {
        const [lon, lat] = f.geometry.coordinates;
        const marker = L.circleMarker([lat, lon], { pane: 'routes', renderer, radius: 6, weight: 2, color: '#ffffff', fillOpacity: 1, fillColor: STOP_COLOURS.scheduled })
          .bindTooltip(`${f.properties.name ?? f.properties.stopId} (${id})<br>promised ${localTimeShort(Date.parse(f.properties.promisedAt!))}`)
          .addTo(map);
        this.stops.set(`${id}/${f.properties.stopId}`, marker);
      }
    }
    map.getContainer().dataset.speedZones = String(zones);
    this.trail = L.polyline([], { pane: 'routes', renderer, color: MAP_COLOURS.trail, weight: 4, opacity: 0.85, interactive: false }).addTo(map);
    store.subscribe((change) => {
      for (const id of change.deliveries) this.colourStop(id);
      const v = this.trailOf ? this.store.vehicles.get(this.trailOf) : undefined;
      if (v && change.vehicles.has(v.id) && v.lat !== null && v.lon !== null) {
        this.trail.addLatLng([v.lat, v.lon]);
        this.map.getContainer().dataset.trail = String(this.trail.getLatLngs().length);
      }
    });
  }

  /** The routes' extent, to frame a plan before any vehicle reports. */
  bounds(): L.LatLngBounds | null {
    const all = [...this.routes.values()].map((r) => r.getBounds());
    return all.length ? all.reduce((a, b) => a.extend(b)) : null;
  }

  select(vehicleId: string | null): void {
    if (this.selected) this.routes.get(this.selected)?.setStyle({ color: MAP_COLOURS.route, weight: 3 });
    this.selected = vehicleId;
    if (vehicleId) this.routes.get(vehicleId)?.setStyle({ color: MAP_COLOURS.selectedRoute, weight: 5 }).bringToFront();
    this.trailOf = vehicleId;
    this.trail.setLatLngs([]);
    if (!vehicleId) return;
    void fetch(`/api/vehicles/${encodeURIComponent(vehicleId)}/trail`)
      .then((r) => r.json() as Promise<Trail>)
      .then((trail) => {
        if (this.trailOf !== vehicleId) return;
        // Positions the feed brought while the request was out come after the trail's last point.
        const lastMs = trail.points.at(-1)?.[0] ?? -Infinity;
        const v = this.store.vehicles.get(vehicleId);
        const points = trail.points.map(([, lat, lon]) => [lat, lon] as L.LatLngTuple);
        if (v && v.lat !== null && v.lon !== null && (v.fixTimeMs ?? 0) > lastMs) points.push([v.lat, v.lon]);
        this.trail.setLatLngs(points);
        this.map.getContainer().dataset.trail = String(points.length);
      });
  }

  private colourStop(deliveryId: string): void {
    const d = this.store.deliveries.get(deliveryId);
    if (d) this.stops.get(deliveryId)?.setStyle({ fillColor: STOP_COLOURS[d.status] });
  }
}
