import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { ArticleInput, ArticleMeta } from '../core/types.ts';
import { readMetadata } from './html-metadata.ts';
import { type MarkupShape, measureMarkup, stripTags } from './html-text.ts';

/**
 * Readability's run time grows with the cube of nesting depth (0.2 s at 200 levels, 8 s at 1,000 on
 * a one-paragraph page), so deeper pages skip it. Real news pages nest 20 to 80 levels.
 */
const MAX_READABILITY_DEPTH = 200;

/** linkedom's parser recurses once per level and overflows the stack near 3,000 levels. */
const MAX_DOM_DEPTH = 1500;

/**
 * Readability takes about 0.1 ms per element (3 s for 30,000); bigger pages go to the body walk.
 * Readability's own `maxElemsToParse` cannot do this: it counts with getElementsByTagName('*'),
 * which linkedom answers with an empty list.
 */
const MAX_READABILITY_ELEMENTS = 30_000;

/**
 * A DOM costs about 10 µs per node and more once the garbage collector struggles: a million stray
 * `<` (a million text nodes) took two minutes. Pages with more `<` than this, ten times a long
 * news page, are read by stripping their tags.
 */
const MAX_DOM_MARKERS = 200_000;

/** Readability walks the text nodes as well as the elements, so its budget counts both. */
const MAX_READABILITY_MARKERS = 2 * MAX_READABILITY_ELEMENTS;

/** Below this many characters Readability probably picked a caption or teaser, not the story. */
const MIN_ARTICLE_LENGTH = 200;

const BLOCK_ELEMENTS = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'CAPTION',
  'DD',
  'DETAILS',
  'DIV',
  'DL',
  'DT',
  'FIELDSET',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'FORM',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'LI',
  'MAIN',
  'NAV',
  'OL',
  'P',
  'SECTION',
  'SUMMARY',
  'TABLE',
  'TD',
  'TH',
  'TR',
  'UL',
]);

/** Never article text, wherever they are. */
const SKIPPED_ELEMENTS = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'SVG',
  'IFRAME',
  'OBJECT',
  'EMBED',
  'CANVAS',
  'BUTTON',
  'SELECT',
  'TEXTAREA',
  'HEAD',
  'TITLE',
  'META',
  'LINK',
  'BASE',
]);

/** Page furniture removed before reading a body that Readability could not make sense of. */
const BOILERPLATE_SELECTOR =
  'nav, header, footer, aside, form, menu, dialog, [role="navigation"], [role="banner"], [role="contentinfo"], [aria-hidden="true"], [hidden]';

/** Collapses runs of whitespace inside each line of a paragraph; keeps the lines `<br>` made. */
function tidyParagraph(raw: string): string {
  return raw
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

/**
 * The text of `root` by paragraph: each block element's own text is one paragraph, paragraphs are
 * joined by a blank line. The walk follows sibling and parent links instead of recursing, so a
 * deep tree cannot overflow the stack.
 */
function textByParagraph(root: Node): string {
  const paragraphs: string[] = [];
  let buffer = '';
  const flush = () => {
    const paragraph = tidyParagraph(buffer);
    if (paragraph !== '') paragraphs.push(paragraph);
    buffer = '';
  };
  /** Returns whether to walk into the node's children. */
  const enter = (node: Node): boolean => {
    if (node.nodeType === 3) {
      buffer += node.nodeValue ?? '';
      return false;
    }
    if (node.nodeType !== 1) return false;
    const name = (node as Element).tagName.toUpperCase();
    if (SKIPPED_ELEMENTS.has(name)) return false;
    if (name === 'BR') {
      buffer += '\n';
      return false;
    }
    if (name === 'PRE') {
      flush();
      const lines = (node.textContent ?? '').split('\n').map((line) => line.trimEnd());
      const code = lines.join('\n').replace(/^\n+|\n+$/g, '');
      if (code.trim() !== '') paragraphs.push(code);
      return false;
    }
    if (BLOCK_ELEMENTS.has(name)) flush();
    return true;
  };
  const leave = (node: Node) => {
    if (BLOCK_ELEMENTS.has((node as Element).tagName.toUpperCase())) flush();
  };

  let node: Node | null = root.firstChild;
  while (node) {
    if (enter(node)) {
      if (node.firstChild) {
        node = node.firstChild;
        continue;
      }
      leave(node);
    }
    while (node && node !== root && !node.nextSibling) {
      node = node.parentNode;
      if (node && node !== root) leave(node);
    }
    node = node && node !== root ? node.nextSibling : null;
  }
  flush();
  return paragraphs.join('\n\n');
}

function readabilityText(document: Document): string {
  const article = new Readability(document).parse();
  if (!article?.content) return '';
  const body = parseDocument(`<!DOCTYPE html><html><body>${article.content}</body></html>`).body;
  return body ? textByParagraph(body) : '';
}

/**
 * linkedom builds no `<html>` or `<body>` around a fragment (it would nest them inside the first
 * element), so a fragment gets the document shell a browser would give it.
 */
function parseDocument(html: string): Document {
  const shaped = /<html[\s>]/i.test(html)
    ? html
    : `<!DOCTYPE html><html><head></head><body>${html}</body></html>`;
  return parseHTML(shaped).document as unknown as Document;
}

/** The element holding the page's content: `<body>`, unless the markup left it empty. */
function contentRoot(document: Document): Element | null {
  const root = document.documentElement;
  if (!root) return null;
  const body = document.body;
  return body?.firstChild ? body : root;
}

function bodyText(html: string): string {
  const page = parseDocument(html);
  for (const element of [...page.querySelectorAll(BOILERPLATE_SELECTOR)]) element.remove();
  const root = contentRoot(page);
  return root ? textByParagraph(root) : '';
}

/** Readability's article, or the page body when Readability finds nothing or too little. */
function mainText(document: Document, html: string, shape: MarkupShape): string {
  let text = '';
  if (
    shape.depth <= MAX_READABILITY_DEPTH &&
    shape.elements <= MAX_READABILITY_ELEMENTS &&
    shape.markers <= MAX_READABILITY_MARKERS
  ) {
    try {
      text = readabilityText(document);
    } catch {
      // Whatever trips Readability up, the body walk below can still read the page.
    }
  }
  if (text.length >= MIN_ARTICLE_LENGTH) return text;
  const body = bodyText(html);
  return body.length > text.length ? body : text;
}

function strippedArticle(html: string, url: string | undefined): ArticleInput {
  return { text: stripTags(html), meta: url === undefined ? {} : { url } };
}

/**
 * Reads an HTML page into an article: its metadata (JSON-LD, then OpenGraph, then meta tags and
 * `<title>`), read before Readability rewrites the page, and its main text by paragraph, joined by
 * blank lines, with entities decoded. When Readability finds no article, or a very short one, the
 * text comes from the page body without its navigation, header and footer. The canonical URL is
 * resolved against `options.url`, which also stands in when the page names none.
 *
 * Never throws: a page too deeply nested or too big for a DOM (or anything the parsers choke on)
 * falls back to its text with the tags stripped.
 *
 * @example
 * extractHtml('<title>Vote</title><p>The council met.</p>', { url: 'https://example.org/vote' })
 * // { text: 'The council met.', meta: { title: 'Vote', url: 'https://example.org/vote' } }
 */
export function extractHtml(html: string, options: { url?: string } = {}): ArticleInput {
  const { url } = options;
  try {
    const shape = measureMarkup(html);
    if (shape.depth > MAX_DOM_DEPTH || shape.markers > MAX_DOM_MARKERS) return strippedArticle(html, url);
    const page = parseDocument(html);
    const meta: ArticleMeta = readMetadata(page, url);
    return { text: mainText(page, html, shape), meta };
  } catch {
    try {
      return strippedArticle(html, url);
    } catch {
      return { text: '', meta: url === undefined ? {} : { url } };
    }
  }
}
