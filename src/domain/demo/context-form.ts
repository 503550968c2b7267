// The demo's context form in the official ФИС ОКО layout of 2022 (several sheets, login in
// «Пользователь», answers «4) …»), with invented personal data in its director/phone/e-mail/INN
// columns — which the import drops, as it does for a real form. Urban demo schools answer as town
// schools, rural ones as small rural schools (src/domain/context/synthetic.ts).
import { writeForm2022 } from '../context/form-writer.ts';
import { readContextFile } from '../context/read-context.ts';
import { syntheticSchool } from '../context/synthetic.ts';
import type { ContextRecord } from '../context/types.ts';
import { DEMO_MUNICIPALITY, type DemoSchool } from './municipality.ts';
import { fnv1a, mulberry32 } from './prng.ts';

export const DEMO_CONTEXT_FORM_FILE = 'Сбор контекстных данных об ОО (демо, 2026).xlsx';

export interface DemoContextForm {
  fileName: string;
  bytes: Uint8Array;
  /** The form as the import reads it (no personal data). */
  records: ContextRecord[];
}

export function demoContextForm(seed: number, schools: DemoSchool[]): DemoContextForm {
  const rng = mulberry32(fnv1a('context-form', seed));
  const form = schools.map((s, i) => ({
    ...syntheticSchool(rng, i, s.urban ? 'town' : 'rural', DEMO_MUNICIPALITY.name),
    login: s.login,
    name: s.name,
  }));
  const bytes = writeForm2022(form, { date: '20.02.2026 11:05' });
  return {
    fileName: DEMO_CONTEXT_FORM_FILE,
    bytes,
    records: readContextFile(bytes, DEMO_CONTEXT_FORM_FILE).records,
  };
}
