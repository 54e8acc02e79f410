import type { DeliveryView, VehicleView } from '../live-contract.js';
import type { FleetStore } from './fleet-store.js';
import { age, heading, km, kmh, lateness, setTime, timeElement } from './format.js';
import { STATE_LABELS } from './vehicle-list.js';

/**
 * The selected vehicle's card: its last fix (date, time and age), speed and heading, the
 * tracker's averages, distance today and on this trip, route and deliveries, and "follow"
 * (the map keeps the vehicle in view as it moves). Every figure is the tracker's own.
 */
export class VehicleCard {
  private vehicleId: string | null = null;
  private readonly body: HTMLElement;
  readonly follow: HTMLInputElement;

  constructor(
    private readonly root: HTMLElement,
    private readonly store: FleetStore,
    private readonly timeZone: string,
    onClose: () => void,
  ) {
    root.innerHTML = `
      <header><h2 class="card-title"></h2><span class="card-state"></span>
      <button type="button" class="close" aria-label="Close">×</button></header>
      <label class="follow-toggle"><input type="checkbox" class="follow"> follow</label>
      <div class="card-body"></div>`;
    this.body = root.querySelector('.card-body')!;
    this.follow = root.querySelector('.follow')!;
    root.querySelector('.close')!.addEventListener('click', onClose);
    root.hidden = true;
    store.subscribe((change) => {
      if (this.vehicleId && (change.full || change.vehicles.has(this.vehicleId) || [...change.deliveries].some((id) => id.startsWith(`${this.vehicleId}/`)))) this.render();
    });
  }

  get shown(): string | null {
    return this.vehicleId;
  }

  show(vehicleId: string | null): void {
    this.vehicleId = vehicleId;
    this.root.hidden = vehicleId === null;
    if (vehicleId === null) this.follow.checked = false;
    this.root.dataset.vehicle = vehicleId ?? '';
    this.render();
  }

  /** Ages move on every second. */
  tick(): void {
    const v = this.vehicleId && this.store.vehicles.get(this.vehicleId);
    const el = this.body.querySelector<HTMLElement>('[data-field="fix-age"]');
    if (v && el) el.textContent = age(v.fixTimeMs, this.store.now());
  }

  private render(): void {
    const v = this.vehicleId ? this.store.vehicles.get(this.vehicleId) : undefined;
    if (!v) {
      this.body.textContent = this.vehicleId ? 'No data for this vehicle yet.' : '';
      return;
    }
    this.root.querySelector('.card-title')!.textContent = v.id;
    const state = this.root.querySelector<HTMLElement>('.card-state')!;
    state.textContent = STATE_LABELS[v.state];
    state.dataset.state = v.state;
    const rows: [string, string | Node, string][] = [
      ['Last fix', fixTime(v), 'fix-time'],
      ['Age', age(v.fixTimeMs, this.store.now()), 'fix-age'],
      ['Speed', `${kmh(v.speed)} km/h`, 'speed'],
      ['Heading', heading(v.track), 'heading'],
      ['Average, last 5 min', `${kmh(v.windowAvgSpeed)} km/h`, 'window-avg'],
      ['Average, this trip', `${kmh(v.tripAvgSpeed)} km/h`, 'trip-avg'],
      [`Distance today (${v.dayDate ?? '–'}, ${this.timeZone})`, `${km(v.distanceToday)} km`, 'distance-today'],
      ['This trip', v.tripStartMs === null ? '–' : tripSince(v), 'trip'],
      ['Position', v.lat === null ? '–' : `${v.lat.toFixed(5)}, ${v.lon!.toFixed(5)}`, 'position'],
    ];
    if (v.planned) rows.push(['Off route by', v.distanceFromRoute === null ? '–' : `${v.distanceFromRoute} m`, 'off-route'], ['Stops done', `${v.stopsDone} of ${v.stopsTotal}`, 'stops-done']);
    const table = document.createElement('dl');
    for (const [label, value, field] of rows) {
      const dt = document.createElement('dt');
      dt.textContent = label;
      const dd = document.createElement('dd');
      dd.dataset.field = field;
      dd.append(value);
      table.append(dt, dd);
    }
    const parts: Node[] = [table];
    const deliveries = [...this.store.deliveries.values()].filter((d) => d.vehicleId === v.id);
    if (deliveries.length) parts.push(deliveryList(deliveries));
    this.body.replaceChildren(...parts);
  }
}

function fixTime(v: VehicleView): Node {
  const el = timeElement(v.fixTimeMs);
  return el;
}

function tripSince(v: VehicleView): Node {
  const span = document.createElement('span');
  span.append(`${km(v.tripDistance)} km since `, timeElement(v.tripStartMs, true));
  return span;
}

function deliveryList(deliveries: DeliveryView[]): Node {
  const section = document.createElement('section');
  section.className = 'card-deliveries';
  const h = document.createElement('h3');
  h.textContent = 'Deliveries';
  const ol = document.createElement('ol');
  for (const d of deliveries) {
    const li = document.createElement('li');
    li.dataset.delivery = d.id;
    li.dataset.status = d.status;
    const name = document.createElement('strong');
    name.textContent = d.name ?? d.stopId;
    const when = document.createElement('div');
    const promised = timeElement(d.promisedAtMs, true);
    promised.dataset.field = 'promised';
    if (d.status === 'next' || d.status === 'scheduled') {
      const eta = document.createElement('time');
      setTime(eta, d.etaAtMs, true);
      eta.dataset.field = 'eta';
      when.append('ETA ', eta, ' · promised ', promised, ` · ${lateness(d.lateByMs)}`);
    } else {
      const done = document.createElement('time');
      setTime(done, d.doneAtMs, true);
      when.append(`${d.status} `, done, ' · promised ', promised, ` · ${lateness(d.lateByMs)}`);
    }
    li.append(name, ` (${d.status})`, when);
    ol.append(li);
  }
  section.append(h, ol);
  return section;
}
