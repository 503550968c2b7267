// A roadmap as an iCalendar file (RFC 5545): one all-day VEVENT per measure on its deadline.
//  - lines end with CRLF; a content line longer than 75 octets is folded (CRLF + one space), the
//    octets counted in UTF-8 and a fold never splitting a character (nor a surrogate pair);
//  - TEXT values escape backslash, semicolon, comma and newline (§3.3.11);
//  - UID is stable for a roadmap and measure, so a re-import updates events instead of doubling
//    them; DTSTAMP is the export time (injectable for tests).
import { MEASURE_STATUS_NAMES } from '../text/labels.ts';
import { addDays } from './dates.ts';
import type { Roadmap } from './types.ts';

export interface IcsOptions {
  calendarName: string;
  /** Export time; default now. */
  now?: Date;
  /** Right-hand side of UIDs. */
  uidDomain?: string;
}

/** TEXT escaping of RFC 5545 §3.3.11. Other control characters are dropped. */
export function escapeText(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, ''); // eslint-disable-line no-control-regex
}

const encoder = new TextEncoder();

/** Folds one content line into physical lines of at most 75 octets (continuations start with a space). */
export function foldLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let octets = 0;
  for (const ch of line) {
    const n = encoder.encode(ch).length;
    const limit = out.length === 0 ? 75 : 74; // a continuation's leading space is one of its 75
    if (octets + n > limit) {
      out.push(out.length === 0 ? cur : ` ${cur}`);
      cur = '';
      octets = 0;
    }
    cur += ch;
    octets += n;
  }
  out.push(out.length === 0 ? cur : ` ${cur}`);
  return out;
}

const compact = (iso: string) => iso.replace(/-/g, '');

function stamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** FNV-1a over UTF-8, 32-bit hex: a short ASCII token for ids with Cyrillic or spaces. */
function hash(s: string): string {
  let h = 0x811c9dc5;
  for (const b of encoder.encode(s)) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

const safeId = (s: string) => (/^[A-Za-z0-9._-]+$/.test(s) ? s : hash(s));

export function roadmapToIcs(r: Roadmap, opts: IcsOptions): string {
  const domain = opts.uidDomain ?? 'oko-analytics';
  const dtstamp = stamp(opts.now ?? new Date());
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//OKO Analytics//Roadmap//RU',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(opts.calendarName)}`,
  ];
  for (const stage of r.stages)
    for (const m of stage.measures) {
      const description = [
        m.text,
        m.responsible && `Ответственные: ${m.responsible}`,
        m.participants && `Участники: ${m.participants}`,
        m.deadlineText && `Срок по плану: ${m.deadlineText}`,
        m.result && `Результат: ${m.result}`,
        m.documentFormat && `Формат документа: ${m.documentFormat}`,
        `Статус: ${MEASURE_STATUS_NAMES[m.status]}`,
      ]
        .filter(Boolean)
        .join('\n');
      lines.push(
        'BEGIN:VEVENT',
        `UID:${safeId(m.id)}.${hash(r.id)}@${domain}`,
        `DTSTAMP:${dtstamp}`,
        `DTSTART;VALUE=DATE:${compact(m.deadline)}`,
        `DTEND;VALUE=DATE:${compact(addDays(m.deadline, 1))}`,
        `SUMMARY:${escapeText(m.title)}`,
        `DESCRIPTION:${escapeText(description)}`,
        `CATEGORIES:${escapeText(stage.title)}`,
        'TRANSP:TRANSPARENT',
        'END:VEVENT',
      );
    }
  lines.push('END:VCALENDAR');
  return lines.flatMap(foldLine).join('\r\n') + '\r\n';
}
