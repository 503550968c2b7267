export * from './parse-roster.ts';
