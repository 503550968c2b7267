// Follow-up checks («контрольные точки»): the check sheet, deficit status, roadmap progress, the
// effectiveness report. Pure: the worker (workers/followup.api.ts) stores and transfers.
export * from './types.ts';
export * from './sheet.ts';
export * from './status.ts';
export * from './xlsx.ts';
export * from './progress.ts';
export { effectivenessDoc, effectivenessXlsx, type EffectivenessInput } from './effectiveness.ts';
export { needsRoute, pupilDeficits } from './route-criterion.ts';
export * from './later-checks.ts';
