import { parseHTML } from 'linkedom';
import { InputError } from '../core/errors.ts';
import type { ImportedReviewInput } from '../store/index.ts';

/** A ClaimReview as read from a file or page, before it is matched to a cluster. */
export type ReadClaimReview = Omit<ImportedReviewInput, 'clusterId' | 'matchScore' | 'importedAt'>;

export interface ReadOptions {
  /** Names the input in messages: a file path or a page URL. */
  source?: string;
  /**
   * The page the JSON-LD was embedded in: the review's `url` when the markup leaves it out, and the
   * base for relative URLs.
   */
  pageUrl?: string | null;
}

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Whether a node's `@type` names ClaimReview, written plainly, prefixed or as a full IRI, alone or in a list. */
function isClaimReview(node: JsonObject): boolean {
  const types = Array.isArray(node['@type']) ? node['@type'] : [node['@type']];
  return types.some((type) => typeof type === 'string' && /(^|[/:#])ClaimReview$/.test(type));
}

/**
 * Every ClaimReview node in a JSON-LD document, in document order: the document itself, members of an
 * array or `@graph`, and nodes nested in other nodes (a page's `mainEntity`, an article's `review`).
 */
export function findClaimReviewNodes(document: unknown): JsonObject[] {
  const found: JsonObject[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    const node = value as JsonObject;
    if (isClaimReview(node)) {
      found.push(node);
      return;
    }
    for (const child of Object.values(node)) visit(child);
  };
  visit(document);
  return found;
}

/** A value that should be text: a string, or a JSON-LD value object `{ "@value": ... }`. */
function text(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value.replace(/\s+/g, ' ').trim();
  if (typeof value === 'number') return String(value);
  if (isObject(value) && '@value' in value) return text(value['@value']);
  if (Array.isArray(value)) return text(value[0]);
  return null;
}

/** The name of a party: a string, an object with `name` (or `@id`), or the first of a list. */
function nameOf(value: unknown): string | null {
  if (Array.isArray(value)) {
    for (const item of value) {
      const name = nameOf(item);
      if (name) return name;
    }
    return null;
  }
  if (isObject(value)) return text(value.name) ?? text(value.alternateName) ?? null;
  return text(value);
}

/** A number that may arrive as a string ("1", "4.5"); null when absent or not a number. */
function numberOf(value: unknown): number | null {
  const candidate = typeof value === 'string' ? Number(value.trim()) : value;
  return typeof candidate === 'number' &&
    Number.isFinite(candidate) &&
    !(typeof value === 'string' && value.trim() === '')
    ? candidate
    : null;
}

function dateOf(value: unknown): string | null {
  const raw = text(value);
  if (raw === null || !/^\d{4}-\d{2}-\d{2}/.test(raw)) return null;
  const time = Date.parse(raw);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** An absolute http(s) URL, resolving a relative one against the page; null when there is none. */
function urlOf(value: unknown, base: string | null | undefined): string | null {
  const raw = isObject(value) ? (text(value.url) ?? text(value['@id'])) : text(value);
  if (raw === null) return null;
  try {
    const url = base ? new URL(raw, base) : new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * One ClaimReview node as an import, tolerating how sites write it (authors as text, objects or lists,
 * ratings as strings or missing, appearances as one object or many). Throws an InputError naming the
 * review and the missing field when it has no claim or no URL.
 */
export function readClaimReviewNode(
  node: JsonObject,
  label: string,
  options: ReadOptions = {},
): ReadClaimReview {
  const item = isObject(node.itemReviewed) ? node.itemReviewed : {};
  const claimReviewed = text(node.claimReviewed) ?? text(item.text) ?? text(item.name);
  if (claimReviewed === null) {
    throw new InputError(
      'invalid-claim-review',
      `${label} has no claimReviewed text; give the claim the review checks`,
    );
  }
  const url =
    urlOf(node.url, options.pageUrl) ?? urlOf(node['@id'], options.pageUrl) ?? options.pageUrl ?? null;
  if (url === null) {
    throw new InputError(
      'invalid-claim-review',
      `${label} ("${claimReviewed.slice(0, 60)}") has no url; give the fact-check's page as its url`,
    );
  }
  const rating = isObject(node.reviewRating)
    ? node.reviewRating
    : Array.isArray(node.reviewRating) && isObject(node.reviewRating[0])
      ? node.reviewRating[0]
      : {};
  const appearances = [...list(item.firstAppearance), ...list(item.appearance)]
    .map((appearance) => urlOf(appearance, options.pageUrl))
    .filter((appearance): appearance is string => appearance !== null);
  return {
    claimReviewed,
    url,
    reviewer: nameOf(node.author) ?? nameOf(node.publisher),
    datePublished: dateOf(node.datePublished) ?? dateOf(node.dateCreated),
    ratingName: text(rating.alternateName) ?? text(rating.name),
    ratingValue: numberOf(rating.ratingValue),
    bestRating: numberOf(rating.bestRating),
    worstRating: numberOf(rating.worstRating),
    claimant: nameOf(item.author),
    appearanceUrls: [...new Set(appearances)],
    raw: JSON.stringify(node),
  };
}

/** Deeper than any real JSON-LD (a ClaimReview inside a @graph inside a page is about 6 levels). */
const MAX_JSON_DEPTH = 64;

/** True when the value nests no deeper than MAX_JSON_DEPTH; checked without recursion. */
function isShallow(value: unknown): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const [item, depth] = entry;
    if (item === null || typeof item !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) return false;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return true;
}

function parseJson(content: string, source: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch (error) {
    throw new InputError(
      'invalid-json',
      `${source} is not JSON (${(error as Error).message}); give ClaimReview JSON-LD or an HTML page that embeds it`,
    );
  }
  return parsed;
}

/** The reviews of a JSON-LD document already parsed; throws an InputError when it holds none. */
export function claimReviewsFromJsonLd(document: unknown, options: ReadOptions = {}): ReadClaimReview[] {
  const source = options.source ?? 'the input';
  if (!isShallow(document)) {
    throw new InputError(
      'too-deep',
      `${source} nests JSON more than ${MAX_JSON_DEPTH} levels deep, which no ClaimReview needs; give schema.org ClaimReview JSON-LD`,
    );
  }
  const nodes = findClaimReviewNodes(document);
  if (nodes.length === 0) {
    throw new InputError(
      'no-claim-review',
      `${source} holds no ClaimReview (no object with "@type": "ClaimReview"); give schema.org ClaimReview JSON-LD`,
    );
  }
  return nodes.map((node, index) =>
    readClaimReviewNode(
      node,
      nodes.length === 1 ? `the ClaimReview in ${source}` : `ClaimReview ${index + 1} of ${source}`,
      options,
    ),
  );
}

/** Strips the comment and CDATA wrappers some sites put around script contents. */
function scriptJson(content: string): string {
  return content
    .trim()
    .replace(/^(?:<!--|\/\/\s*<!\[CDATA\[|\/\*\s*<!\[CDATA\[\s*\*\/)/, '')
    .replace(/(?:-->|\/\/\s*\]\]>|\/\*\s*\]\]>\s*\*\/)$/, '')
    .trim();
}

/**
 * The reviews embedded in an HTML page's `<script type="application/ld+json">` blocks. A block that is
 * not JSON is skipped (pages often carry one broken block among good ones); throws an InputError when
 * no block holds a ClaimReview.
 */
export function claimReviewsFromHtml(html: string, options: ReadOptions = {}): ReadClaimReview[] {
  const source = options.source ?? options.pageUrl ?? 'the page';
  const { document } = parseHTML(html);
  const documents: unknown[] = [];
  let broken = 0;
  for (const script of document.querySelectorAll('script')) {
    // Attribute names are matched without case by hand: the parser keeps them as written.
    const attribute = [...script.attributes].find((entry) => entry.name.toLowerCase() === 'type');
    const type = (attribute?.value ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/ld+json') continue;
    try {
      const parsed: unknown = JSON.parse(scriptJson(script.textContent ?? ''));
      if (isShallow(parsed)) documents.push(parsed);
      else broken += 1;
    } catch {
      broken += 1;
    }
  }
  if (findClaimReviewNodes(documents).length === 0) {
    const blocks = `${documents.length + broken} JSON-LD block${documents.length + broken === 1 ? '' : 's'}${broken ? `, ${broken} of them not JSON` : ''}`;
    throw new InputError(
      'no-claim-review',
      `${source} embeds no ClaimReview (${blocks}); give a fact-check page with ClaimReview markup`,
    );
  }
  return claimReviewsFromJsonLd(documents, { ...options, source });
}

/**
 * The reviews in a file's or a response's text, HTML or JSON-LD, told apart by their first
 * character. Throws an InputError for text that is neither or holds no ClaimReview.
 *
 * @example
 * readClaimReviews(readFileSync('checks.jsonld', 'utf8'), { source: 'checks.jsonld' });
 */
export function readClaimReviews(content: string, options: ReadOptions = {}): ReadClaimReview[] {
  const source = options.source ?? 'the input';
  const trimmed = content.replace(/^\uFEFF/, '').trimStart();
  if (trimmed === '')
    throw new InputError('empty-input', `${source} is empty; give ClaimReview JSON-LD or an HTML page`);
  if (trimmed.startsWith('<')) return claimReviewsFromHtml(trimmed, { ...options, source });
  return claimReviewsFromJsonLd(parseJson(trimmed, source), { ...options, source });
}
