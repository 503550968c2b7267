// A school's or municipality's list of medalists «За особые успехи в учении»: one row per graduate
// with the school code (Код ОО), the participant code of the ЕГЭ protocols (Код участника) and the
// medal degree (I / II). Names are never read, even when the list has them.
import { ImportError } from '../model';
import { cellText } from './cells';
import { codeText, normaliseGiaHeader } from './gia-read';
import { HEADER_SCAN_ROWS } from './layouts';
import type { SheetSource } from './sources';

export interface MedalistEntry {
  school: string;
  code: string;
  degree: '1' | '2';
  /** 1-based row of the list, for messages. */
  row: number;
}

const COLUMNS = {
  school: /^(код (оо|оу|школы|образовательной организации)|schoolcode)$/,
  code: /^(код участника|participantcode|participantid)$/,
  degree: /^(медаль|степень|степень медали|медаль степени|medal)$/,
};

/** «I», «1», «I степени», «золотая» → '1'; «II», «2», «серебряная» → '2'; null otherwise. */
export function medalDegree(v: unknown): '1' | '2' | null {
  const s = cellText(v).toLowerCase().replace(/ё/g, 'е').trim();
  if (/^(ii|2|ⅱ)(\s|$|[.,])|втор|серебр/.test(s)) return '2';
  if (/^(i|1|ⅰ)(\s|$|[.,])|перв|золот/.test(s)) return '1';
  return null;
}

/** The medalists of the first sheet that has the three columns. */
export function readMedalists(sheets: SheetSource[], file: string): MedalistEntry[] {
  for (const sheet of sheets) {
    const head = sheet.head(HEADER_SCAN_ROWS);
    for (let r = 0; r < head.length; r++) {
      const names = head[r].map((v) => normaliseGiaHeader(cellText(v)));
      const col = (re: RegExp) => names.findIndex((n) => re.test(n));
      const at = { school: col(COLUMNS.school), code: col(COLUMNS.code), degree: col(COLUMNS.degree) };
      if (at.school < 0 || at.code < 0 || at.degree < 0) continue;
      const header = (k: keyof typeof at) => cellText(head[r][at[k]]);
      const out: MedalistEntry[] = [];
      for (const { values, row } of sheet.rowsAfter(r)) {
        const school = codeText(values[at.school]);
        const code = codeText(values[at.code]);
        const raw = values[at.degree];
        if (!school && !code && !cellText(raw)) continue;
        const where = `${file}, лист «${sheet.name}», строка ${row}`;
        if (!school || !code)
          throw new ImportError(
            `${where}: пустой столбец «${header(school ? 'code' : 'school')}» — нужен код школы и код участника ЕГЭ.`,
            file,
            sheet.name,
            row,
            header(school ? 'code' : 'school'),
          );
        const degree = medalDegree(raw);
        if (!degree)
          throw new ImportError(
            `${where}, столбец «${header('degree')}»: «${cellText(raw)}» — ожидалась степень медали: I или II (1 или 2).`,
            file,
            sheet.name,
            row,
            header('degree'),
          );
        out.push({ school, code, degree, row });
      }
      return out;
    }
  }
  throw new ImportError(
    `${file}: не найдена строка заголовка списка медалистов со столбцами «Код ОО», «Код участника» и «Медаль» (степень I или II).`,
    file,
  );
}
