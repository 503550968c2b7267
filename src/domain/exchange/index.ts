// Aggregate exchange between schools and the municipality: `oko-aggregate/v1` (see ./README.md).
export * from './format.ts';
export { exportSchoolPackage, isSmall } from './export.ts';
export { validatePackage, MAX_PACKAGE_CHARS } from './validate.ts';
export {
  municipalityFromPackages,
  type ExchangeProcedureReport,
  type ExchangeUnitReport,
} from './municipality.ts';
