import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { ArticleInput, ArticleMeta } from '../core/types.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const ARTICLE_TYPES =
  /^(?:NewsArticle|Article|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|BlogPosting|Report|ScholarlyArticle|WebPage)$/;
const BLOCKS = 'p, h1, h2, h3, h4, h5, h6, li, blockquote, pre, figcaption, td';

function asText(value: Json | undefined): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (Array.isArray(value)) return value.map(asText).filter(Boolean).join(', ') || undefined;
  if (value && typeof value === 'object') return asText(value.name ?? value['@id'] ?? value.url);
  return undefined;
}

function jsonLdArticles(document: Document): Record<string, Json>[] {
  const found: Record<string, Json>[] = [];
  const visit = (value: Json) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      const types = ([] as Json[]).concat(value['@type'] ?? []);
      if (types.some((type) => typeof type === 'string' && ARTICLE_TYPES.test(type))) found.push(value);
      if (value['@graph']) visit(value['@graph']);
    }
  };
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      visit(JSON.parse(script.textContent ?? '') as Json);
    } catch {
      // A broken JSON-LD block is common on the web; the other metadata still applies.
    }
  }
  return found.sort(
    (a, b) =>
      (String(a['@type']).includes('Article') ? -1 : 0) - (String(b['@type']).includes('Article') ? -1 : 0),
  );
}

function metaContent(document: Document, ...names: string[]): string | undefined {
  for (const name of names) {
    const element = document.querySelector(
      `meta[property="${name}"], meta[name="${name}"], meta[itemprop="${name}"]`,
    );
    const content = element?.getAttribute('content')?.trim();
    if (content) return content;
  }
  return undefined;
}

function resolveUrl(url: string | undefined, base: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url, base).toString();
  } catch {
    return base ? undefined : url;
  }
}

/** Title, byline, publisher, date and canonical URL: JSON-LD first, then OpenGraph, then meta tags. */
function readMeta(document: Document, pageUrl?: string): ArticleMeta {
  const article = jsonLdArticles(document)[0] ?? {};
  const canonical = document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? undefined;
  const mainEntity = article.mainEntityOfPage;
  const meta: ArticleMeta = {
    title:
      asText(article.headline) ??
      metaContent(document, 'og:title', 'twitter:title') ??
      document.title?.trim(),
    byline: asText(article.author) ?? metaContent(document, 'article:author', 'author', 'byl'),
    publisher: asText(article.publisher) ?? metaContent(document, 'og:site_name', 'application-name'),
    published:
      asText(article.datePublished) ??
      metaContent(
        document,
        'article:published_time',
        'date',
        'pubdate',
        'citation_date',
        'dc.date',
        'DC.date',
        'parsely-pub-date',
      ),
    url:
      resolveUrl(
        asText(article.url) ??
          (typeof mainEntity === 'string' ? mainEntity : asText(mainEntity)) ??
          canonical ??
          metaContent(document, 'og:url'),
        pageUrl,
      ) ?? pageUrl,
  };
  return Object.fromEntries(Object.entries(meta).filter(([, value]) => value)) as ArticleMeta;
}

function paragraphs(root: ParentNode): string {
  const blocks = [...root.querySelectorAll(BLOCKS)].filter((element) => !element.querySelector(BLOCKS));
  const texts = blocks
    .map((element) => (element.textContent ?? '').replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  return texts.join('\n\n');
}

/** Strips tags without a DOM: the fallback for pages a parser cannot take (say, 100,000 nested divs). */
function stripTags(html: string): string {
  return html
    .replace(/<(script|style|noscript)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<\/(?:p|div|h[1-6]|li|blockquote|br|tr)>/gi, '\n\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0*39;|&apos;/g, "'")
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n\s*/g, '\n\n')
    .trim();
}

/**
 * Reads the main text and metadata of an HTML page: metadata before Readability rewrites the DOM,
 * then the article body by paragraph. Never throws: a page the parser cannot handle falls back to
 * its text with the tags stripped.
 */
export function extractHtml(html: string, options: { url?: string } = {}): ArticleInput {
  try {
    const { document } = parseHTML(html);
    const meta = readMeta(document as unknown as Document, options.url);
    const parsed = new Readability(document as unknown as Document).parse();
    let text = '';
    if (parsed?.content) text = paragraphs(parseHTML(`<html><body>${parsed.content}</body></html>`).document);
    if (text.length < 200) {
      const { document: fresh } = parseHTML(html);
      for (const element of fresh.querySelectorAll(
        'script, style, noscript, nav, header, footer, aside, form',
      ))
        element.remove();
      const fallback =
        paragraphs(fresh.body ?? fresh) || (fresh.body?.textContent ?? '').replace(/\s+/g, ' ').trim();
      if (fallback.length > text.length) text = fallback;
    }
    return { text, meta };
  } catch {
    return { text: stripTags(html), meta: options.url ? { url: options.url } : {} };
  }
}
