// Documents from the analysis (issue «Documents»): content builders producing the neutral document
// model, and writers (DOCX here; XLSX and .ics for the roadmap). Pure: no DOM, no DB.
export * from './model.ts';
export * from '../text/format.ts';
export * from '../text/labels.ts';
export * from '../text/procedure.ts';
export {
  buildSpravka,
  comparePctSentence,
  RECOMMENDATION_RULES,
  type SpravkaInput,
  type FigurePng,
} from './spravka.ts';
export { roadmapDocument, roadmapXlsx, roadmapIcs } from './roadmap-doc.ts';
export {
  buildPupilSpravka,
  pupilTitle,
  type PupilSpravkaInput,
  type PupilDynamics,
} from './pupil-spravka.ts';
export { buildRoutes, type RoutesInput } from './routes.ts';
export { buildAppendix, hoursFor, HOURS_RULE, type AppendixInput } from './appendix.ts';
export { activitiesFor, ACTIVITIES_RU, type ActivityTemplate } from './activities.ts';
export { checkpoints, workTerms, type Checkpoint } from './calendar.ts';
export { writeDocx } from './docx-writer.ts';
export * from './units.ts';
export * from './compose.ts';
export { spravkaZip, schoolSpravkaFileName, schoolsWithWriters, type BatchOptions } from './batch.ts';
export * from './objectivity-plan.ts';
export * from './user-templates.ts';
