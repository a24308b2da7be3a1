import type { Analysis } from '../core/analysis-schema.ts';
import type { SignalType, SourceKind } from '../core/types.ts';

/** One claim of a test article: its sentence, who makes it, and the signals on it. */
export interface ClaimSpec {
  text: string;
  claimant?: string | null;
  claimantKind?: SourceKind;
  signals?: SignalType[];
  certainty?: number;
}

export interface ArticleSpec {
  claims: readonly (string | ClaimSpec)[];
  /** Sentences that are not claims, written after the claims. */
  filler?: number;
  title?: string;
  url?: string;
  publisher?: string;
  published?: string;
  byline?: string;
}

/**
 * A `claimtrail.analysis/1` analysis and the text it indexes, built from claim sentences, so store
 * tests say exactly which claims, claimants and signals an article has without running the pipeline.
 * Each claim is a sentence of its own; a signal covers the sentence's first word.
 *
 * @example
 * const { text, analysis } = buildArticle({ claims: ['The bridge closed.', { text: 'Fares may rise.', signals: ['hedge'] }] });
 */
export function buildArticle(spec: ArticleSpec): { text: string; analysis: Analysis } {
  const claims = spec.claims.map((claim) => (typeof claim === 'string' ? { text: claim } : claim));
  const fillers = Array.from(
    { length: spec.filler ?? 0 },
    (_, index) => `Filler sentence number ${index + 1} adds context without a claim.`,
  );
  const sentences: Analysis['sentences'] = [];
  const analysisClaims: Analysis['claims'] = [];
  const attributions: Analysis['attributions'] = [];
  const sources = new Map<string, Analysis['sources'][number]>();
  let offset = 0;
  for (const [index, sentence] of [...claims.map((claim) => claim.text), ...fillers].entries()) {
    const start = offset;
    const end = start + sentence.length;
    offset = end + 1;
    const claim = claims[index];
    const firstWord = sentence.split(' ')[0] ?? sentence;
    const signals = (claim?.signals ?? []).map((type) => ({
      type,
      text: firstWord,
      start,
      end: start + firstWord.length,
    }));
    sentences.push({
      index,
      start,
      end,
      text: sentence,
      checkworthiness: claim ? 0.9 : 0.1,
      isClaim: Boolean(claim),
      signals,
    });
    if (!claim) continue;
    const claimant = claim.claimant ?? null;
    analysisClaims.push({
      id: `c${index + 1}`,
      sentenceIndex: index,
      text: sentence,
      start,
      end,
      checkworthiness: 0.9,
      claimant,
      certainty: claim.certainty ?? (signals.length > 0 ? 0.5 : 1),
      signals,
    });
    if (claimant === null) continue;
    const kind = claim.claimantKind ?? 'person';
    const span = { text: firstWord, start, end: start + firstWord.length };
    attributions.push({
      sentenceIndex: index,
      source: { ...span, name: claimant, kind },
      cue: span,
      content: { text: sentence, start, end },
      via: 'direct',
    });
    const known = sources.get(claimant);
    sources.set(claimant, { name: claimant, kind, descriptions: [], mentions: (known?.mentions ?? 0) + 1 });
  }
  const text = [...claims.map((claim) => claim.text), ...fillers].join(' ');
  const article: Analysis['article'] = { wordCount: text.split(/\s+/).filter(Boolean).length };
  for (const field of ['title', 'url', 'publisher', 'published', 'byline'] as const) {
    const value = spec[field];
    if (value !== undefined) article[field] = value;
  }
  return {
    text,
    analysis: {
      schema: 'claimtrail.analysis/1',
      article,
      sentences,
      attributions,
      claims: analysisClaims,
      sources: [...sources.values()],
      entities: [],
      summary: {
        claims: analysisClaims.length,
        namedSources: [...sources.values()]
          .filter((source) => source.kind === 'person' || source.kind === 'organization')
          .map((source) => source.name),
        singleSource: sources.size === 1,
        evidenceCited: [],
        evidenceAbsent: false,
        presupposed: [],
      },
    },
  };
}
