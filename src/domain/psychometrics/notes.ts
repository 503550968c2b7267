// Task-quality notes for methodists (Russian), from the CTT table and the PCM fit.
// Conventions (statistics.md §1–2, and the issue «Objectivity engine», point 1):
//   r.drop < 0.20 → weak discrimination; r.drop < 0 → a likely key or grading error;
//   infit/outfit MSQ outside 0.7–1.3 → misfit. 0.7–1.3 is Wright & Linacre's (1994) «run of the mill»
//   multiple-choice range; statistics.md §2 calls 0.5–1.5 «productive for measurement» — pass
//   { fitLow: 0.5, fitHigh: 1.5 } for that laxer convention;
//   p < 0.10 or > 0.95 → review the difficulty; α-if-deleted > α + 0.02 [U: convention];
//   fewer than 200 pupils → every coefficient is only indicative (SE of r ≈ 1/√N).
import { fixedSigned } from '../text/format.ts';
import type { CttResult } from './ctt.ts';
import type { PcmResult } from './pcm.ts';

export type TaskNoteKind =
  | 'negative-r-drop'
  | 'low-r-drop'
  | 'underfit'
  | 'overfit'
  | 'too-hard'
  | 'too-easy'
  | 'alpha-if-deleted'
  | 'no-variance'
  | 'small-sample';

export interface TaskNote {
  /** Task id; '' for a note about the whole test. */
  id: string;
  kind: TaskNoteKind;
  severity: 'warning' | 'info';
  text: string;
}

export interface NoteOptions {
  rDropMin?: number;
  fitLow?: number;
  fitHigh?: number;
  pLow?: number;
  pHigh?: number;
  alphaGain?: number;
  minN?: number;
}

export function taskNotes(c: CttResult, p: PcmResult | null = null, opts: NoteOptions = {}): TaskNote[] {
  const rDropMin = opts.rDropMin ?? 0.2;
  const fitLow = opts.fitLow ?? 0.7;
  const fitHigh = opts.fitHigh ?? 1.3;
  const pLow = opts.pLow ?? 0.1;
  const pHigh = opts.pHigh ?? 0.95;
  const alphaGain = opts.alphaGain ?? 0.02;
  const minN = opts.minN ?? 200;
  const notes: TaskNote[] = [];
  if (c.n < minN)
    notes.push({
      id: '',
      kind: 'small-sample',
      severity: 'info',
      text:
        `Работ всего ${c.n} (меньше ${minN}): показатели заданий ориентировочные, ` +
        'погрешность коэффициента корреляции около ' +
        fixedSigned(1 / Math.sqrt(c.n)) +
        '.',
    });
  const fit = new Map(p?.items.map((it) => [it.id, it]) ?? []);
  for (const it of c.items) {
    const id = it.id;
    if (!it.used) {
      notes.push({
        id,
        kind: 'no-variance',
        severity: 'info',
        text: `Задание ${id}: у всех участников одинаковый балл, задание не различает участников и не входит в расчёт надёжности.`,
      });
      continue;
    }
    if (it.rDrop !== null && it.rDrop < 0)
      notes.push({
        id,
        kind: 'negative-r-drop',
        severity: 'warning',
        text:
          `Задание ${id}: балл за задание связан с остальной работой отрицательно (r.drop = ${fixedSigned(it.rDrop)}). ` +
          'Сильные участники справляются с ним хуже слабых — проверьте ключ, критерии оценивания и ввод баллов.',
      });
    else if (it.rDrop !== null && it.rDrop < rDropMin)
      notes.push({
        id,
        kind: 'low-r-drop',
        severity: 'warning',
        text:
          `Задание ${id} слабо различает сильных и слабых участников (r.drop = ${fixedSigned(it.rDrop)} < ${fixedSigned(rDropMin)}). ` +
          'Проверьте формулировку, однозначность критериев и единообразие проверки.',
      });
    if (it.p < pLow)
      notes.push({
        id,
        kind: 'too-hard',
        severity: 'info',
        text: `Задание ${id} очень трудное: средний балл ${fixedSigned(100 * it.p, 0)} % от максимума (меньше ${fixedSigned(100 * pLow, 0)} %).`,
      });
    else if (it.p > pHigh)
      notes.push({
        id,
        kind: 'too-easy',
        severity: 'info',
        text: `Задание ${id} очень лёгкое: средний балл ${fixedSigned(100 * it.p, 0)} % от максимума (больше ${fixedSigned(100 * pHigh, 0)} %).`,
      });
    if (c.alpha !== null && it.alphaIfDeleted !== null && it.alphaIfDeleted > c.alpha + alphaGain)
      notes.push({
        id,
        kind: 'alpha-if-deleted',
        severity: 'info',
        text:
          `Без задания ${id} надёжность работы была бы выше: α = ${fixedSigned(it.alphaIfDeleted)} вместо ${fixedSigned(c.alpha)}. ` +
          'Задание измеряет не то же, что остальные.',
      });
    const f = fit.get(id);
    if (f) {
      const fitText = `infit = ${fixedSigned(f.infitMsq)}, outfit = ${fixedSigned(f.outfitMsq)}; норма ${fixedSigned(fitLow, 1)}–${fixedSigned(fitHigh, 1)}`;
      if (f.infitMsq > fitHigh || f.outfitMsq > fitHigh)
        notes.push({
          id,
          kind: 'underfit',
          severity: 'warning',
          text:
            `Задание ${id}: баллы менее предсказуемы, чем ожидает модель Раша (${fitText}). ` +
            'Возможны угадывание, неоднозначные критерии или неединообразная проверка.',
        });
      else if (f.infitMsq < fitLow || f.outfitMsq < fitLow)
        notes.push({
          id,
          kind: 'overfit',
          severity: 'info',
          text:
            `Задание ${id}: баллы предсказуемее, чем ожидает модель Раша (${fitText}). ` +
            'Задание может дублировать другие задания или зависеть от них.',
        });
    }
  }
  return notes;
}
