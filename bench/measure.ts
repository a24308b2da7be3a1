import type { Pipeline } from '../src/pipeline/index.ts';
import { forgetNewWords, type nlp as winkInstance } from '../src/pipeline/nlp.ts';
import type { BenchArticle } from './corpus.ts';

export type Nlp = typeof winkInstance;

export interface Throughput {
  seconds: number;
  articles: number;
  tokens: number;
  tokensPerSecond: number;
  articlesPerSecond: number;
}

/** Called after each article so a caller can show progress; `label` names the run. */
export type ProgressListener = (label: string, done: number, total: number) => void;

/**
 * Reads one text with wink-nlp and takes its tokens out: the work every pipeline run starts with,
 * from the lexicon wink was built with, as the pipeline reads (see `readWithWink`).
 */
export function tokenizeWithWink(nlp: Nlp, text: string): number {
  forgetNewWords();
  return nlp.readDoc(text).tokens().out().length;
}

/**
 * Times wink-nlp tokenization over the articles and counts tokens as wink does; that count is the
 * yardstick for both measurements, so the two rates compare like with like.
 */
export function measureWink(
  nlp: Nlp,
  articles: readonly BenchArticle[],
  onProgress?: ProgressListener,
): Throughput {
  let tokens = 0;
  const started = performance.now();
  articles.forEach((article, index) => {
    tokens += tokenizeWithWink(nlp, article.text);
    onProgress?.('wink', index + 1, articles.length);
  });
  return throughput((performance.now() - started) / 1000, articles.length, tokens);
}

/** Times the full pipeline over the articles; `tokens` is wink's token count for the same texts. */
export function measurePipeline(
  pipeline: Pipeline,
  articles: readonly BenchArticle[],
  tokens: number,
  onProgress?: ProgressListener,
): Throughput {
  const started = performance.now();
  articles.forEach((article, index) => {
    pipeline.analyze({ text: article.text });
    onProgress?.('pipeline', index + 1, articles.length);
  });
  return throughput((performance.now() - started) / 1000, articles.length, tokens);
}

/**
 * Times two pipelines over the same articles, article by article, alternating which goes first, so
 * both see the same load on a shared machine and the same warm caches: the fair way to say how much
 * slower one is than the other. Returns the throughput of each.
 */
export function measurePair(
  first: Pipeline,
  second: Pipeline,
  articles: readonly BenchArticle[],
  tokens: number,
  onProgress?: ProgressListener,
): [Throughput, Throughput] {
  let firstMilliseconds = 0;
  let secondMilliseconds = 0;
  const timed = (pipeline: Pipeline, text: string) => {
    const started = performance.now();
    pipeline.analyze({ text });
    return performance.now() - started;
  };
  articles.forEach((article, index) => {
    if (index % 2 === 0) {
      firstMilliseconds += timed(first, article.text);
      secondMilliseconds += timed(second, article.text);
    } else {
      secondMilliseconds += timed(second, article.text);
      firstMilliseconds += timed(first, article.text);
    }
    onProgress?.('rules and models', index + 1, articles.length);
  });
  return [
    throughput(firstMilliseconds / 1000, articles.length, tokens),
    throughput(secondMilliseconds / 1000, articles.length, tokens),
  ];
}

/** Runs both once over a few articles so the timed runs see compiled code and loaded models. */
export function warmUp(nlp: Nlp, pipeline: Pipeline, articles: readonly BenchArticle[]): void {
  for (const article of articles) {
    tokenizeWithWink(nlp, article.text);
    pipeline.analyze({ text: article.text });
  }
}

function throughput(seconds: number, articles: number, tokens: number): Throughput {
  return {
    seconds,
    articles,
    tokens,
    tokensPerSecond: seconds > 0 ? tokens / seconds : 0,
    articlesPerSecond: seconds > 0 ? articles / seconds : 0,
  };
}
