/**
 * The conversion marks characters instead of rewriting the string: `blanked` characters become
 * spaces in the result, `shielded` ones (code, escaped characters) are kept but hidden from later
 * syntax patterns. Newlines are never blanked, so lines stay where they were.
 */
interface Marks {
  source: string;
  blanked: Uint8Array;
  shielded: Uint8Array;
}

// Bounds on every repeated part of an inline pattern keep a pathological paragraph (thousands of
// unclosed brackets or asterisks) linear instead of quadratic.
const CODE_SPAN = /(?<!`)(`+)(?!`)([\s\S]{0,2000}?[^`])\1(?!`)/g;
const ESCAPE = /\\[!-/:-@[-`{-~]/g;
const AUTOLINK =
  /<((?:https?|ftp|mailto):[^\s<>]{1,2000}|[^\s<>@]{1,200}@[^\s<>@]{1,200}\.[^\s<>@]{1,50})>/gi;
const INLINE_TAG = /<\/?[A-Za-z][A-Za-z0-9-]{0,30}(?:\s[^<>]{0,1000})?\/?>/g;
const DESTINATION = String.raw`(?:<[^<>\n]{0,2000}>|[^()\s]{0,2000}(?:\([^()\s]{0,500}\)[^()\s]{0,2000})?)`;
const TITLE = String.raw`(?:\s+(?:"[^"]{0,500}"|'[^']{0,500}'|\([^()]{0,500}\)))?`;
const LINK_TEXT = String.raw`((?:[^[\]]|\[[^[\]]{0,500}\]){0,1000})`;
const IMAGE = new RegExp(
  String.raw`!\[${LINK_TEXT}\](?:\(\s*${DESTINATION}${TITLE}\s*\)|\[[^[\]]{0,200}\])`,
  'g',
);
const INLINE_LINK = new RegExp(String.raw`\[${LINK_TEXT}\]\(\s*${DESTINATION}${TITLE}\s*\)`, 'g');
const REFERENCE_LINK = /\[((?:[^[\]]|\[[^[\]]{0,500}\]){1,1000})\]\[([^[\]]{0,200})\]/g;
const FOOTNOTE_REFERENCE = /\[\^[^\]\s]{1,100}\]/g;
const SHORTCUT_LINK = /(?<![\]\\])\[([^[\]]{1,1000})\](?![[(:])/g;
const EMPHASIS = [
  /(?<!\*)(\*{1,3})(?=[^\s*])([\s\S]{0,1000}?[^\s*])\1(?!\*)/g,
  /(?<![\p{L}\p{N}_])(_{1,3})(?=[^\s_])([\s\S]{0,1000}?[^\s_])\1(?![\p{L}\p{N}_])/gu,
  /(?<!~)(~~?)(?=[^\s~])([\s\S]{0,1000}?[^\s~])\1(?!~)/g,
];

const FRONT_MATTER = /^---[ \t]*\r?\n[\s\S]*?\r?\n(?:---|\.\.\.)[ \t]*(?=\r?\n|$)/;
const HTML_COMMENT = /<!--[\s\S]*?-->/g;
const QUOTE_PREFIX = /^ {0,3}(?:>[ \t]?)+/;
const FENCE_OPEN = /^ {0,3}(`{3,}(?=[^`]*$)|~{3,})/;
const DEFINITION = /^ {0,3}\[(\^?)([^\]]{1,200})\]:(?=[ \t]|$)/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(?:=+|-+)[ \t]*$/;
const HEADING = /^ {0,3}(#{1,6})(?=[ \t]|$)/;
const CLOSING_HASHES = /[ \t](#+)[ \t]*$/;
const LIST_MARKER = /^[ \t]*([-*+]|\d{1,9}[.)])(?=[ \t]|$)/;
const TASK_BOX = /^[ \t]+(\[[ xX]\])(?=[ \t])/;
const TABLE_DELIMITER = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

function blankRange(marks: Marks, start: number, end: number): void {
  for (let index = start; index < end; index++) {
    const character = marks.source.charCodeAt(index);
    if (character !== 0x0a && character !== 0x0d) marks.blanked[index] = 1;
  }
}

function shieldRange(marks: Marks, start: number, end: number): void {
  for (let index = start; index < end; index++) marks.shielded[index] = 1;
}

/** Builds a same-length string from the source, with runs of marked characters replaced by `filler`. */
function render(marks: Marks, filler: (index: number) => string | undefined): string {
  const parts: string[] = [];
  let runStart = 0;
  for (let index = 0; index < marks.source.length; index++) {
    const replacement = filler(index);
    if (replacement === undefined) continue;
    parts.push(marks.source.slice(runStart, index), replacement);
    runStart = index + 1;
  }
  parts.push(marks.source.slice(runStart));
  return parts.join('');
}

/** The text later patterns see: blanked characters as spaces, shielded ones as a neutral letter. */
function workingText(marks: Marks): string {
  return render(marks, (index) => {
    if (marks.blanked[index]) return ' ';
    if (!marks.shielded[index]) return undefined;
    const character = marks.source.charCodeAt(index);
    return character === 0x0a || character === 0x0d ? undefined : 'x';
  });
}

interface Line {
  start: number;
  text: string;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (const match of text.matchAll(/\n/g)) {
    lines.push({ start, text: text.slice(start, match.index).replace(/\r$/, '') });
    start = match.index + 1;
  }
  lines.push({ start, text: text.slice(start).replace(/\r$/, '') });
  return lines;
}

function blankPipes(marks: Marks, line: Line): void {
  for (let index = 0; index < line.text.length; index++) {
    if (line.text[index] === '|' && line.text[index - 1] !== '\\') {
      blankRange(marks, line.start + index, line.start + index + 1);
    }
  }
}

/**
 * Line by line: fences, quote markers, headings, rules, list markers, tables and link definitions.
 * Returns the labels of link reference definitions, which make `[text]` a link.
 */
function markBlocks(marks: Marks, text: string): Set<string> {
  const definitions = new Set<string>();
  const lines = splitLines(text);
  let fence: { marker: string; length: number } | undefined;
  let previousIsParagraph = false;
  let inTable = false;
  for (const [lineIndex, line] of lines.entries()) {
    const end = line.start + line.text.length;
    if (fence) {
      const closing = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line.text.replace(QUOTE_PREFIX, ''));
      if (closing?.[1]?.[0] === fence.marker && closing[1].length >= fence.length) {
        blankRange(marks, line.start, end);
        fence = undefined;
      } else {
        shieldRange(marks, line.start, end);
      }
      continue;
    }
    const quote = QUOTE_PREFIX.exec(line.text)?.[0] ?? '';
    blankRange(marks, line.start, line.start + quote.length);
    const rest = line.text.slice(quote.length);
    const restStart = line.start + quote.length;
    const isParagraph = rest.trim() !== '';
    const blankRest = () => blankRange(marks, restStart, end);

    if (inTable && rest.includes('|')) {
      blankPipes(marks, line);
      previousIsParagraph = false;
      continue;
    }
    inTable = false;
    const opening = FENCE_OPEN.exec(rest);
    const definition = DEFINITION.exec(rest);
    const heading = HEADING.exec(rest);
    if (opening?.[1]) {
      fence = { marker: opening[1][0] as string, length: opening[1].length };
      blankRest();
    } else if (definition?.[2] && definition[1] === '^') {
      // A footnote definition's text is article text; only its label is syntax.
      blankRange(marks, restStart, restStart + definition[0].length);
    } else if (definition?.[2]) {
      definitions.add(definition[2].trim().toLowerCase());
      blankRest();
    } else if (RULE.test(rest) || (previousIsParagraph && SETEXT_UNDERLINE.test(rest))) {
      blankRest();
    } else if (rest.includes('|') && rest.includes('-') && TABLE_DELIMITER.test(rest)) {
      const header = lines[lineIndex - 1];
      if (header?.text.includes('|')) blankPipes(marks, header);
      blankRest();
      inTable = true;
    } else if (heading?.[1]) {
      const hashesStart = restStart + heading[0].length - heading[1].length;
      blankRange(marks, hashesStart, hashesStart + heading[1].length);
      const closing = CLOSING_HASHES.exec(rest.slice(heading[0].length));
      if (closing?.[1]) blankRange(marks, end - closing[0].length, end);
    } else {
      const marker = LIST_MARKER.exec(rest);
      if (marker?.[1]) {
        blankRange(marks, restStart + marker[0].length - marker[1].length, restStart + marker[0].length);
        const box = TASK_BOX.exec(rest.slice(marker[0].length));
        if (box?.[1]) {
          const boxEnd = restStart + marker[0].length + box[0].length;
          blankRange(marks, boxEnd - box[1].length, boxEnd);
        }
      }
    }
    previousIsParagraph = isParagraph && !opening && !heading;
  }
  return definitions;
}

/** Runs `visit` on each match of `pattern` in each paragraph, so no inline syntax spans paragraphs. */
function eachMatch(text: string, pattern: RegExp, visit: (match: RegExpExecArray, offset: number) => void) {
  for (const paragraph of text.matchAll(/(?:[^\n]|\n(?![ \t]*\r?\n))+/g)) {
    for (const match of paragraph[0].matchAll(pattern)) visit(match, paragraph.index + match.index);
  }
}

/** Blanks the delimiters of a match whose group `inner` is kept: `before` text, kept text, `after` text. */
function blankAround(
  marks: Marks,
  match: RegExpExecArray,
  offset: number,
  innerStart: number,
  innerEnd: number,
) {
  blankRange(marks, offset, offset + innerStart);
  blankRange(marks, offset + innerEnd, offset + match[0].length);
}

function markInline(marks: Marks, definitions: Set<string>): void {
  eachMatch(workingText(marks), CODE_SPAN, (match, offset) => {
    const fence = match[1]?.length ?? 0;
    blankAround(marks, match, offset, fence, match[0].length - fence);
    shieldRange(marks, offset + fence, offset + match[0].length - fence);
  });
  eachMatch(workingText(marks), ESCAPE, (_match, offset) => {
    blankRange(marks, offset, offset + 1);
    shieldRange(marks, offset + 1, offset + 2);
  });
  eachMatch(workingText(marks), AUTOLINK, (match, offset) => {
    blankAround(marks, match, offset, 1, match[0].length - 1);
    shieldRange(marks, offset + 1, offset + match[0].length - 1);
  });
  for (const pattern of [INLINE_TAG, IMAGE, FOOTNOTE_REFERENCE]) {
    eachMatch(workingText(marks), pattern, (match, offset) =>
      blankRange(marks, offset, offset + match[0].length),
    );
  }
  for (const pattern of [INLINE_LINK, REFERENCE_LINK]) {
    eachMatch(workingText(marks), pattern, (match, offset) => {
      blankAround(marks, match, offset, 1, 1 + (match[1]?.length ?? 0));
    });
  }
  if (definitions.size > 0) {
    eachMatch(workingText(marks), SHORTCUT_LINK, (match, offset) => {
      if (definitions.has((match[1] ?? '').trim().toLowerCase())) {
        blankAround(marks, match, offset, 1, match[0].length - 1);
      }
    });
  }
  // Nested emphasis (**bold *and italic***) needs a pass per level; each pass removes the outer pair.
  for (let pass = 0; pass < 4; pass++) {
    let found = false;
    for (const pattern of EMPHASIS) {
      eachMatch(workingText(marks), pattern, (match, offset) => {
        const delimiter = match[1]?.length ?? 0;
        blankAround(marks, match, offset, delimiter, match[0].length - delimiter);
        found = true;
      });
    }
    if (!found) break;
  }
}

/**
 * Turns Markdown into plain text of exactly the same length, with Markdown syntax replaced by
 * spaces, so that an offset into the result is the same offset into the Markdown. Blanked: heading
 * `#`s, emphasis `*`, `_` and `~~`, link syntax around the link text, images, inline code backticks,
 * block quote `>`s, list bullets and numbers, task boxes, horizontal rules, table pipes, HTML tags
 * and comments, code fences and YAML front matter. Newlines, and the text inside code, stay as they
 * are.
 *
 * @example
 * markdownToText('## Vote\n**Mayor** [said](https://example.org) no')
 * // '   Vote\n  Mayor    said                       no'
 */
export function markdownToText(markdown: string): string {
  const marks: Marks = {
    source: markdown,
    blanked: new Uint8Array(markdown.length),
    shielded: new Uint8Array(markdown.length),
  };
  const frontMatter = FRONT_MATTER.exec(markdown);
  if (frontMatter) blankRange(marks, 0, frontMatter[0].length);
  for (const comment of markdown.matchAll(HTML_COMMENT)) {
    blankRange(marks, comment.index, comment.index + comment[0].length);
  }
  const definitions = markBlocks(marks, workingText(marks));
  markInline(marks, definitions);
  return render(marks, (index) => (marks.blanked[index] ? ' ' : undefined));
}
