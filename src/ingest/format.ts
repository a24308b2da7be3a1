export type ArticleFormat = 'html' | 'markdown' | 'text';

/** Decides how to read an article: by file extension when there is one, else by its content. */
export function detectFormat(text: string, filename?: string): ArticleFormat {
  const extension = filename?.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  if (extension === 'html' || extension === 'htm' || extension === 'xhtml') return 'html';
  if (extension === 'md' || extension === 'markdown') return 'markdown';
  if (extension === 'txt') return 'text';
  const head = text.slice(0, 2000).trimStart().toLowerCase();
  if (
    head.startsWith('<!doctype html') ||
    head.startsWith('<html') ||
    /<(?:body|article|p|div)[\s>]/.test(head)
  ) {
    return 'html';
  }
  const markdownLines = text
    .slice(0, 5000)
    .split('\n')
    .filter((line) => /^#{1,6}\s|^\s*[-*+]\s|\[[^\]]+\]\([^)]+\)|\*\*[^*]+\*\*|^>\s/.test(line)).length;
  return markdownLines >= 2 ? 'markdown' : 'text';
}
