// The Government's moved days off (перенос выходных дней), one entry per calendar year, as the
// yearly постановление Правительства РФ sets them for the five-day week. Data, not rules: the
// decree decides each year which weekend holidays move where (23 Feb 2025, a Sunday, went to
// 8 May, not to 24 Feb), so a year is only «official» when its decree is recorded here.
//
// `daysOff`: weekdays that are days off in that year beyond the official holidays (moved days off
// and the Labour Code's art. 112 shifts the decree confirms). `workingDays`: Saturdays or Sundays
// made working days. A year absent here is computed by art. 112 alone (calendar.ts) and reported as
// provisional.

export interface MovedDaysOff {
  year: number;
  status: 'official' | 'provisional';
  /** Where the dates come from (shown in the documents' notes and in the report). */
  source: string;
  daysOff: string[];
  workingDays: string[];
}

export const MOVED_DAYS_OFF: Record<number, MovedDaysOff> = {
  2025: {
    year: 2025,
    status: 'official',
    source:
      'Постановление Правительства РФ от 04.10.2024 № 1335 «О переносе выходных дней в 2025 году»: ' +
      '4 янв. → 2 мая, 5 янв. → 31 дек., 23 февр. → 8 мая, 8 марта → 13 июня, 1 нояб. (сб) → 3 нояб.',
    daysOff: ['2025-05-02', '2025-05-08', '2025-06-13', '2025-11-03', '2025-12-31'],
    workingDays: ['2025-11-01'],
  },
  2026: {
    year: 2026,
    status: 'official',
    source:
      'Постановление Правительства РФ от 24.09.2025 «О переносе выходных дней в 2026 году»: ' +
      '3 янв. → 9 янв., 4 янв. → 31 дек.; по ст. 112 ТК РФ 8 марта (вс) → 9 марта, 9 мая (сб) → 11 мая',
    daysOff: ['2026-01-09', '2026-03-09', '2026-05-11', '2026-12-31'],
    workingDays: [],
  },
  2027: {
    year: 2027,
    status: 'provisional',
    source:
      'Постановление о переносе выходных дней в 2027 году не найдено в доступных источниках; ' +
      'применены только переносы по ст. 112 ТК РФ: 1 мая (сб) → 3 мая, 9 мая (вс) → 10 мая, ' +
      '12 июня (сб) → 14 июня. Переносы январских выходных 2027 года не учтены.',
    daysOff: ['2027-05-03', '2027-05-10', '2027-06-14'],
    workingDays: [],
  },
};
