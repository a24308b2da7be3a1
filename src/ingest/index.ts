export { isBlockedAddress, isNeverFetchedAddress } from './address-policy.ts';
export { decodeBytes } from './decode.ts';
export { FeedError, type FeedItem, type ParsedFeed, parseFeed } from './feed.ts';
export {
  ARTICLE_TYPES,
  createFetcher,
  DEFAULT_USER_AGENT,
  FEED_TYPES,
  FetchError,
  type Fetcher,
  type FetchOptions,
  type FetchResult,
} from './fetch.ts';
export { type ArticleFormat, detectFormat } from './format.ts';
export { extractHtml } from './html.ts';
export { assertEnglish } from './language.ts';
export { markdownToText } from './markdown.ts';
export { type ReadFileOptions, type ReadOptions, readArticle, readArticleFile } from './read.ts';
export {
  type ArticleRecord,
  type ArticleWithSource,
  articleFromFetch,
  articleFromRecord,
  articleRecordSchema,
} from './records.ts';
export {
  abortableSleep,
  backoffDelay,
  type FeedState,
  type WatchEvent,
  type WatchedFeed,
  watchFeeds,
} from './watch.ts';
