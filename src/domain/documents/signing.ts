// What makes a document fit for signing (issue #11 point 5): the approval block of a plan
// («УТВЕРЖДАЮ», the approver's position, a line for the signature, the order's number and date) and
// the signature and date lines of a справка. Blank lines stay blank for the pen: a number or date
// the user has not entered is never invented.
import { dateRu } from '../text/format.ts';
import type { Block } from './model.ts';

/** A line to write on by hand. */
export const BLANK = '________________';

export interface Approver {
  /** «Директор МБОУ СОШ № 1», «Руководитель органа управления образованием …». */
  position: string;
  /** «И. О. Фамилия» when known; else a blank line. */
  name?: string;
  /** The order approving the plan, when entered. */
  order?: { number?: string; date?: string };
}

const right = (text: string, small = false): Block => ({
  kind: 'paragraph',
  align: 'right',
  runs: [text],
  small,
});

/** «УТВЕРЖДАЮ», the position, «________ / name /», «Приказ № … от …», right-aligned above the title. */
export function approvalBlocks(a: Approver): Block[] {
  const name = a.name?.trim() || BLANK;
  const number = a.order?.number?.trim() || '______';
  const date = a.order?.date ? dateRu(a.order.date) : '«___» ____________ 20___ г.';
  return [
    { kind: 'paragraph', align: 'right', runs: [{ text: 'УТВЕРЖДАЮ', bold: true }] },
    right(a.position),
    right(`${BLANK} / ${name} /`),
    right(`Приказ № ${number} от ${date}`),
  ];
}

export interface Signer {
  /** «Заместитель директора по УВР»; blank when unknown. */
  position?: string;
  name?: string;
}

/** The closing lines of a справка: who prepared it, the signature with its transcript, the date. */
export function signatureBlocks(s: Signer = {}): Block[] {
  const position = s.position?.trim() || `${BLANK} (должность)`;
  const name = s.name?.trim() || BLANK;
  const left = (text: string): Block => ({ kind: 'paragraph', align: 'left', runs: [text] });
  return [
    left(`Справку подготовил(а): ${position}`),
    left(`Подпись: ${BLANK} / ${name} /`),
    left('Дата: «___» ____________ 20___ г.'),
  ];
}
