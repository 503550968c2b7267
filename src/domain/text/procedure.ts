// A procedure as people name it («ВПР · Математика · 4 класс · 2026») next to its machine id
// («ВПР-2026-Математика-4»): the id stays in exports and JSON, the title is what people read.

export interface ProcedureName {
  kind: string;
  subject: string;
  grade: number | string;
  year: number | string;
}

/** Stable id of a procedure, as in the report: `ВПР-2021-Математика-5`. */
export function procedureId(p: {
  kind: string;
  year: number | string;
  subject: string;
  grade: number | string;
}): string {
  return `${p.kind}-${p.year}-${p.subject}-${p.grade}`;
}

/** «ВПР · Математика · 4 класс · 2026». */
export function procedureTitle(p: ProcedureName): string {
  return `${p.kind} · ${p.subject} · ${p.grade} класс · ${p.year}`;
}

// `${kind}-${year}-${subject}-${grade}`: the year is four digits and the grade the last number, so a
// subject with a hyphen in it still parses.
const ID = /^(.+?)-(\d{4})-(.+)-(\d{1,2})$/;

/** The title of a procedure id; anything that is not an id comes back unchanged. */
export function procedureIdTitle(id: string): string {
  const m = ID.exec(id.trim());
  return m ? procedureTitle({ kind: m[1], year: m[2], subject: m[3], grade: m[4] }) : id;
}

/**
 * `text` with every occurrence of the given ids replaced by their titles (longest first, so that
 * one id that is a prefix of another does not cut it).
 */
export function withProcedureTitles(text: string, ids: Iterable<string>): string {
  let out = text;
  for (const id of [...new Set(ids)].sort((a, b) => b.length - a.length))
    if (id) out = out.split(id).join(procedureIdTitle(id));
  return out;
}

/** A text that starts with a procedure id and «: » (the objectivity notes): the id as a title. */
export function titledNote(note: string): string {
  const i = note.indexOf(': ');
  if (i < 0) return note;
  const title = procedureIdTitle(note.slice(0, i));
  return title === note.slice(0, i) ? note : `${title}: ${note.slice(i + 2)}`;
}

/** In a sentence: «ВПР «Математика», 4 класс, 2026». */
export function procedureSentence(p: ProcedureName): string {
  return `${p.kind} «${p.subject}», ${p.grade} класс, ${p.year}`;
}
