import type { Analysis } from '../../src/core/analysis-schema.ts';
import { type Pipeline, toAnalysis } from '../../src/pipeline/index.ts';

/** An article the pipeline threw on, with the error's message. */
export interface AnalysisFailure {
  article: string;
  message: string;
}

/**
 * Analyzes one article, or records why it could not be and returns null. One failing article should
 * cost its own figures, not the whole run; the report lists every failure so none goes unseen.
 */
export function analyzeOrRecord(
  pipeline: Pipeline,
  article: string,
  text: string,
  failures: AnalysisFailure[],
): Analysis | null {
  try {
    return toAnalysis(pipeline.analyze({ text }));
  } catch (error) {
    failures.push({ article, message: error instanceof Error ? error.message : String(error) });
    return null;
  }
}
