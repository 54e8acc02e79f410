/** The header of a sortable table (deliveries, drivers): one focusable <th> per column; a click names its column. */
export function sortableHeader(row: HTMLElement, columns: { key: string; label: string; title?: string }[], onSort: (key: string) => void): void {
  for (const c of columns) {
    const th = document.createElement('th');
    th.dataset.sort = c.key;
    th.textContent = c.label;
    if (c.title) th.title = c.title;
    th.tabIndex = 0;
    th.addEventListener('click', () => onSort(c.key));
    row.append(th);
  }
}

/** Mark the column sorted by (aria-sort, which the stylesheet draws as ▲/▼). */
export function markSorted(table: HTMLElement, key: string, descending: boolean): void {
  for (const th of table.querySelectorAll<HTMLElement>('th')) th.setAttribute('aria-sort', th.dataset.sort === key ? (descending ? 'descending' : 'ascending') : 'none');
}
