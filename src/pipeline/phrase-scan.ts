import type { PhraseMatch } from './phrase-matcher.ts';

/**
 * A scan for lexicon phrases that finds exactly what the phrase matcher's regular expression finds,
 * `(?<![\p{L}\p{N}'-])(?:phrase|...)(?![\p{L}\p{N}-])` with the `giu` flags and `\s+` between words,
 * without the expression: V8 tries every phrase at every word of the text, while a trie of the phrases
 * reads each word once. Which characters match which under the `i` and `u` flags, and which are letters,
 * numbers or spaces, is asked of the regular expression engine itself, once, for every character of the
 * Basic Multilingual Plane, so no case or category rule is written out by hand here.
 */

/** Every character of the Basic Multilingual Plane except surrogates, which never match a phrase letter. */
function planeText(): string {
  const codes = new Uint16Array(0x10000 - 0x800);
  for (let index = 0; index < codes.length; index += 1) codes[index] = index < 0xd800 ? index : index + 0x800;
  const pieces: string[] = [];
  for (let from = 0; from < codes.length; from += 0x1000) {
    pieces.push(String.fromCharCode(...codes.subarray(from, from + 0x1000)));
  }
  return pieces.join('');
}

const PLANE = planeText();

/** 1 for each BMP character that `expression` (a one-character class with the `g` flag) matches. */
function characterTable(expression: RegExp): Uint8Array {
  const table = new Uint8Array(0x10000);
  for (const match of PLANE.matchAll(expression)) table[match[0].charCodeAt(0)] = 1;
  return table;
}

const SPACE = characterTable(/\s/gu);
/** Characters that, before a phrase, make it part of a longer word. */
const WORD_BEFORE = characterTable(/[\p{L}\p{N}'-]/giu);
/** Characters that, after a phrase, make it part of a longer word. */
const WORD_AFTER = characterTable(/[\p{L}\p{N}-]/giu);

function isSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdfff;
}

/** Whether a phrase may start / end at an index: the phrase expression's lookbehind and lookahead. */
interface WordEdges {
  startsWord(text: string, index: number): boolean;
  endsWord(text: string, index: number): boolean;
}

function wordEdges(): WordEdges {
  // A surrogate starts or ends a character outside the plane; those few checks go to the engine itself.
  const openBefore = /(?<![\p{L}\p{N}'-])/iuy;
  const openAfter = /(?![\p{L}\p{N}-])/iuy;
  const holds = (assertion: RegExp, text: string, index: number) => {
    assertion.lastIndex = index;
    return assertion.test(text);
  };
  return {
    startsWord(text, index) {
      if (index === 0) return true;
      const code = text.charCodeAt(index - 1);
      return isSurrogate(code) ? holds(openBefore, text, index) : WORD_BEFORE[code] === 0;
    },
    endsWord(text, index) {
      if (index >= text.length) return true;
      const code = text.charCodeAt(index);
      return isSurrogate(code) ? holds(openAfter, text, index) : WORD_AFTER[code] === 0;
    },
  };
}

/** The class of every BMP character: which phrase character it matches under `iu`, 0 for none. */
function characterClasses(characters: string[]): { classOf: Uint8Array; classCount: number } | null {
  const classOfCharacter: number[] = [];
  const same = characters.map(
    (character) => new RegExp(`^\\u{${character.charCodeAt(0).toString(16)}}$`, 'iu'),
  );
  let classCount = 1;
  characters.forEach((character, index) => {
    const earlier = same.findIndex(
      (expression, otherIndex) => otherIndex < index && expression.test(character),
    );
    classOfCharacter.push(earlier >= 0 ? (classOfCharacter[earlier] as number) : classCount++);
  });
  if (classCount > 0xff) return null;
  const escaped = characters.map((character) => `\\u{${character.charCodeAt(0).toString(16)}}`).join('');
  const classOf = new Uint8Array(0x10000);
  for (const match of PLANE.matchAll(new RegExp(`[${escaped}]`, 'giu'))) {
    const unit = match[0];
    const index = same.findIndex((expression) => expression.test(unit));
    classOf[unit.charCodeAt(0)] = classOfCharacter[index] as number;
  }
  return { classOf, classCount };
}

/** A trie of phrases over character classes, with the phrases (by list and order) ending at each node. */
interface PhraseTrie {
  /** `nodes * width` child ids; column 0 is the run of spaces between two words, 0 is no child. */
  transitions: Int32Array;
  width: number;
  /** The phrases ending at node `n` are entries `endsFrom[n]` to `endsFrom[n + 1]` of the two below. */
  endsFrom: Int32Array;
  endList: Int32Array;
  endOrder: Int32Array;
}

function buildTrie(lists: readonly (readonly string[][])[], classOf: Uint8Array, width: number): PhraseTrie {
  let transitions = new Int32Array(width * 64);
  let nodes = 1;
  const child = (node: number, column: number): number => {
    const existing = transitions[node * width + column] as number;
    if (existing !== 0) return existing;
    if ((nodes + 1) * width > transitions.length) {
      const grown = new Int32Array(transitions.length * 2);
      grown.set(transitions);
      transitions = grown;
    }
    transitions[node * width + column] = nodes;
    return nodes++;
  };
  // Per node, the first phrase of each list that ends there: the expression tries phrases in list order.
  const ends = new Map<number, Map<number, number>>();
  lists.forEach((phrases, list) => {
    phrases.forEach((parts, order) => {
      let node = 0;
      parts.forEach((part, partIndex) => {
        if (partIndex > 0) node = child(node, 0);
        for (const character of part) node = child(node, classOf[character.charCodeAt(0)] as number);
      });
      const here = ends.get(node) ?? new Map<number, number>();
      if (!here.has(list)) here.set(list, order);
      ends.set(node, here);
    });
  });
  const endsFrom = new Int32Array(nodes + 1);
  const endList: number[] = [];
  const endOrder: number[] = [];
  for (let node = 0; node < nodes; node += 1) {
    endsFrom[node] = endList.length;
    for (const [list, order] of ends.get(node) ?? []) {
      endList.push(list);
      endOrder.push(order);
    }
  }
  endsFrom[nodes] = endList.length;
  return {
    transitions,
    width,
    endsFrom,
    endList: Int32Array.from(endList),
    endOrder: Int32Array.from(endOrder),
  };
}

/**
 * One scan of `text` for several phrase lists at once, giving for each list exactly the matches of its
 * own expression (where two phrases of a list match at one position, the earlier in the list wins, as
 * the expression's alternation does). Null when a phrase is one the scan does not handle (empty,
 * opening or closing on a space, or with a character outside the plane); the caller keeps the
 * expression then.
 */
export function createPhraseScan(
  lists: readonly (readonly string[])[],
): ((text: string) => PhraseMatch[][]) | null {
  const split = lists.map((phrases) => phrases.map((phrase) => phrase.split(/\s+/)));
  if (split.some((phrases) => phrases.some((parts) => parts.some((part) => part === '')))) return null;
  const characters = [...new Set(split.flat().flatMap((parts) => [...parts.join('')]))];
  if (characters.some((character) => character.length !== 1 || isSurrogate(character.charCodeAt(0)))) {
    return null;
  }
  const classes = characterClasses(characters);
  if (!classes) return null;
  const { classOf, classCount } = classes;
  const { transitions: table, width, endsFrom, endList, endOrder } = buildTrie(split, classOf, classCount);
  const { startsWord, endsWord } = wordEdges();
  const listCount = lists.length;
  // Scratch for one scan, made once and reset at the start of each: short texts (a sentence) cost more to
  // allocate these for than to scan. No scan calls out while it runs, so one set serves every call.
  // Where each list's own search goes on from: after its last match, as a global expression does.
  const resume = new Int32Array(listCount);
  const best = new Int32Array(listCount);
  const bestEnd = new Int32Array(listCount);
  // The position `best` and `bestEnd` of a list were found at: older entries are stale, so none are reset.
  const bestAt = new Int32Array(listCount);
  return (text: string) => {
    const found: PhraseMatch[][] = [];
    for (let list = 0; list < listCount; list += 1) found.push([]);
    resume.fill(0);
    bestAt.fill(-1);
    const length = text.length;
    let previous = 0x20;
    for (let start = 0; start < length; start += 1) {
      const before = previous;
      previous = text.charCodeAt(start);
      // Inside a word most characters fail here, on the character before, without a call.
      if (WORD_BEFORE[before] === 1) continue;
      const first = classOf[previous] as number;
      if (first === 0 || table[first] === 0 || !startsWord(text, start)) continue;
      let matched = false;
      let node = 0;
      let index = start;
      while (index < length) {
        const code = text.charCodeAt(index);
        if (SPACE[code] === 1) {
          node = table[node * width] as number;
          if (node === 0) break;
          while (index < length && SPACE[text.charCodeAt(index)] === 1) index += 1;
          continue;
        }
        const column = classOf[code] as number;
        node = column === 0 ? 0 : (table[node * width + column] as number);
        if (node === 0) break;
        index += 1;
        const last = endsFrom[node + 1] as number;
        let edgeChecked = false;
        let edge = false;
        for (let entry = endsFrom[node] as number; entry < last; entry += 1) {
          const list = endList[entry] as number;
          const order = endOrder[entry] as number;
          if ((resume[list] as number) > start) continue;
          if (bestAt[list] === start && (best[list] as number) < order) continue;
          if (!edgeChecked) {
            edge = endsWord(text, index);
            edgeChecked = true;
          }
          if (!edge) continue;
          best[list] = order;
          bestEnd[list] = index;
          bestAt[list] = start;
          matched = true;
        }
      }
      if (!matched) continue;
      for (let list = 0; list < listCount; list += 1) {
        if (bestAt[list] !== start) continue;
        const end = bestEnd[list] as number;
        (found[list] as PhraseMatch[]).push({ start, end });
        resume[list] = end;
      }
    }
    return found;
  };
}
