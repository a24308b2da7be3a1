import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Attribution } from '../../src/core/types.ts';
import { createAttributionModel } from '../../src/models/attribution/index.ts';
import {
  type AttributionModel,
  createPipeline,
  DEFAULT_STAGES,
  type Stage,
} from '../../src/pipeline/index.ts';
import { ATTRIBUTION_ROLES, evaluatePolnear, loadPolnear, type PolnearResult } from './polnear.ts';
import { findSharedData, missingSharedDataMessage, REPO_ROOT } from './shared-data.ts';
import { formatRatio, formatTable } from './table.ts';

/**
 * The attribution stage with the tagger alone: every attribution is the tagger's, its source left
 * unnamed (scoring reads only the spans).
 */
function modelOnlyStage(model: AttributionModel): Stage {
  return {
    name: 'attribution',
    after: ['sentences', 'entities'],
    run(doc) {
      const attributions: Attribution[] = doc.sentences.flatMap((sentence) =>
        model.spans(sentence, doc).map(({ source, cue, content }) => ({
          sentenceIndex: sentence.index,
          source: { ...source, name: source.text, kind: 'vague' as const },
          cue,
          content,
          via: 'direct' as const,
        })),
      );
      return { ...doc, attributions };
    },
  };
}

/**
 * Prints PolNeAR attribution figures for the rules alone, the tagger alone and the two merged, per
 * role, exact and overlap. `npx tsx scripts/eval/attribution-compare.ts [--model models/attribution.json]
 * [--split dev]`.
 */
function main(): number {
  const { values } = parseArgs({
    options: {
      model: { type: 'string', default: join(REPO_ROOT, 'models', 'attribution.json') },
      split: { type: 'string', default: 'dev' },
    },
  });
  const sharedData = findSharedData();
  const corpus = sharedData ? loadPolnear(sharedData, values.split) : null;
  if (!corpus) {
    console.log(
      sharedData ? `claimtrail: PolNeAR ${values.split} not found; no figures.` : missingSharedDataMessage(),
    );
    return 0;
  }
  const loadStarted = performance.now();
  const attribution = createAttributionModel(values.model);
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  const variants: [string, PolnearResult][] = [
    ['rules', evaluatePolnear(corpus, createPipeline())],
    [
      'model',
      evaluatePolnear(
        corpus,
        createPipeline({
          stages: DEFAULT_STAGES.map((stage) =>
            stage.name === 'attribution' ? modelOnlyStage(attribution) : stage,
          ),
        }),
      ),
    ],
    ['merged', evaluatePolnear(corpus, createPipeline({ models: { attribution } }))],
  ];
  const rows = variants.flatMap(([variant, result]) =>
    ATTRIBUTION_ROLES.flatMap((role) =>
      (['exact', 'overlap'] as const).map((mode) => {
        const scores = result.byRole[role][mode];
        return [
          variant,
          role,
          mode,
          formatRatio(scores.precision),
          formatRatio(scores.recall),
          formatRatio(scores.f1),
          `tp ${scores.truePositives}  fp ${scores.falsePositives}  fn ${scores.falseNegatives}`,
        ];
      }),
    ),
  );
  console.log(`PolNeAR ${values.split}: ${corpus.articles.length} articles · model ${values.model}`);
  console.log(
    formatTable(['variant', 'role', 'match', 'P', 'R', 'F1', 'counts'], rows, [
      'left',
      'left',
      'left',
      'right',
      'right',
      'right',
      'left',
    ]),
  );
  const timings = variants.map(([variant, result]) => `${variant} ${result.seconds.toFixed(1)} s`);
  console.log(`model load ${(loadSeconds * 1000).toFixed(0)} ms; pipeline time: ${timings.join(', ')}`);
  const failures = variants.flatMap(([variant, result]) =>
    result.failures.map((failure) => `${variant}: ${failure.article}: ${failure.message}`),
  );
  for (const failure of failures) console.log(`failed: ${failure}`);
  return failures.length > 0 ? 1 : 0;
}

process.exitCode = main();
