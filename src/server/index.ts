export { createApp } from './app.ts';
export type { AppDependencies, AppEnv } from './context.ts';
export { ApiError } from './errors.ts';
export { BUNDLED_EXAMPLES_DIRECTORY, loadExamples, readExamples } from './examples.ts';
export { type RunningServer, type ServeOptions, serve } from './serve.ts';
