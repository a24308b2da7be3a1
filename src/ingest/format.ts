export type ArticleFormat = 'html' | 'markdown' | 'text';

const EXTENSION_FORMATS = new Map<string, ArticleFormat>([
  ['html', 'html'],
  ['htm', 'html'],
  ['xhtml', 'html'],
  ['md', 'markdown'],
  ['markdown', 'markdown'],
  ['mdown', 'markdown'],
  ['txt', 'text'],
  ['text', 'text'],
]);

/** Sniffing looks at the start only: a 5 MB article need not be scanned to know what it is. */
const SNIFF_LENGTH = 20_000;

const DOCUMENT_START =
  /^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]/i;

const HTML_TAG =
  /<\/?(?:p|div|span|a|br|hr|img|h[1-6]|ul|ol|li|article|section|header|footer|nav|main|table|tr|td|th|em|strong|b|i|blockquote|figure|figcaption|script|style|meta|link|title)\b[^<>]*>/gi;

/** Markdown constructs with the weight of the evidence each gives; plain text rarely has the heavy ones. */
const MARKDOWN_SIGNS: { pattern: RegExp; weight: number }[] = [
  { pattern: /^ {0,3}#{1,6}[ \t]+\S/gm, weight: 2 },
  { pattern: /\[[^\]\n]+\]\([^)\s]+(?:\s+"[^"\n]*")?\)/g, weight: 2 },
  { pattern: /^ {0,3}(?:```|~~~)/gm, weight: 2 },
  { pattern: /^.+\n {0,3}(?:=+|-+)[ \t]*$/gm, weight: 1 },
  { pattern: /(?:\*\*|__)\S[^\n]*?\S(?:\*\*|__)/g, weight: 1 },
  { pattern: /(?:^|[\s(])[*_][^\s*_][^\n*_]*[*_](?=[\s.,;:!?)]|$)/gm, weight: 1 },
  { pattern: /^ {0,3}[-*+][ \t]+\S/gm, weight: 0.5 },
  { pattern: /^ {0,3}>[ \t]?\S/gm, weight: 1 },
  { pattern: /`[^`\n]+`/g, weight: 1 },
];

/** The weight of Markdown evidence at which text is read as Markdown. */
const MARKDOWN_THRESHOLD = 2;

function extensionOf(filename: string): string | undefined {
  const name = filename.split(/[\\/]/).pop() ?? '';
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : undefined;
}

function looksLikeHtml(head: string): boolean {
  const trimmed = head.trimStart();
  if (DOCUMENT_START.test(trimmed)) return true;
  const tags = head.match(HTML_TAG)?.length ?? 0;
  if (trimmed.startsWith('<') && tags >= 3) return true;
  const lines = head.split('\n').filter((line) => line.trim() !== '').length;
  // Text that quotes a tag or two stays text; a page is tags all the way down.
  return tags >= 10 && tags >= lines / 2;
}

function markdownScore(head: string): number {
  let score = 0;
  for (const { pattern, weight } of MARKDOWN_SIGNS) {
    const count = head.match(pattern)?.length ?? 0;
    // A few occurrences of one construct are evidence; hundreds of them are no stronger.
    score += Math.min(count, 4) * weight;
  }
  return score;
}

/**
 * Decides how to read an article: by the file name's extension (.html, .htm, .md, .markdown, .txt)
 * when there is one it knows, else by the content. A document that starts like a web page, or is
 * dense with tags, is HTML; text with Markdown headings, links, emphasis, lists or fences is
 * Markdown; anything else is plain text.
 *
 * @example
 * detectFormat('# Budget vote\n\nThe [council](https://example.org) met.') // 'markdown'
 * detectFormat('<p>anything</p>', 'story.txt') // 'text'
 */
export function detectFormat(text: string, filename?: string): ArticleFormat {
  const extension = filename === undefined ? undefined : extensionOf(filename);
  const byExtension = extension === undefined ? undefined : EXTENSION_FORMATS.get(extension);
  if (byExtension) return byExtension;
  const head = text.slice(0, SNIFF_LENGTH);
  if (looksLikeHtml(head)) return 'html';
  return markdownScore(head) >= MARKDOWN_THRESHOLD ? 'markdown' : 'text';
}
