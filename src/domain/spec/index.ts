// Procedure specs: task ids, `spec.json`, mark scales and the built-in catalogue.
export {
  normaliseHeader,
  normaliseTaskId,
  isTaskId,
  parseTaskHeader,
  parseNumberedHeader,
} from './task-header';
export type { TaskHeader } from './task-header';
export { parseSpec, specToJson, maxScore } from './parse-spec';
export { validateScale, markOf } from './scale';
export type { ScaleIssue, ScaleIssueKind } from './scale';
export { CATALOGUE, findCatalogueEntries } from './catalogue';
export type { CatalogueEntry } from './catalogue';
