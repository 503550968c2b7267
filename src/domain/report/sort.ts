// Sorting of table rows by a column key (screens and workers); Russian collation, numbers as numbers.
const collator = new Intl.Collator('ru-RU', { numeric: true, sensitivity: 'base' });

export type SortDirection = 'ascending' | 'descending';

export function sortBy<T, K extends keyof T>(rows: readonly T[], key: K, direction: SortDirection): T[] {
  const sign = direction === 'ascending' ? 1 : -1;
  // Array.prototype.sort is stable, so equal keys keep the file order.
  return [...rows].sort((a, b) => {
    const x = a[key];
    const y = b[key];
    if (typeof x === 'number' && typeof y === 'number') return (x - y) * sign;
    return collator.compare(String(x ?? ''), String(y ?? '')) * sign;
  });
}
