import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ModelError } from '../model-file.ts';
import { createCheckworthinessModel, type TrainedCheckworthinessModel } from './model.ts';

/** Where the shipped model lives: `models/checkworthiness.json` at the repository root. */
export const CHECKWORTHINESS_MODEL_PATH = fileURLToPath(
  new URL('../../../models/checkworthiness.json', import.meta.url),
);

/**
 * Reads and checks a check-worthiness model file; throws ModelError when it is missing, not JSON or
 * malformed.
 *
 * @example
 * const pipeline = createPipeline({ checkworthiness: loadCheckworthinessModel() });
 */
export function loadCheckworthinessModel(
  path: string = CHECKWORTHINESS_MODEL_PATH,
): TrainedCheckworthinessModel {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ModelError(
      `claimtrail: cannot read the check-worthiness model ${path}; reinstall claimtrail or retrain with ` +
        'npm run train:checkworthiness',
      error,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ModelError(`claimtrail: the check-worthiness model ${path} is not valid JSON`, error);
  }
  return createCheckworthinessModel(parsed);
}
