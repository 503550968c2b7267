// iCalendar export: CRLF, folding at 75 octets without splitting UTF-8 characters, TEXT escaping.
import { describe, expect, it } from 'vitest';
import {
  escapeText,
  foldLine,
  roadmapToIcs,
  updateMeasure,
  type Roadmap,
  type RoadmapMeasure,
} from '../../src/domain/roadmap/index.ts';

const NOW = new Date(Date.UTC(2026, 3, 21, 9, 5, 7));

function m(id: string, over: Partial<RoadmapMeasure> = {}): RoadmapMeasure {
  return {
    id,
    title: `Мероприятие ${id}`,
    text: 'Текст',
    participants: 'Учителя-предметники',
    responsible: 'Иванова А. П.',
    responsibleRoles: ['deputy-head'],
    deadline: '2026-05-04',
    deadlineText: 'После получения результатов в течение 2 недель',
    result: 'Справка',
    documentFormat: 'Аналитическая справка',
    status: 'planned',
    sourceMeasureId: id,
    ...over,
  };
}

const ROADMAP: Roadmap = {
  id: 'sch1:ВПР-2026-Математика-5',
  title: 'Дорожная карта',
  templateId: 'roadmap-ru',
  resultsDate: '2026-04-20',
  stages: [
    {
      id: 'analytic',
      title: '1. Аналитический этап',
      measures: [
        m('1.1', {
          title: 'Анализ; по классам, «5А»\\«5Б»',
          text:
            'Проведение анализа результатов ВПР по учебному предмету «Математика» (5 класс) в разрезе каждого ' +
            'обучающегося. Число участников: 25.\nВторая строка; с точкой с запятой, и запятой.',
        }),
        m('1.2', { deadline: '2026-12-31', status: 'done' }),
      ],
    },
    {
      id: 'reflective',
      title: '5. Рефлексивный этап',
      measures: [m('свой пункт', { deadline: '2027-02-28' })],
    },
  ],
};

/** RFC 5545 §3.1 unfolding: a CRLF followed by one space or tab is removed. */
function unfold(ics: string): string[] {
  return ics.replace(/\r\n[ \t]/g, '').split('\r\n');
}

function unescapeText(s: string): string {
  return s.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

function events(ics: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  let cur: Record<string, string> | null = null;
  for (const line of unfold(ics)) {
    if (line === 'BEGIN:VEVENT') cur = {};
    else if (line === 'END:VEVENT') {
      out.push(cur!);
      cur = null;
    } else if (cur) {
      const i = line.indexOf(':');
      cur[line.slice(0, i)] = line.slice(i + 1);
    }
  }
  return out;
}

describe('roadmapToIcs', () => {
  const ics = roadmapToIcs(ROADMAP, { calendarName: 'Дорожная карта, ВПР; 5 класс', now: NOW });

  it('uses CRLF only and physical lines of at most 75 octets', () => {
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const physical = ics.split('\r\n').slice(0, -1);
    for (const line of physical) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    // Something was folded (the Cyrillic description is far longer than 75 octets).
    expect(physical.some((l) => l.startsWith(' '))).toBe(true);
    // No replacement characters: a fold never cut a 2-byte Cyrillic letter in half.
    expect(Buffer.from(ics, 'utf8').toString('utf8')).toBe(ics);
  });

  it('has the calendar and event fields', () => {
    const lines = unfold(ics);
    expect(lines.slice(0, 6)).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//OKO Analytics//Roadmap//RU',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'X-WR-CALNAME:Дорожная карта\\, ВПР\\; 5 класс',
    ]);
    expect(lines.at(-2)).toBe('END:VCALENDAR');
    const ev = events(ics);
    expect(ev).toHaveLength(3);
    expect(ev[0]['DTSTART;VALUE=DATE']).toBe('20260504');
    expect(ev[0]['DTEND;VALUE=DATE']).toBe('20260505');
    expect(ev[1]['DTEND;VALUE=DATE']).toBe('20270101'); // 31 Dec + 1 day
    expect(ev[2]['DTEND;VALUE=DATE']).toBe('20270301');
    expect(ev[0].DTSTAMP).toBe('20260421T090507Z');
    expect(ev[0].CATEGORIES).toBe('1. Аналитический этап');
    // Stable, unique, ASCII UIDs (a Cyrillic measure id is hashed).
    const uids = ev.map((e) => e.UID);
    expect(new Set(uids).size).toBe(3);
    for (const u of uids) expect(u).toMatch(/^[A-Za-z0-9._-]+@oko-analytics$/);
    expect(roadmapToIcs(ROADMAP, { calendarName: 'x', now: NOW })).toContain(`UID:${uids[0]}`);
  });

  it('escapes backslashes, semicolons, commas and newlines and round-trips the text', () => {
    const ev = events(ics);
    expect(ev[0].SUMMARY).toBe('Анализ\\; по классам\\, «5А»\\\\«5Б»');
    expect(unescapeText(ev[0].SUMMARY)).toBe('Анализ; по классам, «5А»\\«5Б»');
    const desc = unescapeText(ev[0].DESCRIPTION);
    expect(desc.split('\n')).toEqual([
      'Проведение анализа результатов ВПР по учебному предмету «Математика» (5 класс) в разрезе каждого обучающегося. Число участников: 25.',
      'Вторая строка; с точкой с запятой, и запятой.',
      'Ответственные: Иванова А. П.',
      'Участники: Учителя-предметники',
      'Срок по плану: После получения результатов в течение 2 недель',
      'Результат: Справка',
      'Формат документа: Аналитическая справка',
      'Статус: запланировано',
    ]);
    expect(ev[0].DESCRIPTION).not.toMatch(/[^\\][;,]/); // every ; and , escaped
    expect(unescapeText(ev[1].DESCRIPTION)).toContain('Статус: выполнено');
  });

  it('reflects edits', () => {
    const edited = updateMeasure(ROADMAP, '1.1', { deadline: '2026-05-08' });
    expect(events(roadmapToIcs(edited, { calendarName: 'x', now: NOW }))[0]['DTSTART;VALUE=DATE']).toBe(
      '20260508',
    );
  });
});

describe('folding and escaping', () => {
  it('folds at 75 octets counting UTF-8 bytes, never inside a character', () => {
    const ascii = 'X'.repeat(160);
    expect(foldLine(ascii).map((l) => l.length)).toEqual([75, 75, 12]); // 75 + (1+74) + (1+11)
    const cyr = 'Ж'.repeat(100); // 2 octets each
    const folded = foldLine(cyr);
    expect(folded.map((l) => Buffer.byteLength(l))).toEqual([74, 75, 53]); // 37·2 | 1 + 37·2 | 1 + 26·2 (37 + 37 + 26 = 100)
    expect(folded.join('').replace(/ /g, '')).toBe(cyr);
    const emoji = 'A' + '😀'.repeat(30); // 4 octets, a surrogate pair in UTF-16
    const f = foldLine(emoji);
    for (const l of f) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(75);
    expect(f.map((l, i) => (i ? l.slice(1) : l)).join('')).toBe(emoji);
    expect(foldLine('short')).toEqual(['short']);
  });

  it('escapes TEXT', () => {
    expect(escapeText('a\\b;c,d\r\ne\nf\rg\u0007')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng');
  });
});
