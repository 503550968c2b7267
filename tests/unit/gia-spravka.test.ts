// The справка of a ГИА school uses ГИА terms with the report's numbers, and names no participant.
import { strFromU8, unzipSync } from 'fflate';
import { expect, it } from 'vitest';
import {
  SHAPES,
  egeProtocolXlsx,
  generateExam,
  ogeProtocolXls,
} from '../../src/domain/demo/gia-protocols.ts';
import { buildSpravka, writeDocx } from '../../src/domain/documents/index.ts';
import { importGiaFiles } from '../../src/domain/import/gia-import.ts';
import { analyzeProcedure } from '../../src/domain/report/index.ts';
import { int, num, pct } from '../../src/domain/text/format.ts';

async function text(model: Parameters<typeof writeDocx>[0]): Promise<string> {
  const xml = strFromU8(unzipSync(await writeDocx(model))['word/document.xml']);
  return xml.replace(/<\/w:p>/g, '\n').replace(/<[^>]+>/g, '');
}

it('ЕГЭ: тестовый балл, минимальный порог, высокобалльники, parts; ОГЭ: marks from «Оценка»', async () => {
  const ege = generateExam(SHAPES.egeMath, { seed: 81 });
  const oge = generateExam(SHAPES.ogeBio, { seed: 82 });
  const [de] = importGiaFiles([
    { bytes: egeProtocolXlsx([ege], { fio: 'one', extras: true }), fileName: 'e.xlsx' },
  ])!;
  const [dO] = importGiaFiles([{ bytes: ogeProtocolXls([oge]), fileName: 'o.xls' }])!;
  const pe = analyzeProcedure(de);
  const school = pe.units.find((u) => u.level === 'school')!;
  const t = await text(
    buildSpravka({ procedure: pe, level: 'school', unitId: school.id, resultsDate: '2024-07-01' }),
  );
  expect(t).toContain(`Средний тестовый балл — ${num(school.testScore!.mean)} из 100.`);
  expect(t).toContain(`минимальный порог (${int(27)} тестовых баллов) ${int(school.belowMinimum!)}`);
  expect(t).toContain(`Высокобалльников (81–100 тестовых баллов) — ${int(school.highScorers!)}`);
  expect(t).toContain(`Выполнение части 1 (задания с кратким ответом) — ${pct(school.parts!['1'])}`);
  expect(t).not.toContain('Шкала перевода первичных баллов в отметки не задана');
  // ОГЭ Биология 2024 is not in the catalogue: no scale, yet the protocol's marks are reported.
  const po = analyzeProcedure(dO);
  expect(po.scale).toBeNull();
  const so = po.units.find((u) => u.level === 'school')!;
  const to = await text(
    buildSpravka({ procedure: po, level: 'school', unitId: so.id, resultsDate: '2024-07-01' }),
  );
  expect(to).toContain('Качество знаний');
  for (const p of [...ege.participants, ...oge.participants]) expect(t + to).not.toContain(p.surname);
});
