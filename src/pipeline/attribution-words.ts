import type { Token } from '../core/types.ts';
import { attributionLexicon } from './lexicons.ts';
import { createPhraseMatcher } from './phrase-matcher.ts';

/**
 * The words attribution rules and the merge with a tagger read: reporting verbs in all their forms,
 * nouns of saying, and the small closed classes around them. Built once from the lexicon; never changed.
 */

/** The forms of a verb the cue lists match: "say", "says", "said" (irregular), "saying". */
export function inflect(lemma: string): string[] {
  const irregular = (attributionLexicon.irregular as Record<string, string[]>)[lemma] ?? [];
  const stem = lemma.endsWith('e') ? lemma.slice(0, -1) : lemma;
  const third = /(?:s|sh|ch|x|z)$/.test(lemma)
    ? `${lemma}es`
    : lemma.endsWith('y') && !/[aeiou]y$/.test(lemma)
      ? `${lemma.slice(0, -1)}ies`
      : `${lemma}s`;
  const past = lemma.endsWith('e')
    ? `${lemma}d`
    : lemma.endsWith('y') && !/[aeiou]y$/.test(lemma)
      ? `${lemma.slice(0, -1)}ied`
      : `${lemma}ed`;
  return [lemma, third, past, `${stem}ing`, ...irregular];
}

/** Every form of the lexicon's one-word reporting verbs. */
export const cueForms = new Set(
  attributionLexicon.verbs.filter((verb) => !verb.includes(' ')).flatMap(inflect),
);
/** Verbs that report speech on their own; the rest need "that", a colon or a quote to count as a cue. */
export const SPEECH = new Set(
  [
    'say',
    'claim',
    'allege',
    'tell',
    'argue',
    'insist',
    'assert',
    'contend',
    'testify',
    'declare',
    'tweet',
    'quip',
    'exclaim',
  ].flatMap(inflect),
);
/** Verbs that may come before their source: "..., said Maria Okafor". */
export const invertible = new Set(attributionLexicon.invertible.flatMap(inflect));
/** Nouns that name what someone said: "claims", "allegation". */
export const nounCues = new Set(attributionLexicon.nouns);
/** "the allegations come from X" and its variants. */
export const comeFrom = createPhraseMatcher(attributionLexicon.comeFrom);
/** Auxiliaries a verb cue takes in: "has said", "would deny". */
export const AUXILIARIES = new Set([
  'has',
  'have',
  'had',
  'is',
  'was',
  'were',
  'are',
  'will',
  'would',
  'could',
  'did',
  'does',
  'do',
  'may',
  'might',
  'had',
  'been',
]);
/** Adverbs that may sit between a source and its verb: "Okafor also said". */
export const SKIPPABLE_ADVERBS = new Set([
  'also',
  'repeatedly',
  'previously',
  'later',
  'again',
  'publicly',
  'privately',
  'recently',
  'once',
  'often',
  'long',
  'reportedly',
  'allegedly',
  'then',
  'now',
  'still',
  'already',
  'earlier',
  'first',
  'further',
  'flatly',
  'firmly',
  'strongly',
  'falsely',
  'wrongly',
  'correctly',
]);
/** Marks that close a quotation. */
export const CLOSING_QUOTES = new Set(['"', '\u201D', "'", '\u2019']);
/** Words too common to tell two contents apart. */
export const STOP_WORDS = new Set([
  'the',
  'a',
  'an',
  'of',
  'to',
  'in',
  'that',
  'and',
  'was',
  'is',
  'by',
  'for',
  'on',
  'with',
  'be',
  'has',
  'have',
  'had',
  'it',
  'its',
]);

/**
 * Lexicon verbs too ambiguous to stand as a cue on the tagger's word alone ("Port Halden will stop
 * charging fares"), unless a document or organization speaks through them ("the poll showed").
 */
export const AMBIGUOUS = new Set(
  ['charge', 'post', 'project', 'show', 'find', 'learn', 'state', 'maintain'].flatMap(inflect),
);
/**
 * Lexicon verbs of rejection that cue a statement only before a that-clause: "rejected claims that
 * ...", "disputed that ...", but not "dismissed intelligence reports" or "rejected the offer".
 */
export const CLAUSE_ONLY = new Set(['reject', 'dismiss', 'dispute', 'refute', 'rebut'].flatMap(inflect));

/** Whether the few words after a cue open a that-clause ("that", "claims that", "the report that"). */
export function opensThatClause(tokens: readonly Token[], cue: number): boolean {
  return tokens.slice(cue + 1, cue + 6).some((word) => word.normal === 'that' && word.pos !== 'DET');
}

/**
 * Verbs of speech, thought and stance the lexicon lacks but PolNeAR often counts as cues ("called",
 * "praised", "wants"); with the lexicon's they let a cue only the tagger found stand. Verbs of action
 * it also counts ("approved", "decided", "signed") are left out: they report deeds, not statements.
 */
export const STANCE_VERBS = new Set(
  [
    'call',
    'ask',
    'describe',
    'endorse',
    'criticize',
    'criticise',
    'express',
    'refer',
    'urge',
    'cite',
    'warn',
    'reveal',
    'defend',
    'vow',
    'praise',
    'pledge',
    'promise',
    'recall',
    'hope',
    'think',
    'question',
    'reject',
    'attack',
    'blast',
    'denounce',
    'mention',
    'discuss',
    'talk',
    'speak',
    'blame',
    'complain',
    'mock',
    'echo',
    'reiterate',
    'condemn',
    'doubt',
    'fear',
    'worry',
    'want',
    'support',
    'oppose',
    'favor',
    'propose',
    'request',
    'voice',
    'joke',
    'remind',
    'portray',
    'decline',
    'point',
    'liken',
    'reference',
    'highlight',
    'underscore',
    'characterize',
    'demand',
    'label',
    'dub',
    'tout',
    'hail',
    'slam',
    'lament',
  ].flatMap(inflect),
);
/** Irregular past forms of speech and thought verbs that inflection does not produce. */
export const SPOKE = new Set(['spoke', 'spoken', 'thought', 'sought']);
