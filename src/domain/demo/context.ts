// The demo's school context table (Тип поселения, Индекс благополучия) as the CSV a user would upload.
// The SES index follows each school's true effect (before any inflation) with noise, so that a school
// whose results are inflated stands out against what its context predicts.
import { DEMO_MUNICIPALITY, type DemoSchool } from './municipality.ts';
import { fnv1a, mulberry32 } from './prng.ts';
import { fixed } from '../text/format.ts';

export const DEMO_CONTEXT_FILE = 'контекст-демо.csv';
export const DEMO_CONTEXT_HEADER = 'Логин ОО;Название ОО;Муниципалитет;Тип поселения;Индекс благополучия';

export interface DemoContextFile {
  fileName: string;
  bytes: Uint8Array;
}

/** SES index per school: 0.85 × the standardised effect + 0.5 × noise, two decimals. */
export function demoSes(seed: number, schools: DemoSchool[]): number[] {
  const rng = mulberry32(fnv1a('context', seed));
  const m = schools.reduce((a, s) => a + s.effect, 0) / schools.length;
  const sd = Math.sqrt(schools.reduce((a, s) => a + (s.effect - m) ** 2, 0) / schools.length);
  return schools.map((s) => Math.round(100 * (0.85 * ((s.effect - m) / sd) + 0.5 * rng.normal())) / 100);
}

/** The table as UTF-8 CSV with «;» and decimal commas, as Excel saves it for a Russian locale. */
export function demoContextCsv(seed: number, schools: DemoSchool[]): DemoContextFile {
  const ses = demoSes(seed, schools);
  const lines = schools.map((s, i) =>
    [s.login, s.name, DEMO_MUNICIPALITY.name, s.urban ? 'город' : 'село', fixed(ses[i], 2)].join(';'),
  );
  const text = '\ufeff' + [DEMO_CONTEXT_HEADER, ...lines].join('\r\n') + '\r\n';
  return { fileName: DEMO_CONTEXT_FILE, bytes: new TextEncoder().encode(text) };
}
