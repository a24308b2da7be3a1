export * from './analysis-schema.ts';
export * from './errors.ts';
export * from './settings.ts';
export * from './types.ts';
