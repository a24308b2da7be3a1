/**
 * HTML handled as a string, for pages no DOM should be built for. Every pattern here stops at the
 * next `<` or `>`, so hostile input (a million unclosed tags) costs linear time.
 */

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ndash: '–',
  mdash: '—',
  lsquo: '‘',
  rsquo: '’',
  sbquo: '‚',
  ldquo: '“',
  rdquo: '”',
  bdquo: '„',
  laquo: '«',
  raquo: '»',
  hellip: '…',
  bull: '•',
  middot: '·',
  copy: '©',
  reg: '®',
  trade: '™',
  deg: '°',
  euro: '€',
  pound: '£',
  yen: '¥',
  cent: '¢',
  sect: '§',
  para: '¶',
  times: '×',
  divide: '÷',
  eacute: 'é',
  egrave: 'è',
  aacute: 'á',
  agrave: 'à',
  iacute: 'í',
  oacute: 'ó',
  uacute: 'ú',
  ntilde: 'ñ',
  ccedil: 'ç',
  auml: 'ä',
  ouml: 'ö',
  uuml: 'ü',
  szlig: 'ß',
};

/** Elements whose content is never text to read (and may contain `<` freely). */
const RAW_TEXT_ELEMENTS = ['script', 'style', 'noscript', 'template', 'svg'];

/** Elements that do not nest: void elements, and ones whose end tag is usually left out. */
const NON_NESTING = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
  'p',
  'li',
  'dt',
  'dd',
  'tr',
  'td',
  'th',
  'option',
]);

const BLOCK_TAG =
  /<\/?(?:p|div|h[1-6]|li|ul|ol|dl|dt|dd|blockquote|pre|article|section|header|footer|nav|main|aside|figure|figcaption|table|tr|td|th|form|address|hr)\b[^<>]*>/gi;

/**
 * Decodes character references: the common named ones and all numeric ones. Unknown names stay as
 * written, which is what a reader would see anyway.
 *
 * @example decodeEntities('Fish &amp; chips &#8211; &ldquo;cheap&rdquo;') // 'Fish & chips – “cheap”'
 */
export function decodeEntities(text: string): string {
  return text.replace(
    /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z]{2,8}));/g,
    (entity, decimal, hex, name) => {
      if (name !== undefined)
        return Object.hasOwn(NAMED_ENTITIES, name) ? (NAMED_ENTITIES[name] as string) : entity;
      const code = decimal !== undefined ? Number(decimal) : Number.parseInt(hex, 16);
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
      return String.fromCodePoint(code);
    },
  );
}

/** How big and how deep a page's element tree is. */
export interface MarkupShape {
  /** The deepest nesting of elements. */
  depth: number;
  /** How many start tags the page has. */
  elements: number;
  /**
   * How many `<` the page has: a bound on the nodes a parser makes, since each tag, comment or stray
   * `<` in text starts one (linkedom splits text at every `<`, so `<<<<` is four text nodes).
   */
  markers: number;
}

/**
 * Measures a page's element tree from its tags, without building a DOM. The depth is an estimate
 * (it ignores end tags that HTML lets pages leave out), good enough to decide whether a parser, or
 * Readability, can take the page in reasonable time.
 */
export function measureMarkup(html: string): MarkupShape {
  let depth = 0;
  let deepest = 0;
  let elements = 0;
  let markers = 0;
  for (let index = html.indexOf('<'); index !== -1; index = html.indexOf('<', index + 1)) markers++;
  for (const match of html.matchAll(/<(\/?)([A-Za-z][A-Za-z0-9-]*)[^<>]*>/g)) {
    if (match[1] === '/') {
      depth = Math.max(0, depth - 1);
      continue;
    }
    elements++;
    if (NON_NESTING.has((match[2] as string).toLowerCase()) || match[0].endsWith('/>')) continue;
    deepest = Math.max(deepest, ++depth);
  }
  return { depth: deepest, elements, markers };
}

/** Removes comments and raw-text elements by scanning with indexOf, so unclosed ones cost no backtracking. */
function removeRawText(html: string): string {
  const parts: string[] = [];
  const lower = html.toLowerCase();
  let position = 0;
  const opener = new RegExp(`<!--|<(?:${RAW_TEXT_ELEMENTS.join('|')})\\b`, 'g');
  while (position < html.length) {
    opener.lastIndex = position;
    const start = opener.exec(lower);
    if (!start) break;
    parts.push(html.slice(position, start.index), ' ');
    const closer = start[0] === '<!--' ? '-->' : `</${start[0].slice(1)}`;
    const end = lower.indexOf(closer, start.index + start[0].length);
    if (end === -1) return parts.join('');
    const closeEnd = lower.indexOf('>', end);
    position = closeEnd === -1 ? html.length : closeEnd + 1;
  }
  parts.push(html.slice(position));
  return parts.join('');
}

/**
 * The text of an HTML page by stripping its tags: block tags end paragraphs, other tags vanish,
 * scripts, styles and comments go entirely. The fallback for pages a DOM cannot be built for.
 *
 * @example stripTags('<div><p>One &amp; two</p><p>Three</p></div>') // 'One & two\n\nThree'
 */
export function stripTags(html: string): string {
  const text = removeRawText(html)
    .replace(BLOCK_TAG, '\n\n')
    .replace(/<br\b[^<>]*>/gi, '\n')
    .replace(/<[!/?]?[A-Za-z][^<>]*>/g, '');
  return decodeEntities(text)
    .split(/\n[ \t\f\r\u00a0]*\n\s*/)
    .map((paragraph) =>
      paragraph
        .split('\n')
        .map((line) => line.replace(/\s+/g, ' ').trim())
        .filter((line) => line !== '')
        .join('\n'),
    )
    .filter((paragraph) => paragraph !== '')
    .join('\n\n');
}
