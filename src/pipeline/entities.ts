import type { Doc, Entity, EntityType, Sentence, TaggedSpan, Token } from '../core/types.ts';
import { isWhiteSpace, startsUppercase } from './characters.ts';
import { entityWords, gazetteer } from './lexicons.ts';
import type { Stage } from './stage.ts';

/** Joins capitalized words inside one name: "Bank of England", "Ministry of the Interior", "Barnes & Noble". */
const CONNECTORS = new Set([
  'of',
  'the',
  'for',
  'and',
  '&',
  'de',
  'del',
  'la',
  'le',
  'van',
  'von',
  'der',
  'bin',
  'al',
  'da',
  'di',
  'du',
]);

interface Mention {
  first: number;
  last: number;
  type: EntityType;
}

/** Opens on an uppercase letter (and so holds a letter). */
function isCapitalized(token: Token): boolean {
  return startsUppercase(token.text);
}

function isAcronym(token: Token): boolean {
  // Most tokens fail on their first character, before the expression.
  return (
    startsUppercase(token.text) &&
    /^(?:\p{Lu}\.?){2,6}$/u.test(token.text) &&
    token.text.replace(/\./g, '').length >= 2
  );
}

/** The token's normal form without a final dot. A test, not an expression: it runs for every word of a name. */
function bare(token: Token): string {
  const { normal } = token;
  return normal.endsWith('.') ? normal.slice(0, -1) : normal;
}

/** A capitalized token that can be part of a name here (a sentence's first word must prove itself). */
function isNameToken(tokens: Token[], index: number): boolean {
  const token = tokens[index];
  if (!token || !isCapitalized(token) || token.pos === 'PUNCT') return false;
  const previous = tokens[index - 1];
  const sentenceInitial = !previous || /^["'\u201C\u2018(\-\u2014:]$/.test(previous.text);
  if (entityWords.nonNameCapitalized.has(token.normal) && (sentenceInitial || token.pos !== 'PROPN'))
    return false;
  if (sentenceInitial) {
    const word = token.normal;
    return (
      token.pos === 'PROPN' ||
      gazetteer.firstNames.has(word) ||
      gazetteer.places.has(word) ||
      isAcronym(token)
    );
  }
  return (
    token.pos === 'PROPN' ||
    token.pos === 'NOUN' ||
    token.pos === 'ADJ' ||
    token.pos === 'VERB' ||
    isAcronym(token)
  );
}

/** Maximal runs of name tokens, joined across connectors when a name token follows them. */
function capitalizedRuns(tokens: Token[]): [number, number][] {
  const runs: [number, number][] = [];
  let index = 0;
  while (index < tokens.length) {
    if (!isNameToken(tokens, index)) {
      index += 1;
      continue;
    }
    const first = index;
    let last = index;
    let cursor = index + 1;
    while (cursor < tokens.length) {
      if (isNameToken(tokens, cursor)) {
        last = cursor;
        cursor += 1;
        continue;
      }
      let bridge = cursor;
      while (bridge < tokens.length && CONNECTORS.has(tokens[bridge]?.normal ?? '') && bridge - cursor < 2)
        bridge += 1;
      if (bridge > cursor && isNameToken(tokens, bridge)) {
        cursor = bridge;
        continue;
      }
      break;
    }
    runs.push([first, last]);
    index = last + 1;
  }
  return runs;
}

function isTitleWord(token: Token): boolean {
  return entityWords.titles.has(token.normal) || entityWords.titleModifiers.has(token.normal);
}

function classifyName(tokens: Token[], first: number, last: number): EntityType | null {
  // Read in place rather than sliced and joined: most names are one word, whose text is already a string.
  const end = Math.min(last, tokens.length - 1);
  const length = end - first + 1;
  const head = tokens[end];
  const lead = tokens[first];
  if (length <= 0 || !head || !lead) return null;
  let phrase = lead.normal;
  for (let index = first + 1; index <= end; index += 1) phrase += ` ${(tokens[index] as Token).normal}`;
  if (length === 1 && entityWords.placeAcronyms.has(head.normal)) return 'place';
  if (
    gazetteer.places.has(phrase) ||
    (phrase.includes('.') && gazetteer.places.has(phrase.replace(/\./g, '')))
  )
    return 'place';
  if (entityWords.organizationHeads.has(bare(head)) || gazetteer.organizations.has(phrase))
    return 'organization';
  if (length === 1 && isAcronym(head)) return 'organization';
  if (gazetteer.firstNames.has(lead.normal) && length >= 2) return 'person';
  if (length >= 2 && length <= 4 && allProperNames(tokens, first, end)) {
    return allPlaces(tokens, first, end) ? 'place' : 'person';
  }
  if (length === 1 && (gazetteer.lastNames.has(head.normal) || gazetteer.firstNames.has(head.normal))) {
    return 'person';
  }
  return null;
}

/** Whether every token from `first` to `last` is a proper noun and not an acronym. */
function allProperNames(tokens: Token[], first: number, last: number): boolean {
  for (let index = first; index <= last; index += 1) {
    const token = tokens[index] as Token;
    if (token.pos !== 'PROPN' || isAcronym(token)) return false;
  }
  return true;
}

/** Whether every token from `first` to `last` is a place's name. */
function allPlaces(tokens: Token[], first: number, last: number): boolean {
  for (let index = first; index <= last; index += 1) {
    if (!gazetteer.places.has((tokens[index] as Token).normal)) return false;
  }
  return true;
}

/** Splits a run into titles, organizations and names: "Former Chairman of the X Committee Alnur Mussayev". */
function segmentRun(tokens: Token[], first: number, last: number): Mention[] {
  const mentions: Mention[] = [];
  let start = first;
  const head = tokens[last] as Token;
  // "Soviet KGB" names the KGB; "Soviet Union" and "Russian Army" keep their adjective.
  const headIsOrganization = entityWords.organizationHeads.has(bare(head)) && !isAcronym(head);
  while (start < last && !headIsOrganization && gazetteer.demonyms.has(tokens[start]?.normal ?? ''))
    start += 1;
  let sawTitle = false;
  while (start <= last && isTitleWord(tokens[start] as Token)) {
    start += 1;
    sawTitle = true;
  }
  while (start <= last && CONNECTORS.has(tokens[start]?.normal ?? '')) start += 1;
  // An organization head ends an organization; what follows it is another name.
  for (let index = start; index <= last; index += 1) {
    const token = tokens[index] as Token;
    const nextIsName = index < last && !CONNECTORS.has(tokens[index + 1]?.normal ?? '');
    if (entityWords.organizationHeads.has(bare(token)) && index > start && nextIsName) {
      mentions.push({ first: start, last: index, type: 'organization' });
      start = index + 1;
      while (start <= last && isTitleWord(tokens[start] as Token)) start += 1;
    }
  }
  if (start > last) return mentions;
  const type = classifyName(tokens, start, last);
  if (type) mentions.push({ first: start, last, type });
  else if (sawTitle && start <= last) mentions.push({ first: start, last, type: 'person' });
  else if (last > start && CONNECTORS.has(tokens[start + 1]?.normal ?? '') === false) {
    // "Soviet KGB", "Kazakh Security": try the run without its first word.
    const rest = classifyName(tokens, start + 1, last);
    if (rest) mentions.push({ first: start + 1, last, type: rest });
  }
  return mentions;
}

/** Month and weekday names, their abbreviations without the dot: what makes a date concrete. */
const DATE_WORDS = [...entityWords.months, ...entityWords.weekdays].map((word) => word.replace('.', ''));

/** Whether a DATE span's text names a concrete date: a number, a month or a weekday. */
function isConcrete(text: string): boolean {
  return /\d/.test(text) || DATE_WORDS.some((word) => text.includes(word));
}

/** The first token starting at or after `offset`, -1 for none. */
function firstTokenFrom(tokens: readonly Token[], offset: number): number {
  for (let index = 0; index < tokens.length; index += 1) {
    if ((tokens[index] as Token).start >= offset) return index;
  }
  return -1;
}

/** The last token ending at or before `offset`, -1 for none. */
function lastTokenUpTo(tokens: readonly Token[], offset: number): number {
  for (let index = tokens.length - 1; index >= 0; index -= 1) {
    if ((tokens[index] as Token).end <= offset) return index;
  }
  return -1;
}

/** Whether token `index` lies inside one of `mentions`. */
function covered(mentions: readonly Mention[], index: number): boolean {
  return insideAny(mentions, index, index);
}

/** Whether tokens `first` to `last` lie inside one of `mentions`. */
function insideAny(mentions: readonly Mention[], first: number, last: number): boolean {
  for (const mention of mentions) if (first >= mention.first && last <= mention.last) return true;
  return false;
}

// Plain loops and no closures over loop variables: a closure that captures one makes the engine
// allocate a scope object on every turn of the loop, for every sentence, which fed the collector.
function dateMentions(sentence: Sentence, doc: Doc, dates: readonly TaggedSpan[]): Mention[] {
  const mentions: Mention[] = [];
  const { tokens } = sentence;
  for (const tagged of dates) {
    if (tagged.start < sentence.start || tagged.end > sentence.end) continue;
    const first = firstTokenFrom(tokens, tagged.start);
    const last = lastTokenUpTo(tokens, tagged.end);
    if (first < 0 || last < first) continue;
    if (isConcrete(doc.normalized.slice(tagged.start, tagged.end).toLowerCase())) {
      mentions.push({ first, last, type: 'date' });
    }
  }
  for (let index = 0; index < tokens.length; index += 1) {
    const { text } = tokens[index] as Token;
    if (
      (text.length === 4 || text.length === 5) &&
      /^(1[5-9]\d\d|20\d\d)s?$/.test(text) &&
      !covered(mentions, index)
    ) {
      mentions.push({ first: index, last: index, type: 'date' });
    }
  }
  return mentions;
}

/** Quoted names introduced as code names or nicknames: under the codename "Krasnov". */
function codenameMentions(sentence: Sentence, normalized: string): Entity[] {
  const text = normalized.slice(sentence.start, sentence.end);
  const entities: Entity[] = [];
  // A code name is quoted: a sentence without quotation marks holds none.
  if (!text.includes('"') && !text.includes("'")) return entities;
  for (const match of text.matchAll(/(["'])((?:\p{Lu}[\p{L}-]*)(?: \p{Lu}[\p{L}-]*){0,2})\1/gu)) {
    const before = text.slice(Math.max(0, (match.index ?? 0) - 30), match.index).toLowerCase();
    if (!entityWords.codenameCues.some((cue) => before.trimEnd().endsWith(cue) || before.includes(`${cue} `)))
      continue;
    const start = sentence.start + (match.index ?? 0) + 1;
    const name = match[2] ?? '';
    entities.push({ start, end: start + name.length, text: name, type: 'codename', canonical: name });
  }
  return entities;
}

function toEntity(doc: { text: string }, tokens: Token[], mention: Mention): Entity {
  const start = (tokens[mention.first] as Token).start;
  const end = (tokens[mention.last] as Token).end;
  const text = doc.text.slice(start, end);
  return { start, end, text, type: mention.type, canonical: text };
}

/** What follows the name's last white space, lower-cased: found from the end, without splitting the name. */
function lastWord(name: string): string {
  let start = name.length;
  while (start > 0 && !isWhiteSpace(name.charCodeAt(start - 1))) start -= 1;
  return name.slice(start).toLowerCase();
}

/**
 * Links short mentions to the fullest name the article uses: "Mussayev" -> "Alnur Mussayev".
 * Unclassified single capitalized words that match a known person's surname become that person.
 */
function linkNames(entities: Entity[], fullNames: Entity[]): Entity[] {
  // The longest full name ending in each last word; of names equally long, the first in the article.
  const fullest = new Map<string, Entity>();
  for (const candidate of fullNames) {
    const word = lastWord(candidate.text);
    const held = fullest.get(word);
    if (!held || candidate.text.length > held.text.length) fullest.set(word, candidate);
  }
  return entities.map((entity) => {
    if (entity.type !== 'person' && entity.type !== 'organization') return entity;
    const fuller = fullest.get(lastWord(entity.text));
    return fuller && fuller.text.length > entity.text.length
      ? { ...entity, type: 'person', canonical: fuller.canonical }
      : entity;
  });
}

/**
 * Finds people, organizations, places, dates and code names. Rules over capitalization and part of
 * speech, with titles, organization heads and a gazetteer of names and places.
 */
export const entitiesStage: Stage = {
  name: 'entities',
  after: ['sentences'],
  run(doc) {
    const found: Entity[] = [];
    const unresolved: Entity[] = [];
    // wink's DATE spans, in text order; the other tags (numbers, times) are no entities here.
    const dateSpans = doc.tagged.filter((tagged) => tagged.tag === 'DATE');
    for (const sentence of doc.sentences) {
      const { tokens } = sentence;
      const dates = dateMentions(sentence, doc, dateSpans);
      const codenames = codenameMentions(sentence, doc.normalized);
      const taken = (start: number, end: number) =>
        codenames.some((entity) => start < entity.end && entity.start < end);
      for (const mention of dates) found.push(toEntity(doc, tokens, mention));
      found.push(...codenames);
      for (const [first, last] of capitalizedRuns(tokens)) {
        if (insideAny(dates, first, last)) continue;
        const mentions = segmentRun(tokens, first, last);
        for (const mention of mentions) {
          const entity = toEntity(doc, tokens, mention);
          if (!taken(entity.start, entity.end)) found.push(entity);
        }
        if (mentions.length === 0 && first === last) {
          const token = tokens[first] as Token;
          if (!taken(token.start, token.end) && token.pos === 'PROPN') {
            unresolved.push({
              start: token.start,
              end: token.end,
              text: token.text,
              type: 'person',
              canonical: token.text,
            });
          }
        }
      }
    }
    const fullNames = found.filter((entity) => entity.type === 'person' && entity.text.includes(' '));
    // A lone capitalized word is kept only when it turns out to be the surname of a named person.
    const resolved = linkNames(unresolved, fullNames).filter((entity) => entity.canonical !== entity.text);
    const entities = [...linkNames(found, fullNames), ...resolved].sort((a, b) => a.start - b.start);
    return { ...doc, entities };
  },
};
