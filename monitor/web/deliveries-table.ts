import type { DeliveryView } from '../live-contract.js';
import type { FleetStore } from './fleet-store.js';
import { lateness, setTime } from './format.js';
import { markSorted, sortableHeader } from './sortable-header.js';

export const DELIVERIES_TABLE_DEFAULTS = {
  /** Rows in the DOM at most; the search narrows the rest. */
  maxRows: 500,
};

type Column = { key: string; label: string; value: (d: DeliveryView) => string | number | null };

const COLUMNS: Column[] = [
  { key: 'vehicle', label: 'Vehicle', value: (d) => d.vehicleId },
  { key: 'stop', label: 'Stop', value: (d) => d.name ?? d.stopId },
  { key: 'status', label: 'Status', value: (d) => d.status },
  { key: 'promised', label: 'Promised', value: (d) => d.promisedAtMs },
  { key: 'eta', label: 'ETA / done', value: (d) => d.etaAtMs ?? d.doneAtMs },
  { key: 'late', label: 'Late by', value: (d) => d.lateByMs },
];

/**
 * Every planned stop: next stop, ETA (computed by the monitor from the trip's average speed),
 * promised time and lateness, sortable by any column (click a header; again to reverse).
 * A row opens its vehicle.
 */
export class DeliveriesTable {
  private readonly tbody: HTMLTableSectionElement;
  private readonly search: HTMLInputElement;
  private readonly note: HTMLElement;
  private sortKey = 'late';
  private descending = true;
  private frame = 0;

  constructor(
    root: HTMLElement,
    private readonly store: FleetStore,
    onSelect: (vehicleId: string) => void,
    private readonly o = DELIVERIES_TABLE_DEFAULTS,
  ) {
    root.innerHTML = `
      <input type="search" class="search" placeholder="Search vehicle or stop" aria-label="Search deliveries">
      <table class="deliveries"><thead><tr></tr></thead><tbody></tbody></table><p class="table-note"></p>`;
    this.search = root.querySelector('.search')!;
    this.note = root.querySelector('.table-note')!;
    this.tbody = root.querySelector('tbody')!;
    sortableHeader(root.querySelector('thead tr')!, COLUMNS, (key) => {
      this.descending = this.sortKey === key ? !this.descending : false;
      this.sortKey = key;
      this.schedule();
    });
    this.search.addEventListener('input', () => this.schedule());
    this.tbody.addEventListener('click', (e) => {
      const row = (e.target as HTMLElement).closest<HTMLElement>('[data-vehicle]');
      if (row) onSelect(row.dataset.vehicle!);
    });
    store.subscribe((change) => {
      if (change.full || change.deliveries.size) this.schedule();
    });
  }

  private schedule(): void {
    this.frame ||= requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private render(): void {
    const column = COLUMNS.find((c) => c.key === this.sortKey)!;
    const query = this.search.value.trim().toLowerCase();
    const rows = [...this.store.deliveries.values()].filter((d) => !query || d.vehicleId.toLowerCase().includes(query) || (d.name ?? d.stopId).toLowerCase().includes(query));
    const sign = this.descending ? -1 : 1;
    // Unknown values (no ETA yet) go last whichever the direction.
    rows.sort((a, b) => {
      const x = column.value(a);
      const y = column.value(b);
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
      return sign * (x < y ? -1 : x > y ? 1 : 0);
    });
    markSorted(this.tbody.parentElement!, this.sortKey, this.descending);
    this.tbody.replaceChildren(...rows.slice(0, this.o.maxRows).map((d) => row(d)));
    this.note.textContent = rows.length > this.o.maxRows ? `${this.o.maxRows} of ${rows.length} shown: search to narrow.` : `${rows.length} deliveries`;
  }
}

function row(d: DeliveryView): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.dataset.vehicle = d.vehicleId;
  tr.dataset.delivery = d.id;
  tr.dataset.status = d.status;
  const cell = (content: string | Node, key: string): void => {
    const td = document.createElement('td');
    td.dataset.column = key;
    td.append(content);
    tr.append(td);
  };
  const time = (ms: number | null): Node => {
    const t = document.createElement('time');
    setTime(t, ms, true);
    return t;
  };
  cell(d.vehicleId, 'vehicle');
  cell(d.name ?? d.stopId, 'stop');
  cell(d.status, 'status');
  cell(time(d.promisedAtMs), 'promised');
  cell(time(d.etaAtMs ?? d.doneAtMs), 'eta');
  cell(lateness(d.lateByMs), 'late');
  if (d.lateByMs !== null && d.lateByMs > 0) tr.classList.add('late');
  return tr;
}
