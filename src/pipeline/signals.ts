import type { Doc, Sentence, Signal, SignalType, Token } from '../core/types.ts';
import { startsUppercase } from './characters.ts';
import { signalLexicon } from './lexicons.ts';
import {
  createLexiconMatcher,
  createPhraseMatcher,
  type Lexicon,
  type PhraseMatch,
} from './phrase-matcher.ts';
import type { Stage } from './stage.ts';

type LexiconType = Exclude<SignalType, 'rhetorical-question'>;
const LEXICON_TYPES: LexiconType[] = [
  'hedge',
  'conditional',
  'evidence-absent',
  'loaded-language',
  'vague-source',
  'presupposition',
  'booster',
  'prediction',
  'opinion',
];

/** Every lexicon type's matches, found in one pass; one matcher with the hedge lexicon and one without. */
function lexicalMatcher(
  types: readonly LexiconType[],
): (text: string) => { type: LexiconType; start: number; end: number }[] {
  const match = createLexiconMatcher(
    types.map((type) => signalLexicon[type as keyof typeof signalLexicon] as Lexicon),
  );
  return (text) =>
    match(text).flatMap((matches, index) => {
      const type = types[index] as LexiconType;
      return matches.map((found) => ({ type, ...found }));
    });
}

const withHedges = lexicalMatcher(LEXICON_TYPES);
const withoutHedges = lexicalMatcher(LEXICON_TYPES.filter((type) => type !== 'hedge'));

const evidence = signalLexicon['evidence-cited'];
const evidenceNouns = new Set(evidence.nouns);
const evidenceVerbs = new Set(evidence.verbs);
const evidenceContext = createPhraseMatcher(evidence.contexts);
const evidencePatterns = createPhraseMatcher([], evidence.patterns);
const nominalizationSuffixes = signalLexicon.presupposition.nominalizationSuffixes;
const HEDGED_MODIFIERS = new Set([
  'alleged',
  'reported',
  'purported',
  'possible',
  'claimed',
  'rumored',
  'rumoured',
  'suspected',
  'supposed',
  'apparent',
]);

/** Signals that frame a whole clause; a weaker signal inside one of them is part of it. */
const FRAMING: ReadonlySet<SignalType> = new Set(['conditional', 'evidence-absent', 'evidence-cited']);

function signal(doc: Doc, sentence: Sentence, type: SignalType, start: number, end: number): Signal {
  return { type, start, end, text: doc.text.slice(start, end), sentenceIndex: sentence.index };
}

/** Questions the article asks itself, clause by clause: "...raises questions: Was X knowingly ...?" */
function rhetoricalQuestions(doc: Doc, sentence: Sentence): Signal[] {
  const text = doc.normalized.slice(sentence.start, sentence.end);
  const found: Signal[] = [];
  let clauseStart = 0;
  let inQuote = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (char === '"') inQuote = !inQuote;
    if (char === ':' || char === ';') clauseStart = index + 1;
    if (char === '?' && !inQuote) {
      const clause = text.slice(clauseStart, index + 1);
      const leading = clause.length - clause.trimStart().length;
      found.push(
        signal(
          doc,
          sentence,
          'rhetorical-question',
          sentence.start + clauseStart + leading,
          sentence.start + index + 1,
        ),
      );
      clauseStart = index + 1;
    }
  }
  return found;
}

/** The noun phrase that ends at token `index`: determiners, numbers, adjectives and nouns before it. */
function nounPhraseStart(tokens: Token[], index: number): number {
  let start = index;
  while (start > 0 && index - start < 5) {
    const previous = tokens[start - 1] as Token;
    if (!['DET', 'NUM', 'ADJ', 'NOUN', 'PROPN'].includes(previous.pos) && !/^['\u2019]s$/.test(previous.text))
      break;
    start -= 1;
  }
  return start;
}

/**
 * Evidence the article points to: a document, report, data or a link, made concrete by a date or a
 * name, by a phrase such as "according to" or "as outlined in", or by a verb such as "shows".
 */
function evidenceCited(doc: Doc, sentence: Sentence): Signal[] {
  const { tokens } = sentence;
  const text = doc.normalized.slice(sentence.start, sentence.end);
  // Looked for only once an evidence noun turns up: most sentences hold none.
  let contexts: PhraseMatch[] | null = null;
  const found: Signal[] = evidencePatterns(text).map((match) =>
    signal(doc, sentence, 'evidence-cited', sentence.start + match.start, sentence.start + match.end),
  );
  // A loop, the noun's checks in a function of their own: a callback holding closures over the token
  // made the engine allocate their scope for every token, evidence noun or not.
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] as Token;
    if (!evidenceNouns.has(token.normal) || (token.pos !== 'NOUN' && token.pos !== 'PROPN')) continue;
    contexts ??= evidenceContext(text.toLowerCase());
    const cited = citedAt(doc, sentence, index, contexts);
    if (cited) found.push(cited);
  }
  return found;
}

/** The evidence an evidence noun at token `index` cites, if it is concrete, introduced or followed up. */
function citedAt(doc: Doc, sentence: Sentence, index: number, contexts: PhraseMatch[]): Signal | null {
  const { tokens } = sentence;
  const token = tokens[index] as Token;
  const first = nounPhraseStart(tokens, index);
  const phrase = tokens.slice(first, index + 1);
  // A year or a name makes a document concrete ("a 1985 document", "the Pew survey"); a count does not
  // ("three city contracts").
  const concrete = phrase.some(
    (word) => /^(?:1[89]|20)\d\d$/.test(word.text) || (word.pos === 'PROPN' && word !== phrase[0]),
  );
  const startInSentence = (tokens[first] as Token).start - sentence.start;
  const introduced = contexts.some((context) => Math.abs(context.end - startInSentence) <= 1);
  const next = tokens[index + 1];
  const followedBy =
    (next && evidenceVerbs.has(next.normal)) ||
    (next &&
      ['by', 'from', 'of'].includes(next.normal) &&
      tokens.slice(index + 2, index + 6).some((word) => startsUppercase(word.text) || word.pos === 'NUM'));
  const partOfName = doc.entities.some(
    (entity) => entity.type === 'organization' && entity.start <= token.start && token.end <= entity.end,
  );
  // "the Kestrel Review podcast": a capitalized noun after another is part of a name, not a document.
  const inName = startsUppercase(token.text) && startsUppercase(tokens[index - 1]?.text ?? '') && index > 0;
  if (partOfName || inName) return null;
  if (!concrete && !introduced && !followedBy) return null;
  let end = token.end;
  // Name who made it: "a 2023 report by the Audit Office", "data published by the Health Authority".
  const participle =
    next && ['published', 'released', 'compiled', 'issued', 'commissioned'].includes(next.normal);
  const preposition = participle ? tokens[index + 2] : next;
  if (preposition && ['by', 'from', 'of'].includes(preposition.normal)) {
    let cursor = index + (participle ? 3 : 2);
    if (tokens[cursor]?.normal === 'the') cursor += 1;
    let last = -1;
    while (tokens[cursor] && startsUppercase((tokens[cursor] as Token).text)) last = cursor++;
    if (last > 0) end = (tokens[last] as Token).end;
  }
  return signal(doc, sentence, 'evidence-cited', (tokens[first] as Token).start, end);
}

function stemOf(word: string): string {
  return word.replace(/(?:ied|ies)$/, 'y').replace(/(?:ing|ed|es|s)$/, '');
}

/**
 * Alleged events spoken of as facts: "Trump's recruitment" after someone claimed he "was recruited".
 * A possessive or definite noun that nominalizes a verb from an attributed claim presupposes it.
 */
interface ReportedStems {
  sentenceIndex: number;
  via: 'direct' | 'reference';
  stems: string[];
}

/** The verbs of every attributed content, as stems: what sources say happened. */
function reportedStems(doc: Doc): ReportedStems[] {
  return doc.attributions.map((attribution) => {
    const contentSentence = doc.sentences[attribution.sentenceIndex];
    const stems = (contentSentence?.tokens ?? [])
      .filter(
        (token) =>
          token.pos === 'VERB' &&
          token.start >= attribution.content.start &&
          token.end <= attribution.content.end,
      )
      .map((token) => stemOf(token.normal))
      .filter((stem) => stem.length >= 4);
    return { sentenceIndex: attribution.sentenceIndex, via: attribution.via, stems };
  });
}

function isNominalization(token: Token): boolean {
  if (token.pos !== 'NOUN') return false;
  // A loop, not `some` with a closure over the word: that allocated a scope for every token asked about.
  for (const suffix of nominalizationSuffixes) if (token.normal.endsWith(suffix)) return true;
  return false;
}

/** Words before a nominalization that take its event as given: "the recruitment", "their recruitment". */
const DEFINITE_WORDS: ReadonlySet<string> = new Set(['the', 'this', 'that', 'his', 'her', 'their', 'its']);

function presupposedEvents(doc: Doc, sentence: Sentence, allReported: ReportedStems[]): Signal[] {
  const { tokens } = sentence;
  const found: Signal[] = [];
  for (let index = 1; index < tokens.length; index += 1) {
    const token = tokens[index] as Token;
    // Only a noun that nominalizes can presuppose, and only after a definite word or a possessive; the
    // reported stems, the dearest test, are read last.
    if (!isNominalization(token)) continue;
    const previous = tokens[index - 1] as Token;
    if (HEDGED_MODIFIERS.has(previous.normal)) continue;
    const possessive = index >= 2 && /^['\u2019]s?$/.test(previous.text);
    if (!possessive && !DEFINITE_WORDS.has(previous.normal)) continue;
    if (!extendsAStemBefore(token.normal, sentence, allReported)) continue;
    const start = possessive ? (tokens[index - 2] as Token).start : previous.start;
    found.push(signal(doc, sentence, 'presupposition', start, token.end));
  }
  return found;
}

/**
 * Whether `word` is a stem reported before `sentence` (or by reference anywhere) with more after it:
 * "recruitment" of "recruit". The entries are read in place: gathering their stems for every sentence
 * cost more than the few words asked about.
 */
function extendsAStemBefore(word: string, sentence: Sentence, allReported: ReportedStems[]): boolean {
  for (const entry of allReported) {
    if (entry.sentenceIndex >= sentence.index && entry.via === 'direct') continue;
    for (const stem of entry.stems) if (word.startsWith(stem) && word.length > stem.length) return true;
  }
  return false;
}

function insideFraming(candidate: Signal, all: Signal[]): boolean {
  return all.some(
    (other) =>
      other !== candidate &&
      FRAMING.has(other.type) &&
      !FRAMING.has(candidate.type) &&
      other.start <= candidate.start &&
      candidate.end <= other.end,
  );
}

/** Finds typed epistemic signals in every sentence. */
export const signalsStage: Stage = {
  name: 'signals',
  after: ['sentences', 'entities', 'attribution'],
  run(doc, { models }) {
    const signals: Signal[] = [];
    // With a hedging model, hedges are the model's cues: it weighs each lexicon phrase in its context.
    const hedging = models.hedging;
    // Lexicons run once over the whole text; each match then goes to the sentence that holds it. The
    // hedge lexicon's matches would all give way to the model's cues, so with a model it is not run.
    const lexical = (hedging ? withoutHedges : withHedges)(doc.normalized).sort((a, b) => a.start - b.start);
    const reported = reportedStems(doc);
    let cursor = 0;
    for (const sentence of doc.sentences) {
      const found: Signal[] = [];
      while (cursor < lexical.length && (lexical[cursor]?.start ?? 0) < sentence.start) cursor += 1;
      for (let index = cursor; index < lexical.length; index += 1) {
        const match = lexical[index] as (typeof lexical)[number];
        if (match.start >= sentence.end) break;
        if (match.end > sentence.end) continue;
        if (match.type === 'hedge' && hedging) continue;
        // "May" in mid-sentence is the month.
        if (
          match.type === 'hedge' &&
          match.start > sentence.start &&
          doc.normalized.startsWith('May', match.start)
        )
          continue;
        found.push(signal(doc, sentence, match.type, match.start, match.end));
      }
      if (hedging) {
        for (const cue of hedging.cues(sentence, doc))
          found.push(signal(doc, sentence, 'hedge', cue.start, cue.end));
      }
      // A sentence that opens on "If ..." is conditional up to its first comma.
      const opening = /^\s*if\b[^,;]{1,120}/i.exec(doc.normalized.slice(sentence.start, sentence.end));
      if (opening)
        found.push(signal(doc, sentence, 'conditional', sentence.start, sentence.start + opening[0].length));
      found.push(
        ...rhetoricalQuestions(doc, sentence),
        ...evidenceCited(doc, sentence),
        ...presupposedEvents(doc, sentence, reported),
      );
      const kept = found.filter(
        (candidate, index) =>
          !insideFraming(candidate, found) &&
          !found.some(
            (other, otherIndex) =>
              other.type === candidate.type &&
              other.start <= candidate.start &&
              candidate.end <= other.end &&
              (other.end - other.start > candidate.end - candidate.start || otherIndex < index),
          ),
      );
      signals.push(...kept.sort((a, b) => a.start - b.start));
    }
    return { ...doc, signals };
  },
};
