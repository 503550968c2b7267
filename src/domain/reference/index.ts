// Reference rows from ФИС ОКО result reports (issue «Results analysis», point 2). Pure: no DOM/DB.
export { parseReferenceReport } from './parse-report';
export { referenceUnitsFor } from './reference-units';
export type * from './types';
