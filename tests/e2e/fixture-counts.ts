// Counts computed from a fixture with SheetJS in Node, naively and independently of the app's importer.
import { readFileSync } from 'node:fs';
import { read, utils } from 'xlsx';
import type { Counts } from './browser';

/** ФИС ОКО protocol: sheet «Протокол», a pupil row has a login; absent = variant «отсутствовал». */
export function countFisokoProtocol(path: URL): Counts {
  const wb = read(readFileSync(path), { dense: true });
  const rows = utils.sheet_to_json<unknown[]>(wb.Sheets['Протокол'], { header: 1, defval: '' });
  const header = rows[0].map((h) => String(h).trim());
  const col = (name: string) => header.findIndex((h) => h.toLowerCase().startsWith(name.toLowerCase()));
  const login = col('Пользователь');
  const variant = col('Вариант');
  const cls = col('Наименование класса');
  let total = 0;
  let absent = 0;
  const schools = new Set<string>();
  const classes = new Set<string>();
  for (const r of rows.slice(1)) {
    const l = String(r[login] ?? '').trim();
    if (!l) continue;
    total++;
    schools.add(l);
    if (String(r[variant]).trim().toLowerCase() === 'отсутствовал') absent++;
    const c = String(r[cls] ?? '').trim();
    if (c) classes.add(`${l}/${c}`);
  }
  return { rows: total, written: total - absent, absent, schools: schools.size, classes: classes.size };
}
