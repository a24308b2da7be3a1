import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Models } from '../pipeline/index.ts';
import { createAttributionModel } from './attribution/index.ts';
import { loadCheckworthinessModel } from './checkworthiness/index.ts';
import { loadHedgingModel } from './hedging/index.ts';

export { ModelError } from './model-file.ts';

/** The trained weights shipped with claimtrail: `models/` at the repository root. */
export const SHIPPED_MODELS_DIRECTORY = fileURLToPath(new URL('../../models/', import.meta.url));

/** The model files a models directory may hold, and how each is loaded. */
const MODEL_FILES = {
  checkworthiness: { file: 'checkworthiness.json', load: loadCheckworthinessModel },
  hedging: { file: 'hedging.json', load: loadHedgingModel },
  attribution: { file: 'attribution.json', load: createAttributionModel },
} as const;

/**
 * Loads every trained model found in `directory`. A missing file leaves that part to the rules; a
 * file that is present but broken throws ModelError, since silently falling back would hide it.
 *
 * @example
 * const pipeline = createPipeline({ models: loadModels() });
 */
export function loadModels(directory: string = SHIPPED_MODELS_DIRECTORY): Partial<Models> {
  const models: Partial<Models> = {};
  for (const [role, { file, load }] of Object.entries(MODEL_FILES)) {
    const path = join(directory, file);
    if (existsSync(path)) Object.assign(models, { [role]: load(path) });
  }
  return models;
}
