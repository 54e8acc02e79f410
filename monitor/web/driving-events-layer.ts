import L from 'leaflet';
import type { DrivingEventView } from '../live-contract.js';
import type { FleetStore } from './fleet-store.js';
import { eventValue, localTime } from './format.js';
import { EVENT_COLOURS, MAP_COLOURS } from './palette.js';

/**
 * The driving events on the map: a dot per event, coloured by kind; a click on one (or on the
 * list, `show`) draws its 1 Hz trail and says what happened. Each is found by its class
 * (`driving-event kind-…`, `driving-trail`).
 */
export class DrivingEventsLayer {
  private readonly markers = new Map<string, L.CircleMarker>();
  private readonly trail: L.Polyline;
  private readonly renderer: L.Renderer;
  private shown: L.CircleMarker | undefined;

  constructor(
    private readonly map: L.Map,
    private readonly store: FleetStore,
  ) {
    // Over the routes, under the vehicles; SVG (the map prefers canvas) so that each event is an element to click and find.
    map.createPane('driving-events').style.zIndex = '420';
    this.renderer = L.svg({ pane: 'driving-events' });
    this.trail = L.polyline([], { pane: 'driving-events', renderer: this.renderer, color: MAP_COLOURS.eventTrail, weight: 5, opacity: 0.9, className: 'driving-trail', interactive: false }).addTo(map);
    store.subscribe((change) => {
      if (change.full) this.clear();
      if (change.full || change.drivers) this.draw();
    });
  }

  private clear(): void {
    for (const m of this.markers.values()) m.remove();
    this.markers.clear();
  }

  private draw(): void {
    const events = this.store.drivingEvents;
    const keep = new Set(events.map((e) => e.id));
    for (const [id, m] of this.markers) {
      if (keep.has(id)) continue;
      m.remove();
      this.markers.delete(id);
    }
    for (const e of events) {
      if (this.markers.has(e.id)) continue;
      const marker = L.circleMarker([e.lat, e.lon], { pane: 'driving-events', renderer: this.renderer, radius: 7, weight: 2, color: '#ffffff', fillOpacity: 1, fillColor: EVENT_COLOURS[e.kind], className: `driving-event kind-${e.kind}` })
        .bindTooltip(describe(e))
        .on('click', () => this.show(e))
        .addTo(this.map);
      this.markers.set(e.id, marker);
    }
  }

  /** Draw an event's trail and go to it. */
  show(e: DrivingEventView): void {
    const points = e.trail.map(([, lat, lon]) => [lat, lon] as L.LatLngTuple);
    this.trail.setLatLngs(points);
    this.shown?.closeTooltip();
    this.shown = this.markers.get(e.id);
    this.shown?.openTooltip();
    const bounds = L.latLngBounds(points.length ? points : [[e.lat, e.lon]]);
    this.map.fitBounds(bounds.pad(0.5), { maxZoom: 17 });
  }
}

function describe(e: DrivingEventView): string {
  return `${e.kind} ${eventValue(e.kind, e.peak)} (limit ${eventValue(e.kind, e.threshold)})<br>${e.driverId} · ${e.vehicleId}<br>${localTime(e.timeMs)}`;
}

