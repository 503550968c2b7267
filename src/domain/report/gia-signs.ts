// The official ГИА objectivity sign: «завышенный средний балл» (inflated-mean) is computed for
// ОГЭ Русский язык and Математика only, on the protocol's primary score (signs.ts, same CI rule).
import type { ProcedureReport, SignEntry } from './types.ts';

const SIGN_SUBJECTS = /^(русский язык|математика)$/;

export function hasInflatedMeanSign(p: Pick<ProcedureReport, 'kind' | 'subject'>): boolean {
  return (
    p.kind.toUpperCase() === 'ОГЭ' && SIGN_SUBJECTS.test(p.subject.trim().toLowerCase().replace(/\s+/g, ' '))
  );
}

export function giaSigns(all: SignEntry[], p: ProcedureReport): SignEntry[] {
  return hasInflatedMeanSign(p) ? all.filter((s) => s.sign === 'inflated-mean') : [];
}
