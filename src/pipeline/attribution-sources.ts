import type { Attribution, Doc, Entity, Sentence, Source, SourceKind, Token } from '../core/types.ts';
import { startsUppercase } from './characters.ts';
import { attributionLexicon, entityWords } from './lexicons.ts';
import { endBeforeTime } from './source-time.ts';

const lower = (words: string[]) => new Set(words.map((word) => word.toLowerCase()));
const anonymousNouns = lower(attributionLexicon.anonymousNouns);
const vagueHeads = lower(attributionLexicon.vagueHeads);
const documentHeads = lower(attributionLexicon.documentHeads);
const personPronouns = lower(attributionLexicon.personPronouns);
const authorPronouns = lower(attributionLexicon.authorPronouns);
const speakingDocuments = lower(attributionLexicon.speakingDocuments);
const anonymousMarkers = attributionLexicon.anonymousMarkers.map((marker) => marker.toLowerCase());

export const NOUN_PHRASE_TAGS = new Set(['DET', 'NUM', 'ADJ', 'NOUN', 'PROPN', 'PRON']);
const POSSESSIVE = /^['\u2019]s?$/;

export function isPossessive(token: Token | undefined): boolean {
  return token !== undefined && POSSESSIVE.test(token.text);
}

/** Index of the first token of the noun phrase that ends at `last`, walking left through modifiers. */
export function nounPhraseStartBefore(tokens: Token[], last: number, limit = 12): number {
  let start = last + 1;
  while (start > 0 && last - start < limit) {
    const token = tokens[start - 1] as Token;
    if (NOUN_PHRASE_TAGS.has(token.pos) || isPossessive(token)) {
      if (token.pos === 'PRON' && start <= last && !isPossessive(tokens[start])) break;
      start -= 1;
      continue;
    }
    // "Director-General": a hyphen with no space on either side joins one word.
    const joined = tokens[start - 2];
    if (
      token.text === '-' &&
      joined &&
      joined.end === token.start &&
      token.end === (tokens[start] as Token).start
    ) {
      start -= 2;
      continue;
    }
    // Post-modifiers: "officials familiar with the talks", "a spokesman for the ministry".
    const before = tokens[start - 2];
    if (
      token.pos === 'ADP' &&
      ['of', 'for', 'with', 'on', 'at', 'to', 'from', 'in', 'close'].includes(token.normal) &&
      before &&
      (before.pos === 'NOUN' || before.pos === 'ADJ' || before.pos === 'PROPN' || /ed$/.test(before.normal))
    ) {
      start -= 1;
      continue;
    }
    if (token.pos === 'VERB' && /^(briefed|familiar|involved|based|close)$/.test(token.normal)) {
      start -= 1;
      continue;
    }
    break;
  }
  // A phrase never starts with a preposition or a dangling possessive.
  while (start <= last && ((tokens[start] as Token).pos === 'ADP' || isPossessive(tokens[start]))) start += 1;
  return start;
}

/** Index of the last token of the noun phrase that starts at `first`. */
export function nounPhraseEndAfter(tokens: Token[], first: number, limit = 12): number {
  let end = first - 1;
  while (end + 1 < tokens.length && end - first < limit) {
    const token = tokens[end + 1] as Token;
    if (NOUN_PHRASE_TAGS.has(token.pos) || isPossessive(token)) {
      if (token.pos === 'PRON' && end >= first) break;
      end += 1;
      continue;
    }
    const next = tokens[end + 2];
    if (
      token.normal === 'of' &&
      next &&
      (next.pos === 'DET' || next.pos === 'PROPN' || next.pos === 'NOUN')
    ) {
      end += 1;
      continue;
    }
    break;
  }
  return end;
}

function textOf(doc: Doc, tokens: Token[], first: number, last: number): string {
  return doc.text.slice((tokens[first] as Token).start, (tokens[last] as Token).end);
}

function stripDeterminer(phrase: string): string {
  return phrase.replace(/^(?:the|a|an)\s+/i, '');
}

/** The head noun of a phrase: the last noun of its first run of nouns ("officials" in "officials familiar with"). */
function headIndex(tokens: Token[], first: number, last: number): number {
  for (let index = first; index <= last; index += 1) {
    const token = tokens[index] as Token;
    const next = tokens[index + 1];
    const isNoun =
      token.pos === 'NOUN' || token.pos === 'PROPN' || token.pos === 'PRON' || vagueHeads.has(token.normal);
    if (
      isNoun &&
      (index === last || !next || !(next.pos === 'NOUN' || next.pos === 'PROPN' || isPossessive(next)))
    ) {
      return index;
    }
  }
  return last;
}

/** A pre-name description holds a title or an organization: "Kazakhstan's former Chairman of the ...". */
function looksLikeDescription(text: string): boolean {
  const words = text.toLowerCase().split(/[\s-]+/);
  return words.some(
    (word) =>
      entityWords.titles.has(word.replace(/[,.]$/, '')) ||
      entityWords.organizationHeads.has(word.replace(/[,.]$/, '')),
  );
}

export interface SourceContext {
  doc: Doc;
  sentence: Sentence;
  previous: Attribution[];
}

/** The most recent source a pronoun can refer to: earlier attributions first, then named people. */
function resolvePronoun(
  pronoun: Token,
  context: SourceContext,
): Omit<Source, 'start' | 'end' | 'text'> | null {
  const plural = pronoun.normal === 'they';
  for (const attribution of [...context.previous].reverse()) {
    const { kind } = attribution.source;
    if (kind === 'author' || kind === 'document') continue;
    if (!plural && kind !== 'person') continue;
    return { name: attribution.source.name, kind };
  }
  if (plural) return null;
  const person = [...context.doc.entities]
    .filter((entity) => entity.type === 'person' && entity.end <= pronoun.start)
    .pop();
  return person ? { name: person.canonical, kind: 'person' } : null;
}

/**
 * The description of a person named at `before`: the appositive if any, else the words between the
 * phrase's start and the name when they hold a title or an organization ("the former Chairman").
 */
function describeBefore(doc: Doc, start: number, before: number, appositive?: string): string | undefined {
  const pre = doc.text
    .slice(start, before)
    .replace(/^(?:the|a|an)\s+/i, '')
    .trim();
  const candidate = appositive ?? (pre.length > 0 && looksLikeDescription(pre) ? pre : undefined);
  return candidate?.trim() || undefined;
}

/** A source of `kind` over `span`, with the appositive as its description when there is one. */
function sourceWith(
  span: { start: number; end: number; text: string },
  kind: SourceKind,
  name: string,
  appositive?: string,
): Source {
  // Written out: a spread of `{ description }` or `{}` builds a second object and copies it.
  const source: Source = { start: span.start, end: span.end, text: span.text, name, kind };
  if (appositive) source.description = appositive;
  return source;
}

/** The position of the first entity that starts at or after `offset`, in entities ordered by start. */
function firstEntityFrom(entities: readonly Entity[], offset: number): number {
  let low = 0;
  let high = entities.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((entities[middle] as Entity).start < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Describes the source named by tokens [first, last]: its canonical name, kind and description.
 * Returns null when the phrase cannot be a source ("it", "this").
 */
export function classifySource(
  tokens: Token[],
  first: number,
  phraseLast: number,
  context: SourceContext,
  appositive?: string,
): Source | null {
  // A cue at the end of a sentence ("..., according to") names no source.
  if (first > phraseLast || first < 0 || phraseLast >= tokens.length) return null;
  const { doc } = context;
  const last = endBeforeTime(doc, tokens, first, phraseLast);
  const start = (tokens[first] as Token).start;
  const end = (tokens[last] as Token).end;
  const text = doc.text.slice(start, end);
  const span = { start, end, text };
  const phrase = text.toLowerCase();
  // The last person and the last organization named inside the phrase. Entities come in order of their
  // starts, so only those from the phrase's start up to its end are read.
  let person: Entity | undefined;
  let organization: Entity | undefined;
  const { entities } = doc;
  for (let index = firstEntityFrom(entities, start); index < entities.length; index += 1) {
    const entity = entities[index] as Entity;
    if (entity.start > end) break;
    if (entity.end > end) continue;
    if (entity.type === 'person') person = entity;
    else if (entity.type === 'organization') organization = entity;
  }
  if (first === last && vagueHeads.has((tokens[first] as Token).normal)) {
    return { ...span, name: stripDeterminer(text), kind: 'vague' };
  }
  if (first === last && (tokens[first] as Token).pos === 'PRON') {
    const pronoun = tokens[first] as Token;
    if (authorPronouns.has(pronoun.normal)) return { ...span, name: 'the author', kind: 'author' };
    if (!personPronouns.has(pronoun.normal)) return null;
    const resolved = resolvePronoun(pronoun, context);
    return resolved ? { ...span, ...resolved } : null;
  }
  if (person) {
    const description = describeBefore(doc, start, person.start, appositive);
    return sourceWith(span, 'person', person.canonical, description);
  }
  const named = namedAfterRole(tokens, first, last, doc);
  if (named) return { ...span, ...named };
  const head = tokens[headIndex(tokens, first, last)] as Token;
  const headWord = head.normal;
  if (anonymousNouns.has(headWord) || anonymousMarkers.some((marker) => phrase.includes(marker))) {
    if (organization && !/official|source|people|person/.test(headWord)) {
      return {
        ...span,
        name: stripDeterminer(organization.canonical),
        kind: 'organization',
        description: stripDeterminer(text),
      };
    }
    return sourceWith(span, 'anonymous', stripDeterminer(text), appositive);
  }
  if (organization && documentHeads.has(headWord)) {
    // "a statement from the Coastal States Alliance" speaks for the alliance; "a report by X" is X's document.
    const kind = speakingDocuments.has(headWord) ? 'organization' : 'document';
    return {
      ...span,
      name: stripDeterminer(organization.canonical),
      kind,
      description: stripDeterminer(text),
    };
  }
  if (organization)
    return sourceWith(span, 'organization', stripDeterminer(organization.canonical), appositive);
  if (documentHeads.has(headWord)) return sourceWith(span, 'document', stripDeterminer(text), appositive);
  if (anonymousNouns.has(headWord) || (tokens[first] as Token).pos === 'NUM') {
    return sourceWith(span, 'anonymous', stripDeterminer(text), appositive);
  }
  if (vagueHeads.has(headWord)) return sourceWith(span, 'vague', stripDeterminer(text), appositive);
  if (entityWords.organizationHeads.has(headWord))
    return sourceWith(span, 'organization', stripDeterminer(text), appositive);
  if (entityWords.titles.has(headWord)) return sourceWith(span, 'person', stripDeterminer(text), appositive);
  if (head.pos === 'PROPN') {
    const name = stripDeterminer(text);
    return sourceWith(span, /^\p{Lu}{2,}$/u.test(name) ? 'organization' : 'person', name, appositive);
  }
  if (head.pos === 'NOUN') return sourceWith(span, 'vague', stripDeterminer(text), appositive);
  return null;
}

/**
 * A role noun followed by a name: "Environmental group BlueLedger", "the charity Waitwatch",
 * "spokesman Victor Albu". The name is the source; the words before it describe it.
 */
function namedAfterRole(
  tokens: Token[],
  first: number,
  last: number,
  doc: Doc,
): Omit<Source, 'start' | 'end' | 'text'> | null {
  let nameFirst = last;
  while (nameFirst > first && (tokens[nameFirst - 1] as Token).pos === 'PROPN') nameFirst -= 1;
  const role = tokens[nameFirst - 1];
  if (
    nameFirst <= first ||
    !role ||
    role.pos !== 'NOUN' ||
    !startsUppercase((tokens[nameFirst] as Token).text)
  )
    return null;
  const isOrganization =
    entityWords.organizationHeads.has(role.normal) ||
    [
      'group',
      'charity',
      'firm',
      'company',
      'nonprofit',
      'outlet',
      'newspaper',
      'broadcaster',
      'agency',
      'watchdog',
      'regulator',
      'network',
      'website',
      'publisher',
      'organisation',
      'organization',
      'union',
      'party',
      'bank',
      'lender',
      'insurer',
      'retailer',
      'carrier',
      'airline',
      'manufacturer',
      'maker',
      'startup',
    ].includes(role.normal);
  const isPerson = entityWords.titles.has(role.normal);
  if (!isOrganization && !isPerson) return null;
  const nameStart = (tokens[nameFirst] as Token).start;
  const nameEnd = (tokens[last] as Token).end;
  const entity = doc.entities.find((candidate) => candidate.start >= nameStart && candidate.end <= nameEnd);
  const name = entity?.canonical ?? doc.text.slice(nameStart, nameEnd);
  const description = doc.text
    .slice((tokens[first] as Token).start, (tokens[nameFirst - 1] as Token).end)
    .replace(/^(?:the|a|an)\s+/i, '');
  return { name, kind: isOrganization ? 'organization' : 'person', description };
}

const ROLE_VERBS = new Set([
  'is',
  'was',
  'leads',
  'led',
  'heads',
  'headed',
  'runs',
  'ran',
  'chairs',
  'chaired',
  'directs',
  'directed',
  'oversees',
  'oversaw',
  'represents',
  'represented',
  'founded',
  'manages',
  'managed',
  'advises',
  'advised',
]);

/** The appositive after a name: "Alnur Mussayev, a former Kazakh intelligence chief, ..." */
export function appositiveAfter(
  doc: Doc,
  tokens: Token[],
  last: number,
): { text: string; end: number } | null {
  if (tokens[last + 1]?.text !== ',') return null;
  let first = last + 2;
  // "Tomas Veldt, who leads the opposition Civic Alliance," describes him by his role.
  if (tokens[first]?.normal === 'who' && ROLE_VERBS.has(tokens[first + 1]?.normal ?? '')) first += 1;
  const opener = tokens[first];
  if (!opener) return null;
  const startsWell =
    ROLE_VERBS.has(opener.normal) ||
    opener.pos === 'DET' ||
    opener.pos === 'ADJ' ||
    entityWords.titles.has(opener.normal) ||
    entityWords.titleModifiers.has(opener.normal) ||
    (opener.pos === 'PROPN' && isPossessive(tokens[first + 1]));
  if (!startsWell || opener.normal === 'that' || opener.normal === 'this') return null;
  let end = first;
  while (end + 1 < tokens.length && end - first < 14) {
    const next = tokens[end + 1] as Token;
    if (end === first && ROLE_VERBS.has(opener.normal)) {
      end += 1;
      continue;
    }
    if (
      next.text === ',' ||
      next.pos === 'PUNCT' ||
      next.pos === 'VERB' ||
      next.pos === 'AUX' ||
      next.pos === 'SCONJ'
    )
      break;
    if (next.normal === 'and' && tokens[end + 2]?.pos === 'VERB') break;
    end += 1;
  }
  const text = textOf(doc, tokens, first, end);
  return text.split(/\s+/).length >= 2 || entityWords.titles.has(opener.normal) ? { text, end } : null;
}

/** The first and last index of the tokens that lie inside [start, end), or null when none does. */
export function tokensWithin(tokens: Token[], start: number, end: number): [number, number] | null {
  const first = tokens.findIndex((token) => token.start >= start && token.end <= end);
  if (first < 0) return null;
  let last = first;
  while (last + 1 < tokens.length && (tokens[last + 1] as Token).end <= end) last += 1;
  return [first, last];
}

/**
 * Names and types a source phrase a tagger found, in whichever sentence holds it, the way the rules do
 * (pronouns resolved, appositives as descriptions). A name the rules miss because the tagger of parts
 * of speech read it as a word ("Lynch said") is matched to a person or organization the article
 * names elsewhere, or kept as a name when every word is capitalized. Null when the phrase cannot be a
 * source ("it", "this").
 */
export function sourceAtSpan(start: number, end: number, context: SourceContext): Source | null {
  const { doc } = context;
  const sentence = doc.sentences.find((candidate) => candidate.start <= start && start < candidate.end);
  if (!sentence) return null;
  const within = tokensWithin(sentence.tokens, start, end);
  if (!within) return null;
  const { tokens } = sentence;
  const first = within[0];
  const last = endBeforeTime(doc, tokens, first, within[1]);
  const appositive = appositiveAfter(doc, tokens, last);
  const source = classifySource(tokens, first, last, { ...context, sentence }, appositive?.text);
  if (source) return source;
  const phrase = tokens.slice(first, last + 1);
  const nameLike = phrase.every(
    (token) =>
      startsUppercase(token.text) &&
      token.pos !== 'DET' &&
      token.pos !== 'PRON' &&
      !/ing$/.test(token.normal),
  );
  if (!nameLike) return null;
  const span = { start: (tokens[first] as Token).start, end: (tokens[last] as Token).end };
  const text = doc.text.slice(span.start, span.end);
  const known = doc.entities.find(
    (entity) =>
      (entity.type === 'person' || entity.type === 'organization') &&
      (entity.text === text || entity.canonical === text || entity.canonical.endsWith(` ${text}`)),
  );
  const organization = known ? known.type === 'organization' : /^\p{Lu}{2,}$/u.test(text);
  return { ...span, text, name: known?.canonical ?? text, kind: organization ? 'organization' : 'person' };
}
