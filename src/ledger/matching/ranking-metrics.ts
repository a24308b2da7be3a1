/** Ranking quality over a set of queries, each with its gold ids. */
export interface RankingMetrics {
  queries: number;
  /** Mean average precision over the first 5 results (CheckThat! 2020 task 2's official measure). */
  map5: number;
  /** Mean reciprocal rank of the first relevant result within the ranking given (0 when absent). */
  mrr: number;
  /** Share of gold ids found in the first 5 results, averaged over queries. */
  recall5: number;
  /** Share of queries whose first result is relevant. */
  precision1: number;
}

/**
 * Average precision at `depth` as trec_eval computes it (and so the CheckThat! scorer, which calls
 * trectools): precision at each relevant rank within the depth, summed, over all relevant ids.
 *
 * @example
 * averagePrecision(['b', 'a'], new Set(['a']), 5); // 0.5
 */
export function averagePrecision(
  ranking: readonly string[],
  gold: ReadonlySet<string>,
  depth: number,
): number {
  if (gold.size === 0) return 0;
  let found = 0;
  let sum = 0;
  ranking.slice(0, depth).forEach((id, rank) => {
    if (gold.has(id)) {
      found += 1;
      sum += found / (rank + 1);
    }
  });
  return sum / gold.size;
}

/**
 * MAP@5, MRR, Recall@5 and P@1 over queries. Every query with gold ids counts, including one that has
 * no ranking at all (it scores 0).
 */
export function rankingMetrics(
  rankings: ReadonlyMap<string, readonly string[]>,
  gold: ReadonlyMap<string, ReadonlySet<string>>,
): RankingMetrics {
  let map5 = 0;
  let mrr = 0;
  let recall5 = 0;
  let precision1 = 0;
  for (const [queryId, relevant] of gold) {
    const ranking = rankings.get(queryId) ?? [];
    map5 += averagePrecision(ranking, relevant, 5);
    const firstHit = ranking.findIndex((id) => relevant.has(id));
    mrr += firstHit === -1 ? 0 : 1 / (firstHit + 1);
    recall5 += ranking.slice(0, 5).filter((id) => relevant.has(id)).length / relevant.size;
    precision1 += ranking.length > 0 && relevant.has(ranking[0] as string) ? 1 : 0;
  }
  const queries = gold.size;
  const mean = (sum: number) => (queries > 0 ? sum / queries : 0);
  return { queries, map5: mean(map5), mrr: mean(mrr), recall5: mean(recall5), precision1: mean(precision1) };
}
