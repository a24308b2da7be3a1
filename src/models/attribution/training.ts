import type { Doc } from '../../core/types.ts';
import { createWordLexicon, extractFeatures, type WordLexicon } from './features.ts';
import { goldLabels, type RoleSpan } from './labels.ts';
import type { AttributionTagger } from './model.ts';
import { type TaggedSequence, trainTagger } from './tagger.ts';
import { taggingUnits } from './units.ts';

/** One article for training: the doc after the sentence and entity stages, and its gold spans. */
export interface AttributionExample {
  doc: Doc;
  spans: RoleSpan[];
}

export interface AttributionTrainingOptions {
  /** Hashed feature buckets; a power of two. Default 2^16. */
  dimensions?: number;
  epochs?: number;
  seed?: number;
  /**
   * Roles each tagger labels. One joint tagger `[['cue', 'source', 'content']]` is the default; where a
   * tagger holds several roles, the earlier role keeps a token both cover.
   */
  roleGroups?: string[][];
  /** A word counts as a learned cue when at least this share of its occurrences lie in gold cues. */
  cueRate?: number;
}

/** Feature ids of every paragraph of every example, computed once and shared by all taggers. */
function featuresOf(examples: readonly AttributionExample[], dimensions: number, lexicon: WordLexicon) {
  return examples.flatMap(({ doc, spans }) =>
    taggingUnits(doc).map((unit) => ({
      unit,
      spans,
      features: extractFeatures(unit, doc, dimensions, lexicon),
    })),
  );
}

/**
 * Trains the attribution tagger on labelled docs. Pure and deterministic: the same examples and seed
 * give the same weights.
 *
 * @example
 * const model = trainAttributionTagger([{ doc, spans: [{ role: 'cue', start: 9, end: 13 }] }], { epochs: 5 });
 */
export function trainAttributionTagger(
  examples: readonly AttributionExample[],
  options: AttributionTrainingOptions = {},
): AttributionTagger {
  const {
    dimensions = 1 << 16,
    epochs = 10,
    seed = 1,
    roleGroups = [['cue', 'source', 'content']],
    cueRate = 0.2,
  } = options;
  const cueWords = learnCueWords(examples, 3, cueRate);
  const units = featuresOf(examples, dimensions, createWordLexicon(cueWords));
  const taggers = roleGroups.map((roles, index) => {
    const sequences: TaggedSequence[] = units.map(({ unit, spans, features }) => ({
      features,
      labels: goldLabels(unit, spans, roles),
    }));
    return trainTagger(sequences, { roles, dimensions, epochs, seed: seed + index });
  });
  return {
    dimensions,
    taggers,
    cueWords,
    training: { epochs, seed, roleGroups, cueRate, articles: examples.length, paragraphs: units.length },
  };
}

/**
 * Words that act as cues in at least `minimumRate` of their `minimumCount` or more occurrences in
 * the gold spans ("called", "want", "praised"), sorted; the features treat them as cue candidates.
 */
export function learnCueWords(
  examples: readonly AttributionExample[],
  minimumCount = 3,
  minimumRate = 0.2,
): string[] {
  const seen = new Map<string, number>();
  const asCue = new Map<string, number>();
  for (const { doc, spans } of examples) {
    const cues = spans.filter((span) => span.role === 'cue').flatMap((span) => span.fragments ?? [span]);
    for (const sentence of doc.sentences) {
      for (const token of sentence.tokens) {
        seen.set(token.normal, (seen.get(token.normal) ?? 0) + 1);
        if (cues.some((cue) => token.start < cue.end && cue.start < token.end)) {
          asCue.set(token.normal, (asCue.get(token.normal) ?? 0) + 1);
        }
      }
    }
  }
  return [...asCue]
    .filter(([word, count]) => count >= minimumCount && count / (seen.get(word) ?? 1) >= minimumRate)
    .map(([word]) => word)
    .sort();
}
