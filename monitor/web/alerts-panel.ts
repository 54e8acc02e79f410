import type { AlertType } from '../vehicle-tracker.js';
import type { AlertView } from '../live-contract.js';
import type { FleetStore } from './fleet-store.js';
import { eventValue, lateness, timeElement } from './format.js';

export const ALERT_LABELS: Record<AlertType, string> = {
  'deviation-start': 'left its route',
  'deviation-end': 'back on its route',
  'delay-predicted': 'delay predicted',
  'delay-cleared': 'delay cleared',
  arrival: 'arrived',
  'stop-missed': 'missed a stop',
  'no-data': 'no data',
  'data-resumed': 'data resumed',
  'severe-driving': 'severe driving',
};

/** Alerts that call for a dispatcher; the others (back on route, arrived…) are news. */
const NEEDS_ATTENTION = new Set<AlertType>(['deviation-start', 'delay-predicted', 'stop-missed', 'no-data', 'severe-driving']);

export const ALERTS_PANEL_DEFAULTS = {
  /** Newest first, this many at most in the DOM. */
  shown: 200,
};

/**
 * The live alerts panel: newest first, each with its time, vehicle and details; a click goes to
 * the vehicle on the map, "Acknowledge" marks it done for every dispatcher (POST
 * /api/alerts/{id}/ack, broadcast by the feed). Acknowledged alerts are hidden unless asked for.
 */
export class AlertsPanel {
  private readonly list: HTMLElement;
  private readonly count: HTMLElement;
  private readonly showAcked: HTMLInputElement;

  constructor(
    root: HTMLElement,
    private readonly store: FleetStore,
    private readonly onOpen: (alert: AlertView) => void,
    private readonly o = ALERTS_PANEL_DEFAULTS,
  ) {
    root.innerHTML = `
      <header><h2>Alerts <span class="alert-count"></span></h2>
      <label><input type="checkbox" class="show-acked"> show acknowledged</label></header>
      <ol class="alerts" aria-live="polite"></ol>`;
    this.list = root.querySelector('.alerts')!;
    this.count = root.querySelector('.alert-count')!;
    this.showAcked = root.querySelector('.show-acked')!;
    this.showAcked.addEventListener('change', () => this.render());
    this.list.addEventListener('click', (e) => {
      const target = e.target as HTMLElement;
      const item = target.closest<HTMLElement>('[data-alert]');
      if (!item) return;
      const alert = this.store.alerts.find((a) => a.alertId === item.dataset.alert);
      if (!alert) return;
      if (target.closest('.ack')) void this.acknowledge(alert, target as HTMLButtonElement);
      else this.onOpen(alert);
    });
    store.subscribe((change) => {
      if (change.alerts) this.render();
    });
  }

  private async acknowledge(alert: AlertView, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    const r = await fetch(`/api/alerts/${encodeURIComponent(alert.alertId)}/ack`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    // The feed brings the acknowledgement to every page, this one included; a refusal re-enables the button.
    if (!r.ok) button.disabled = false;
  }

  private render(): void {
    const alerts = this.store.alerts;
    const open = alerts.filter((a) => a.ackedAtMs === null).length;
    this.count.textContent = open ? String(open) : '';
    const shown = (this.showAcked.checked ? alerts : alerts.filter((a) => a.ackedAtMs === null)).slice(-this.o.shown).reverse();
    this.list.replaceChildren(...shown.map((a) => this.item(a)));
  }

  private item(a: AlertView): HTMLElement {
    const li = document.createElement('li');
    li.dataset.alert = a.alertId;
    li.dataset.type = a.type;
    li.className = `alert${NEEDS_ATTENTION.has(a.type) ? ' attention' : ''}${a.ackedAtMs !== null ? ' acked' : ''}`;
    const head = document.createElement('div');
    head.className = 'alert-head';
    const vehicle = document.createElement('strong');
    vehicle.className = 'alert-vehicle';
    vehicle.textContent = a.vehicleId;
    const what = document.createElement('span');
    what.className = 'alert-type';
    what.textContent = ALERT_LABELS[a.type];
    head.append(vehicle, ' ', what);
    const details = document.createElement('div');
    details.className = 'alert-details';
    details.append(timeElement(Date.parse(a.time)));
    const extra: string[] = [];
    if (a.stopId) extra.push(`stop ${a.stopId}`);
    if (a.lateByMs !== undefined) extra.push(lateness(a.lateByMs));
    if (a.distanceFromRoute !== undefined) extra.push(`${Math.round(a.distanceFromRoute)} m off route`);
    if (a.event) extra.push(`${a.event.kind} ${eventValue(a.event.kind, a.event.peak)}${a.driverId && a.driverId !== a.vehicleId ? ` · driver ${a.driverId}` : ''}`);
    if (extra.length) details.append(` · ${extra.join(' · ')}`);
    li.append(head, details);
    if (a.ackedAtMs === null) {
      const ack = document.createElement('button');
      ack.type = 'button';
      ack.className = 'ack';
      ack.textContent = 'Acknowledge';
      li.append(ack);
    }
    return li;
  }
}
