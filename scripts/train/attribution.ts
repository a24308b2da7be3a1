import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { RoleSpan } from '../../src/models/attribution/labels.ts';
import { serializeAttributionTagger } from '../../src/models/attribution/model.ts';
import { trainAttributionTagger } from '../../src/models/attribution/training.ts';
import { createPipeline, DEFAULT_STAGES } from '../../src/pipeline/index.ts';
import { ATTRIBUTION_ROLES, loadPolnear } from '../eval/polnear.ts';
import { findSharedData, missingSharedDataMessage, REPO_ROOT } from '../eval/shared-data.ts';

/**
 * Trains the attribution tagger on PolNeAR train and writes `models/attribution.json`.
 * `npx tsx scripts/train/attribution.ts [--epochs 12] [--bits 16] [--seed 7] [--cue-rate 0.2] [--out models/attribution.json]`.
 * Deterministic: the same data and seed give the same file.
 */
function main(): number {
  const { values } = parseArgs({
    options: {
      epochs: { type: 'string', default: '12' },
      bits: { type: 'string', default: '16' },
      seed: { type: 'string', default: '7' },
      'cue-rate': { type: 'string', default: '0.2' },
      out: { type: 'string', default: join(REPO_ROOT, 'models', 'attribution.json') },
    },
  });
  const epochs = Number(values.epochs);
  const bits = Number(values.bits);
  const seed = Number(values.seed);
  const cueRate = Number(values['cue-rate']);
  if (
    ![epochs, bits, seed].every(Number.isInteger) ||
    bits < 10 ||
    bits > 22 ||
    !(cueRate > 0 && cueRate <= 1)
  ) {
    console.error(
      'claimtrail train: --epochs and --seed take whole numbers, --bits one from 10 to 22, --cue-rate a share in (0, 1]',
    );
    return 2;
  }
  const sharedData = findSharedData();
  const corpus = sharedData ? loadPolnear(sharedData, 'train') : null;
  if (!corpus) {
    console.error(sharedData ? 'claimtrail train: PolNeAR train not found' : missingSharedDataMessage());
    return 1;
  }
  const started = performance.now();
  // The tagger reads what the attribution stage sees: sentences, tokens and entities.
  const reader = createPipeline({
    stages: DEFAULT_STAGES.filter((stage) => stage.name === 'sentences' || stage.name === 'entities'),
  });
  const examples = corpus.articles.map((article) => ({
    doc: reader.analyze({ text: article.text }),
    spans: ATTRIBUTION_ROLES.flatMap((role) =>
      article.gold[role].map((span): RoleSpan => ({ role, ...span })),
    ),
  }));
  const model = trainAttributionTagger(examples, { dimensions: 1 << bits, epochs, seed, cueRate });
  model.training = { ...model.training, data: 'PolNeAR train', bits };
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, serializeAttributionTagger(model));
  const seconds = (performance.now() - started) / 1000;
  const megabytes = statSync(values.out).size / (1024 * 1024);
  console.log(
    `attribution tagger: ${examples.length} articles, ${epochs} epochs, 2^${bits} buckets, ` +
      `${seconds.toFixed(1)} s, ${megabytes.toFixed(1)} MB -> ${values.out}`,
  );
  return 0;
}

process.exitCode = main();
