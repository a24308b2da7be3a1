/**
 * Two stemmers for claim matching. Porter's (1980) algorithm is the default: claims about the same
 * event are retold with different inflections and derivations ("legalized" / "legalization",
 * "arrested" / "arrests", "killing" / "killed"), and Porter's steps 2-4 conflate those where a plural
 * stripper cannot. Its known over-stemming ("university" / "universe") costs little here because the
 * re-ranker also sees exact word overlap. The S-stemmer (Harman 1991: plurals only) is kept as the
 * conservative alternative the evaluation compares against.
 */

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u']);

function isConsonant(word: string, index: number): boolean {
  const letter = word[index] as string;
  if (VOWELS.has(letter)) return false;
  if (letter === 'y') return index === 0 || !isConsonant(word, index - 1);
  return true;
}

/** Porter's m: the number of vowel-consonant sequences in `stem`. */
function measure(stem: string): number {
  let count = 0;
  let index = 0;
  const length = stem.length;
  while (index < length && isConsonant(stem, index)) index += 1;
  while (index < length) {
    while (index < length && !isConsonant(stem, index)) index += 1;
    if (index >= length) break;
    while (index < length && isConsonant(stem, index)) index += 1;
    count += 1;
  }
  return count;
}

function hasVowel(stem: string): boolean {
  for (let index = 0; index < stem.length; index += 1) if (!isConsonant(stem, index)) return true;
  return false;
}

function endsWithDoubleConsonant(word: string): boolean {
  const length = word.length;
  return length >= 2 && word[length - 1] === word[length - 2] && isConsonant(word, length - 1);
}

/** Consonant-vowel-consonant at the end, the last not w, x or y ("hop", not "snow"). */
function endsWithShortSyllable(word: string): boolean {
  const length = word.length;
  if (length < 3) return false;
  const last = word[length - 1] as string;
  return (
    isConsonant(word, length - 3) &&
    !isConsonant(word, length - 2) &&
    isConsonant(word, length - 1) &&
    last !== 'w' &&
    last !== 'x' &&
    last !== 'y'
  );
}

/** Replaces the first matching suffix when the stem left has a measure above `minimumMeasure`. */
function replaceSuffix(word: string, rules: readonly (readonly [string, string])[], minimumMeasure: number) {
  for (const [suffix, replacement] of rules) {
    if (word.endsWith(suffix)) {
      const stem = word.slice(0, word.length - suffix.length);
      return measure(stem) > minimumMeasure ? stem + replacement : word;
    }
  }
  return word;
}

const STEP_2: readonly (readonly [string, string])[] = [
  ['ational', 'ate'],
  ['tional', 'tion'],
  ['enci', 'ence'],
  ['anci', 'ance'],
  ['izer', 'ize'],
  ['bli', 'ble'],
  ['alli', 'al'],
  ['entli', 'ent'],
  ['eli', 'e'],
  ['ousli', 'ous'],
  ['ization', 'ize'],
  ['ation', 'ate'],
  ['ator', 'ate'],
  ['alism', 'al'],
  ['iveness', 'ive'],
  ['fulness', 'ful'],
  ['ousness', 'ous'],
  ['aliti', 'al'],
  ['iviti', 'ive'],
  ['biliti', 'ble'],
  ['logi', 'log'],
];

const STEP_3: readonly (readonly [string, string])[] = [
  ['icate', 'ic'],
  ['ative', ''],
  ['alize', 'al'],
  ['iciti', 'ic'],
  ['ical', 'ic'],
  ['ful', ''],
  ['ness', ''],
];

const STEP_4 = [
  'al',
  'ance',
  'ence',
  'er',
  'ic',
  'able',
  'ible',
  'ant',
  'ement',
  'ment',
  'ent',
  'ion',
  'ou',
  'ism',
  'ate',
  'iti',
  'ous',
  'ive',
  'ize',
];

function step1(word: string): string {
  let result = word;
  if (result.endsWith('sses')) result = result.slice(0, -2);
  else if (result.endsWith('ies')) result = result.slice(0, -2);
  else if (result.endsWith('s') && !result.endsWith('ss')) result = result.slice(0, -1);

  let stripped = false;
  if (result.endsWith('eed')) {
    if (measure(result.slice(0, -3)) > 0) result = result.slice(0, -1);
  } else if (result.endsWith('ed') && hasVowel(result.slice(0, -2))) {
    result = result.slice(0, -2);
    stripped = true;
  } else if (result.endsWith('ing') && hasVowel(result.slice(0, -3))) {
    result = result.slice(0, -3);
    stripped = true;
  }
  if (stripped) {
    if (result.endsWith('at') || result.endsWith('bl') || result.endsWith('iz')) result += 'e';
    else if (endsWithDoubleConsonant(result) && !/[lsz]$/.test(result)) result = result.slice(0, -1);
    else if (measure(result) === 1 && endsWithShortSyllable(result)) result += 'e';
  }
  if (result.endsWith('y') && hasVowel(result.slice(0, -1))) result = `${result.slice(0, -1)}i`;
  return result;
}

function step4(word: string): string {
  for (const suffix of STEP_4) {
    if (!word.endsWith(suffix)) continue;
    const stem = word.slice(0, word.length - suffix.length);
    if (measure(stem) <= 1) return word;
    if (suffix === 'ion' && !/[st]$/.test(stem)) return word;
    return stem;
  }
  return word;
}

function step5(word: string): string {
  let result = word;
  if (result.endsWith('e')) {
    const stem = result.slice(0, -1);
    const stemMeasure = measure(stem);
    if (stemMeasure > 1 || (stemMeasure === 1 && !endsWithShortSyllable(stem))) result = stem;
  }
  if (measure(result) > 1 && endsWithDoubleConsonant(result) && result.endsWith('l')) {
    result = result.slice(0, -1);
  }
  return result;
}

/**
 * Porter's stemmer for one lower-case word; words of one or two letters and words with digits are
 * returned unchanged.
 *
 * @example
 * porterStem('legalization'); // 'legal'
 * porterStem('arrested'); // 'arrest'
 */
export function porterStem(word: string): string {
  if (word.length <= 2 || /[^a-z]/.test(word)) return word;
  let result = step1(word);
  result = replaceSuffix(result, STEP_2, 0);
  result = replaceSuffix(result, STEP_3, 0);
  result = step4(result);
  return step5(result);
}

/**
 * Harman's S-stemmer: strips plural endings only ("ies" to "y", "es" to "e", "s" to nothing) unless
 * the word ends in a form that is rarely plural ("aes", "ees", "oes", "ss", "us").
 *
 * @example
 * sStem('policies'); // 'policy'
 */
export function sStem(word: string): string {
  if (word.length <= 3 || /[^a-z]/.test(word)) return word;
  if (word.endsWith('ies') && !word.endsWith('eies') && !word.endsWith('aies')) {
    return `${word.slice(0, -3)}y`;
  }
  if (word.endsWith('es') && !/(?:aes|ees|oes)$/.test(word)) return word.slice(0, -1);
  if (word.endsWith('s') && !/(?:us|ss)$/.test(word)) return word.slice(0, -1);
  return word;
}

export type StemmerName = 'porter' | 's' | 'none';

/** The stemmer function for a name; `none` returns words unchanged. */
export function stemmerFor(name: StemmerName): (word: string) => string {
  if (name === 'porter') return porterStem;
  if (name === 's') return sStem;
  return (word) => word;
}
