import { afterEach, beforeEach, expect } from 'vitest';
import { ClaimtrailError } from '../core/errors.ts';
import { type ArticleSpec, buildArticle, type ClaimSpec } from './contract-fixtures.ts';
import type { Store } from './index.ts';
import type { ClusterSummary, Page, PageOptions, RecordArticleInput, RecordArticleResult } from './types.ts';

/** A store made for one test, with how to dispose of it and, for stores that persist, to reopen it. */
export interface ContractStore {
  store: Store;
  cleanup: () => Promise<void>;
  /** Closes nothing: opens the same database again, as a second process would. */
  reopen?: () => Promise<Store>;
}

export type MakeStore = () => Promise<ContractStore>;

/** The per-test store, set up by `useStore`. */
export interface StoreContext {
  store: Store;
  made: ContractStore;
}

/** Gives each test of the enclosing `describe` a fresh store, disposed of after it. */
export function useStore(makeStore: MakeStore): StoreContext {
  const context = {} as StoreContext;
  beforeEach(async () => {
    context.made = await makeStore();
    context.store = context.made.store;
  });
  afterEach(async () => {
    await context.made.cleanup();
  });
  return context;
}

/** Records a test article built from `spec`; `input` overrides or adds to the write. */
export function recordSpec(
  store: Store,
  spec: ArticleSpec,
  input: Partial<RecordArticleInput> = {},
): Promise<RecordArticleResult> {
  return store.recordArticle({ ...buildArticle(spec), ...input });
}

/** Asserts that `action` fails with a StoreError of this code (and status, when given). */
export async function expectStoreError(
  action: Promise<unknown>,
  expected: { code: string; status?: number; message?: RegExp },
): Promise<void> {
  const error = await action.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, `expected a ${expected.code} error`).toBeInstanceOf(ClaimtrailError);
  expect(error).toMatchObject({ code: expected.code });
  if (expected.status !== undefined) expect(error).toMatchObject({ status: expected.status });
  if (expected.message) expect((error as Error).message).toMatch(expected.message);
}

/** The first-seen time of test writes that give one. */
export const SEEN = '2024-03-01T12:00:00.000Z';

/** A one-claim article whose claim joins the cluster made under `key`. */
export function keyed(
  store: Store,
  key: string,
  url: string,
  extra: { publisher?: string; publishedAt?: string } = {},
) {
  return recordSpec(
    store,
    { claims: [`Claim about ${key} reported at ${url}.`] },
    {
      url,
      seenAt: SEEN,
      clusters: { c1: { key } },
      ...extra,
    },
  );
}

/** One article of a seeded ledger: an outlet's single claim in the cluster under `key`. */
export interface SeededAppearance {
  key: string;
  outlet: string;
  publishedAt: string;
  claim?: Partial<ClaimSpec>;
}

/** Records one single-claim article per appearance; returns each key's cluster id. */
export async function seed(
  store: Store,
  appearances: readonly SeededAppearance[],
): Promise<Map<string, string>> {
  const clusterIds = new Map<string, string>();
  for (const [index, appearance] of appearances.entries()) {
    const result = await recordSpec(
      store,
      {
        claims: [
          {
            text: `Claim ${appearance.key} as told by ${appearance.outlet} (${index}).`,
            ...appearance.claim,
          },
        ],
      },
      {
        url: `https://${appearance.outlet}/${index}`,
        publishedAt: appearance.publishedAt,
        seenAt: appearance.publishedAt,
        clusters: { c1: { key: appearance.key } },
      },
    );
    clusterIds.set(appearance.key, result.claims[0]?.clusterId ?? '');
  }
  return clusterIds;
}

/** Every item of a listing, read page by page through `nextCursor`. */
export async function walk<T>(
  read: (options: PageOptions) => Promise<Page<T>>,
  limit: number,
): Promise<T[][]> {
  const pages: T[][] = [];
  let cursor: string | undefined;
  do {
    const page = await read(cursor === undefined ? { limit } : { limit, cursor });
    pages.push(page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && pages.length < 100);
  return pages;
}

/** The seeding keys of clusters, in listing order. */
export const keysOf = (clusters: readonly ClusterSummary[], ids: Map<string, string>) =>
  clusters.map((cluster) => [...ids].find(([, id]) => id === cluster.id)?.[0]);

/** Noon (or `hour`) UTC on a day of March 2024. */
export const day = (date: string, hour = 12) => `2024-03-${date}T${String(hour).padStart(2, '0')}:00:00.000Z`;
