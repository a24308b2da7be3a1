export { decodeBytes } from './decode.ts';
export { type ArticleFormat, detectFormat } from './format.ts';
export { extractHtml } from './html.ts';
export { assertEnglish } from './language.ts';
export { markdownToText } from './markdown.ts';
export { type ReadFileOptions, type ReadOptions, readArticle, readArticleFile } from './read.ts';
