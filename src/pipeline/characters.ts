/**
 * Character tests asked of nearly every token, answered from the character codes when the text is
 * ASCII. A Unicode-aware regular expression costs several times more per call than reading a code or
 * two, and most tokens of English news are ASCII; any other text goes to the expression, so the answer
 * is always the expression's.
 */

const UPPERCASE_FIRST = /^\p{Lu}/u;
const LETTER = /\p{L}/u;
const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;

function isAsciiUppercase(code: number): boolean {
  return code >= 65 && code <= 90;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/**
 * Whether `text` opens on an uppercase letter: `/^\p{Lu}/u.test(text)`.
 *
 * @example
 * startsUppercase('Trump'); // true
 * startsUppercase('Émile'); // true
 */
export function startsUppercase(text: string): boolean {
  const code = text.charCodeAt(0);
  // NaN (empty text) fails every comparison and is not ASCII either way.
  if (code < 128) return isAsciiUppercase(code);
  return UPPERCASE_FIRST.test(text);
}

/** Whether `text` holds a letter: `/\p{L}/u.test(text)`. */
export function hasLetter(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code >= 128) return LETTER.test(text);
    if (isAsciiLetter(code)) return true;
  }
  return false;
}

/** Whether `text` holds a letter or a number: `/[\p{L}\p{N}]/u.test(text)`. */
export function hasLetterOrNumber(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code >= 128) return LETTER_OR_NUMBER.test(text);
    if (isAsciiLetter(code) || (code >= 48 && code <= 57)) return true;
  }
  return false;
}

/**
 * Whether a character at or above U+00A0 is a Unicode space: no-break, ogham, the en quad to hair
 * spaces, line and paragraph separators, narrow no-break, medium mathematical and ideographic spaces.
 */
export function isUnicodeSpace(code: number): boolean {
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** The white space `\s` matches and `trim` removes: ASCII spaces and line breaks, and Unicode's. */
export function isWhiteSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return code >= 0xa0 && (isUnicodeSpace(code) || code === 0xfeff);
}
