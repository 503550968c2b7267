// The справка's section on objectivity (school and municipality): the same result as the
// «Объективность» screen (objectivity/evidence-summary.ts: the schools at level red or amber, with
// their families and signals) and the official signs of the same works, each named as what it is,
// then what the unit's own numbers show that a deputy head should check (a pile of works exactly at
// the «3» minimum, a large share of ВПР marks below the journal's). Neutral wording: signs to
// check, never verdicts and never a ranking.
import {
  flaggedSchoolIds,
  officialSchoolIds,
  type EvidenceSchool,
  type ObjectivityEvidence,
} from '../objectivity/evidence-summary.ts';
import type { ProcedureReport, SignEntry, UnitReport } from '../report/types.ts';
import { coef, int, num, pct, plural, share } from '../text/format.ts';
import { FAMILY_NAMES, OFFICIAL_SIGN_NAMES, RISK_NAMES, SIGNAL_NAMES } from '../text/labels.ts';
import { procedureIdTitle } from '../text/procedure.ts';
import { FLAGGED_CAPTION, OFFICIAL_CAPTION } from './objectivity-plan.ts';
import { b, list, p, type Block } from './model.ts';
import { section, type Section } from './sections.ts';
import type { SpravkaContext } from './spravka-types.ts';
import { rootUnit, schoolsBelow } from './units.ts';

/** What the unit's own numbers must reach to be named as a sign to check (documented, not normative). */
export const OWN_SIGN_RULES = {
  /**
   * % of the works scored exactly the minimum of mark «3» (and at least `thresholdPileRatio` times
   * the share of all participants, when the sample is wider than the unit; from `thresholdPileMinN`
   * works): a region's maths ВПР piles at the «3» minimum everywhere (2021, 5 класс: 16,9 %).
   */
  thresholdPilePct: 30,
  thresholdPileRatio: 2,
  thresholdPileMinN: 10,
  /** % of pupils whose ВПР mark is lower than their journal mark. */
  journalLowerPct: 25,
} as const;

/** Works exactly at the «3» minimum and below it, from the unit's score histogram; null without. */
export function thresholdPile(
  P: Pick<ProcedureReport, 'scale'>,
  u: Pick<UnitReport, 'histogram' | 'written'>,
): { at: number; below: number; min: number; pct: number } | null {
  const min = P.scale?.[1]?.[0];
  const h = u.histogram;
  if (min === undefined || !h || u.written === 0) return null;
  const at = h[min] ?? 0;
  const below = h.slice(0, min).reduce((s, x) => s + x, 0);
  return { at, below, min, pct: share(at, u.written) ?? 0 };
}

/** The pile as a sign to check, or null below the rule; `all`: the whole sample (when wider). */
export function thresholdPileSentence(
  P: Pick<ProcedureReport, 'scale'>,
  u: UnitReport,
  all: UnitReport | undefined,
): string | null {
  const t = thresholdPile(P, u);
  if (!t || u.written < OWN_SIGN_RULES.thresholdPileMinN || t.pct < OWN_SIGN_RULES.thresholdPilePct)
    return null;
  const r = all && all !== u ? thresholdPile(P, all) : null;
  if (r && t.pct < OWN_SIGN_RULES.thresholdPileRatio * r.pct) return null;
  return (
    `${int(t.at)} из ${int(u.written)} участников (${pct(t.pct)}) набрали ровно минимальный балл отметки «3» (${t.min})` +
    (r ? ` — у всех участников ${pct(r.pct)}` : '') +
    `, ${t.below === 0 ? 'ниже него — никто' : `ниже него — ${int(t.below)}`}` +
    ': успеваемость нужно читать вместе с этим признаком, его нужно проверить (проверку работ у границы отметки).'
  );
}

export function journalLowerSentence(u: UnitReport): string | null {
  const j = u.journal;
  if (!j || j.lowerPct === null || j.lowerPct <= OWN_SIGN_RULES.journalLowerPct) return null;
  return (
    `${pct(j.lowerPct)} участников получили за работу отметку ниже, чем по журналу (больше ${OWN_SIGN_RULES.journalLowerPct} %): ` +
    'признак, который нужно проверить (текущее оценивание), даже если официальный признак (отрицательная корреляция) не выявлен.'
  );
}

function signSentence(s: SignEntry, alone: boolean): string {
  const mark = s.flagged ? 'признак выявлен' : 'признак не выявлен';
  const name = OFFICIAL_SIGN_NAMES[s.sign];
  switch (s.sign) {
    case 'inflated-mean':
      if (alone)
        return `«${name}»: сравнение невозможно: в данных только эта школа (признак сравнивает её со всеми участниками).`;
      return `«${name}»: средний первичный балл ${s.value >= 0 ? 'выше' : 'ниже'} среднего по всем участникам на ${num(Math.abs(s.value))}; признак отмечается, когда 95-процентный доверительный интервал школы целиком выше интервала всех участников — ${mark}.`;
    case 'journal-mismatch':
      return `«${name}»: коэффициент корреляции Спирмена между отметкой по журналу и первичным баллом — ${coef(s.value)}; признак отмечается при отрицательном значении — ${mark}.`;
    default:
      return `«${name}»: отношение результатов (${s.earlierProcedure ? procedureIdTitle(s.earlierProcedure) : 'предыдущая процедура'} к текущей) K = ${coef(s.value)}, граница — ${coef(s.fence ?? null)} — ${mark}.`;
  }
}

function worksText(e: ObjectivityEvidence): string {
  return `все загруженные работы ${e.kind} по предмету «${e.subject}»: ${e.procedures.map(procedureIdTitle).join('; ')}`;
}

function familiesText(s: EvidenceSchool): string {
  return s.families.map((f) => FAMILY_NAMES[f].toLowerCase()).join(', ');
}

/** The official signs of the procedure: the evidence's (the screen's works) or the report's. */
function officialOf(c: SpravkaContext): SignEntry[] {
  const all = c.input.evidence?.official ?? c.input.signs ?? [];
  return all.filter((s) => s.procedure === c.P.id);
}

const INTRO =
  'Признаки не доказывают необъективность: это признаки, которые нужно проверить (проведение работы и проверку ответов). Школы не сравниваются между собой и не ранжируются.';

function schoolBlocks(c: SpravkaContext): Block[] {
  const { P, unit } = c;
  const e = c.input.evidence;
  const out: Block[] = [];
  if (!e)
    out.push(
      p(
        b('Расчёт «Объективность». '),
        'Расчёт по совокупности свидетельств (экран «Объективность») для этих данных не выполнен; ниже — официальные признаки.',
      ),
    );
  else {
    const s = e.flagged.find((x) => x.id === unit.id);
    if (!s)
      out.push(
        p(
          b('Расчёт «Объективность». '),
          `По расчёту экрана «Объективность» (${worksText(e)}) школы нет в перечне: ни в одном семействе признак не отмечен.`,
        ),
      );
    else
      out.push(
        p(
          b('Расчёт «Объективность». '),
          `По расчёту экрана «Объективность» (${worksText(e)}) школа — в перечне признаков, которые нужно проверить: ${RISK_NAMES[s.level].toLowerCase()} (${familiesText(s)}).`,
        ),
        list(
          s.signals.map((x) => [
            `${FAMILY_NAMES[x.family]}: ${SIGNAL_NAMES[x.id].toLowerCase()} (${procedureIdTitle(x.procedure)}).`,
          ]),
        ),
      );
  }
  const official = officialOf(c).filter((x) => x.school === unit.id);
  const alone = P.units.filter((u) => u.level === 'school' && u.written > 0).length <= 1;
  out.push(p(b('Официальные признаки (методика Рособрнадзора).')));
  out.push(
    official.length
      ? list(official.map((x) => [signSentence(x, alone)]))
      : p('Данных для вычисления официальных признаков недостаточно.'),
  );
  const own = [thresholdPileSentence(P, unit, rootUnit(P)), journalLowerSentence(unit)].filter(
    (x): x is string => !!x,
  );
  if (own.length) out.push(p(b('По данным этой работы нужно проверить.')), list(own.map((x) => [x])));
  return out;
}

/** A table of schools (by name, in Russian order) with what was found at each. */
function schoolTable(caption: string, found: string, rows: string[][]): Block {
  return {
    kind: 'table',
    caption,
    header: [['Школа', found]],
    widths: [2, 3],
    rows: rows.sort((x, y) => x[0].localeCompare(y[0], 'ru', { numeric: true })),
  };
}

function municipalBlocks(c: SpravkaContext): Block[] {
  const { P, unit } = c;
  const schools = schoolsBelow(P, unit);
  const here = new Set(schools.map((s) => s.id));
  const names = new Map(schools.map((s) => [s.id, s.name]));
  const n = schools.length;
  const ofN = `из ${int(n)} ${plural(n, ['школы', 'школ', 'школ'])}`;
  const out: Block[] = [];
  const e = c.input.evidence;
  if (!e)
    out.push(
      p(
        b(`${FLAGGED_CAPTION}. `),
        'Расчёт «Объективность» для этих данных не выполнен: перечень не составлен.',
      ),
    );
  else {
    const ids = flaggedSchoolIds(e, here);
    out.push(p(b(`${FLAGGED_CAPTION}: `), `${int(ids.length)} ${ofN} (${worksText(e)}).`));
    if (ids.length)
      out.push(
        schoolTable(
          FLAGGED_CAPTION,
          'Признаки, которые нужно проверить',
          ids
            .map((id) => e.flagged.find((x) => x.id === id)!)
            .map((s) => [names.get(s.id) ?? s.id, `${RISK_NAMES[s.level]}: ${familiesText(s)}`]),
        ),
      );
  }
  const official = officialOf(c);
  const withSign = officialSchoolIds({ official }, here);
  out.push(p(b(`${OFFICIAL_CAPTION}: `), `${int(withSign.length)} ${ofN}.`));
  if (withSign.length)
    out.push(
      schoolTable(
        OFFICIAL_CAPTION,
        'Выявленные официальные признаки',
        withSign.map((id) => [
          names.get(id) ?? id,
          official
            .filter((x) => x.school === id && x.flagged)
            .map(
              (x) =>
                `${OFFICIAL_SIGN_NAMES[x.sign]} (${x.sign === 'inflated-mean' ? num(x.value) : coef(x.value)})`,
            )
            .join('; '),
        ]),
      ),
    );
  const root = rootUnit(P);
  const pile = schools.filter((s) => thresholdPileSentence(P, s, root) !== null).map((s) => s.name);
  const own: string[] = [];
  if (pile.length)
    own.push(
      `Не менее ${OWN_SIGN_RULES.thresholdPilePct} % участников (и вдвое больше, чем у всех участников) набрали ровно минимальный балл отметки «3» в ${int(pile.length)} ${ofN}: ${pile.sort((a, b) => a.localeCompare(b, 'ru', { numeric: true })).join(', ')}.`,
    );
  const j = journalLowerSentence(unit);
  if (j) own.push(j);
  if (own.length) out.push(p(b('По данным этой работы нужно проверить.')), list(own.map((x) => [x])));
  return out;
}

export function signsSection(c: SpravkaContext): Section | null {
  if (c.unit.level !== 'school' && c.unit.level !== 'municipality') return null;
  return section(
    'Признаки необъективности результатов',
    p(INTRO),
    ...(c.unit.level === 'school' ? schoolBlocks(c) : municipalBlocks(c)),
  );
}
