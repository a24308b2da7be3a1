import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { polnearLedgerArticles } from '../../scripts/eval/polnear-articles.ts';
import { findSharedData } from '../../scripts/eval/shared-data.ts';
import {
  assessIndependence,
  computeTraction,
  type LedgerArticle,
  openLedger,
  readClusterProfile,
  toAppearance,
} from '../../src/ledger/index.ts';
import { createPipeline } from '../../src/pipeline/index.ts';
import { BUNDLED_EXAMPLES_DIRECTORY, readExamples } from '../../src/server/examples.ts';
import { type ClusterAppearance, openStore, type Store } from '../../src/store/index.ts';
import { STORY } from '../ledger/story.ts';
import { createTestSchema, postgresUnavailable, type TestSchema } from '../support/postgres.ts';

const unavailable = await postgresUnavailable();
if (unavailable) console.log(`PostgreSQL cluster profile test skipped: ${unavailable}`);

/** A real ingest through the ledger, clusters and all, takes a while on a busy machine. */
const INGEST_TIMEOUT = 180_000;

/** Real PolNeAR articles when the shared data is present: copies, chains of attribution, many outlets. */
const POLNEAR_ARTICLES = 50;

function articles(): LedgerArticle[] {
  const sharedData = findSharedData();
  const polnear = sharedData ? polnearLedgerArticles(sharedData, POLNEAR_ARTICLES) : [];
  return [...STORY, ...readExamples(BUNDLED_EXAMPLES_DIRECTORY, 5_000_000), ...polnear];
}

async function everyAppearance(store: Store, clusterId: string): Promise<ClusterAppearance[]> {
  const appearances: ClusterAppearance[] = [];
  for (let cursor: string | null | undefined; ; ) {
    const page = await store.clusterAppearances(clusterId, { limit: 200, ...(cursor ? { cursor } : {}) });
    appearances.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) return appearances;
  }
}

/**
 * The profile a page or the API shows (read from the store's grouped digest) must equal what the
 * ledger computes from every appearance read one by one, for every cluster of a real ingest.
 */
async function expectProfilesMatchAppearances(store: Store): Promise<number> {
  const ledger = await openLedger({ store, pipeline: createPipeline() });
  for (const article of articles()) await ledger.ingest(article);
  const clusters = [];
  for (let cursor: string | null | undefined; ; ) {
    const page = await store.listClusters({ limit: 500, ...(cursor ? { cursor } : {}) });
    clusters.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  for (const cluster of clusters) {
    const appearances = (await everyAppearance(store, cluster.id)).map(toAppearance);
    const profile = await readClusterProfile(store, cluster.id);
    expect(profile.independence, `cluster ${cluster.id}`).toEqual(assessIndependence(appearances));
    expect(profile.traction, `cluster ${cluster.id}`).toEqual(computeTraction(appearances));
  }
  return clusters.length;
}

describe('cluster profiles from the digest', () => {
  it(
    'equal the profiles computed from every appearance, on SQLite',
    async () => {
      const store = await openStore(':memory:');
      try {
        expect(await expectProfilesMatchAppearances(store)).toBeGreaterThan(10);
        const copies = (await store.listArticles({ limit: 500 })).items.filter((article) => article.copyOf);
        expect(copies.length).toBeGreaterThan(0);
      } finally {
        await store.close();
      }
    },
    INGEST_TIMEOUT,
  );

  describe.skipIf(unavailable !== null)('on PostgreSQL', () => {
    let schema: TestSchema;
    beforeAll(async () => {
      schema = await createTestSchema();
    });
    afterAll(async () => {
      await schema.drop();
    });

    it(
      'equal the profiles computed from every appearance',
      async () => {
        const store = await openStore(schema.url);
        try {
          expect(await expectProfilesMatchAppearances(store)).toBeGreaterThan(10);
        } finally {
          await store.close();
        }
      },
      INGEST_TIMEOUT,
    );
  });
});
