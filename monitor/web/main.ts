import 'leaflet/dist/leaflet.css';
import './style.css';
import L from 'leaflet';
import type { AlertView, PageConfig } from '../live-contract.js';
import { AlertsPanel } from './alerts-panel.js';
import { DeliveriesTable } from './deliveries-table.js';
import { DriversTable } from './drivers-table.js';
import { DrivingEventsLayer } from './driving-events-layer.js';
import { FleetLayer } from './fleet-layer.js';
import { FleetStore, followFeed } from './fleet-store.js';
import { createMap } from './map-view.js';
import { STATE_COLOURS } from './palette.js';
import { PlanLayer } from './plan-layer.js';
import { VehicleCard } from './vehicle-card.js';
import { VehicleList } from './vehicle-list.js';

/** The dispatcher's live map: wires the store (fed by /events) to the map, the lists, the card and the alerts. */

export const PAGE_DEFAULTS = {
  /** Zoom a selected vehicle is shown at (unless the map is already closer). */
  selectZoom: 15,
};

async function start(): Promise<void> {
  for (const [state, colour] of Object.entries(STATE_COLOURS)) document.documentElement.style.setProperty(`--state-${state}`, colour);
  const [config, plan] = await Promise.all([
    fetch('/api/config').then((r) => r.json() as Promise<PageConfig>),
    fetch('/api/plan').then((r) => r.json() as Promise<ConstructorParameters<typeof PlanLayer>[1]>),
  ]);
  const store = new FleetStore();
  const mapElement = document.getElementById('map')!;
  const { map } = createMap(mapElement, config);
  const planLayer = new PlanLayer(map, plan, store);
  const fleet = new FleetLayer(store.vehicles, (id) => select(id, false));
  fleet.addTo(map);
  const card = new VehicleCard(document.getElementById('card')!, store, config.timeZone, () => select(null, false));
  const list = new VehicleList(document.getElementById('vehicles')!, store, (id) => select(id, true));
  new DeliveriesTable(document.getElementById('deliveries')!, store, (id) => select(id, true));
  new AlertsPanel(document.getElementById('alerts')!, store, (alert) => openAlert(alert));
  const drivingEvents = new DrivingEventsLayer(map, store);
  new DriversTable(
    document.getElementById('drivers')!,
    store,
    (driverId) => {
      // The driver's latest event, else their vehicle.
      const latest = store.drivingEvents.filter((e) => e.driverId === driverId).at(-1);
      if (latest) drivingEvents.show(latest);
      else select([...store.drivers.values()].find((d) => d.driverId === driverId)?.vehicles[0] ?? null, true);
    },
    (event) => drivingEvents.show(event),
  );

  function select(id: string | null, fly: boolean): void {
    card.show(id);
    list.selectedId = id;
    list.tick();
    fleet.selectedId = id;
    fleet.redraw();
    planLayer.select(id);
    const v = id ? store.vehicles.get(id) : undefined;
    if (fly && v && v.lat !== null && v.lon !== null) map.flyTo([v.lat, v.lon], Math.max(map.getZoom(), PAGE_DEFAULTS.selectZoom));
  }

  function openAlert(alert: AlertView): void {
    select(alert.vehicleId, false);
    if (alert.lat !== undefined && alert.lon !== undefined) map.flyTo([alert.lat, alert.lon], Math.max(map.getZoom(), PAGE_DEFAULTS.selectZoom));
  }

  // The first data frames the fleet (or the plan); after that the dispatcher's view is theirs.
  let framed = false;
  store.subscribe((change) => {
    fleet.update();
    const followed = card.follow.checked && card.shown ? store.vehicles.get(card.shown) : undefined;
    if (followed && change.vehicles.has(followed.id) && followed.lat !== null && followed.lon !== null) map.panTo([followed.lat, followed.lon]);
    if (!framed && change.full) {
      framed = true;
      const positions = [...store.vehicles.values()].filter((v) => v.lat !== null).map((v) => [v.lat!, v.lon!] as L.LatLngTuple);
      const bounds = positions.length ? L.latLngBounds(positions) : planLayer.bounds();
      if (bounds) map.fitBounds(bounds.pad(0.1), { maxZoom: 13 });
    }
    document.getElementById('fleet-count')!.textContent = `${store.vehicles.size.toLocaleString()} vehicles`;
  });

  for (const tab of document.querySelectorAll<HTMLButtonElement>('[role="tab"]')) {
    tab.addEventListener('click', () => {
      for (const t of document.querySelectorAll<HTMLButtonElement>('[role="tab"]')) {
        t.setAttribute('aria-selected', String(t === tab));
        document.getElementById(t.getAttribute('aria-controls')!)!.hidden = t !== tab;
      }
    });
  }
  const connection = document.getElementById('connection')!;
  followFeed(store, (live) => {
    connection.textContent = live ? 'live' : 'reconnecting…';
    connection.dataset.live = String(live);
  });
  setInterval(() => {
    card.tick();
    list.tick();
  }, 1000);
  document.getElementById('viewer-zone')!.textContent = `times in ${Intl.DateTimeFormat().resolvedOptions().timeZone} (hover: UTC)`;
}

void start();
