import type { ArticleMeta } from '../core/types.ts';
import { decodeEntities } from './html-text.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** schema.org types of a page's main story, including the news and blog subtypes. */
const ARTICLE_TYPES = new Set([
  'Article',
  'NewsArticle',
  'ReportageNewsArticle',
  'AnalysisNewsArticle',
  'BackgroundNewsArticle',
  'OpinionNewsArticle',
  'ReviewNewsArticle',
  'AskPublicNewsArticle',
  'SatiricalArticle',
  'BlogPosting',
  'LiveBlogPosting',
  'SocialMediaPosting',
  'DiscussionForumPosting',
  'Report',
  'ScholarlyArticle',
  'TechArticle',
]);

/** Metadata values are labels, not documents: anything longer is a page bug, not a title. */
const MAX_VALUE_LENGTH = 500;

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function clean(value: string | null | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const tidy = decodeEntities(value).replace(/\s+/g, ' ').trim().slice(0, MAX_VALUE_LENGTH);
  return tidy === '' ? undefined : tidy;
}

function looksLikeUrl(value: string): boolean {
  return /^(?:https?:)?\/\//i.test(value);
}

/** `schema:NewsArticle` and `https://schema.org/NewsArticle` are NewsArticle too. */
function typeNames(node: JsonObject): string[] {
  const types = Array.isArray(node['@type']) ? node['@type'] : [node['@type']];
  return types
    .filter((type): type is string => typeof type === 'string')
    .map((type) => type.replace(/^.*[/:#]/, ''));
}

/** Every object in the page's JSON-LD blocks: top-level objects, array items and `@graph` members. */
function jsonLdNodes(document: Document): JsonObject[] {
  const nodes: JsonObject[] = [];
  const collect = (value: Json) => {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (!isObject(item)) continue;
      nodes.push(item);
      const graph = item['@graph'];
      if (graph !== undefined) {
        for (const member of Array.isArray(graph) ? graph : [graph]) if (isObject(member)) nodes.push(member);
      }
    }
  };
  for (const script of document.querySelectorAll('script[type]')) {
    if (!/^application\/ld\+json\b/i.test(script.getAttribute('type') ?? '')) continue;
    try {
      collect(JSON.parse(script.textContent ?? '') as Json);
    } catch {
      // Broken JSON-LD is common on the web; the page's other metadata still applies.
    }
  }
  return nodes;
}

/** Names from a JSON-LD value: a string, `{name}`, a `{"@id"}` reference into the graph, or a list of them. */
function namesOf(value: Json | undefined, byId: Map<string, JsonObject>): string[] {
  const names: string[] = [];
  for (const item of Array.isArray(value) ? value : [value]) {
    if (typeof item === 'string') {
      const name = clean(item);
      if (name && !looksLikeUrl(name)) names.push(name);
    } else if (isObject(item)) {
      const reference = typeof item['@id'] === 'string' ? byId.get(item['@id']) : undefined;
      const name = item.name ?? reference?.name;
      if (typeof name === 'string' && clean(name)) names.push(clean(name) as string);
    }
  }
  return [...new Set(names)];
}

function urlOf(value: Json | undefined): string | undefined {
  if (typeof value === 'string') return clean(value);
  if (isObject(value)) return urlOf(value['@id'] ?? value.url);
  if (Array.isArray(value)) return urlOf(value[0]);
  return undefined;
}

function stringOf(value: Json | undefined): string | undefined {
  if (typeof value === 'string') return clean(value);
  if (Array.isArray(value)) return stringOf(value[0]);
  return undefined;
}

function jsonLdMeta(document: Document): ArticleMeta {
  const nodes = jsonLdNodes(document);
  const byId = new Map<string, JsonObject>();
  for (const node of nodes) if (typeof node['@id'] === 'string') byId.set(node['@id'], node);
  const article = nodes.find((node) => typeNames(node).some((type) => ARTICLE_TYPES.has(type)));
  if (!article) return {};
  const authors = namesOf(article.author ?? article.creator, byId);
  return {
    title: stringOf(article.headline) ?? stringOf(article.name),
    byline: authors.length > 0 ? authors.join(', ') : undefined,
    publisher: namesOf(article.publisher, byId)[0],
    published: stringOf(article.datePublished) ?? stringOf(article.dateCreated),
    url: urlOf(article.url) ?? urlOf(article.mainEntityOfPage),
  };
}

/** `<meta>` contents by lower-cased name, property or itemprop; the first one of a name wins. */
function metaTags(document: Document): Map<string, string> {
  const tags = new Map<string, string>();
  for (const element of document.querySelectorAll('meta')) {
    const content = clean(element.getAttribute('content'));
    if (!content) continue;
    for (const attribute of ['property', 'name', 'itemprop']) {
      const key = element.getAttribute(attribute)?.trim().toLowerCase();
      if (key && !tags.has(key)) tags.set(key, content);
    }
  }
  return tags;
}

function first(tags: Map<string, string>, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = tags.get(name);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** An absolute http(s) URL, or nothing: a `javascript:` canonical must not reach a report's links. */
function absoluteUrl(candidate: string | undefined, base: string | undefined): string | undefined {
  if (candidate === undefined) return undefined;
  try {
    const url = base === undefined ? new URL(candidate) : new URL(candidate, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Title, byline, publisher, publication date and URL of a page. Each field comes from JSON-LD if
 * the page has it, else OpenGraph, else plain meta tags, `<link rel=canonical>` and `<title>`. Must
 * run before Readability, which removes the elements it reads.
 */
export function readMetadata(document: Document, pageUrl?: string): ArticleMeta {
  const linked = jsonLdMeta(document);
  const tags = metaTags(document);
  const ogAuthor = first(tags, 'article:author');
  const canonical = clean(document.querySelector('link[rel~="canonical" i]')?.getAttribute('href'));
  const meta: ArticleMeta = {
    title: linked.title ?? first(tags, 'og:title') ?? clean(document.querySelector('title')?.textContent),
    byline:
      linked.byline ??
      (ogAuthor && !looksLikeUrl(ogAuthor) ? ogAuthor : undefined) ??
      first(tags, 'author', 'byl', 'parsely-author', 'citation_author', 'dc.creator'),
    publisher: linked.publisher ?? first(tags, 'og:site_name', 'application-name'),
    published:
      linked.published ??
      first(tags, 'article:published_time') ??
      first(
        tags,
        'date',
        'pubdate',
        'publishdate',
        'citation_date',
        'citation_publication_date',
        'dc.date',
        'dc.date.issued',
        'dcterms.created',
        'parsely-pub-date',
      ),
    url:
      absoluteUrl(linked.url, pageUrl) ??
      absoluteUrl(first(tags, 'og:url'), pageUrl) ??
      absoluteUrl(canonical, pageUrl) ??
      pageUrl,
  };
  return Object.fromEntries(Object.entries(meta).filter(([, value]) => value !== undefined)) as ArticleMeta;
}
