import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { HtmlEscapedString } from 'hono/utils/html';
import { independenceFromDigest, profileFromDigest } from '../../ledger/index.ts';
import { roleAllows, verifyApiToken } from '../../review/index.ts';
import type { ClaimStatus } from '../../store/index.ts';
import { requireRole, SESSION_COOKIE } from '../auth.ts';
import type { AppDependencies, AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { BUNDLED_EXAMPLES_DIRECTORY, hasExamples, loadExamples } from '../examples.ts';
import { exportClaimReview } from '../routes-claim-review.ts';
import { parseStatuses } from '../routes-claims.ts';
import { assertSameOriginForm } from '../security.ts';
import { ArticlePage } from './article.tsx';
import { BoardPage, type BoardRow } from './board.tsx';
import { DossierPage, type SentenceContext } from './dossier.tsx';
import { registerFormRoutes } from './forms.ts';
import type { PageContext } from './layout.tsx';
import { ArticlesPage, LoginPage, SearchPage, SourcePage, SourcesPage } from './lists.tsx';

type PageNode = HtmlEscapedString | Promise<HtmlEscapedString>;

/** Appearances listed on a claim's page; the API pages through every one. */
const APPEARANCES_SHOWN = 200;

/** Sends a page as HTML with its doctype. */
export async function render(c: Context<AppEnv>, node: PageNode, status: 200 | 400 | 401 | 403 = 200) {
  return c.html(`<!doctype html>${await node}`, status);
}

export function pageContext(c: Context<AppEnv>, query?: string): PageContext {
  return { principal: c.get('principal'), csrfToken: c.get('csrfToken'), ...(query ? { query } : {}) };
}

/** A path on this site to go back to after signing in; anything else becomes the board. */
export function safeNext(raw: unknown): string {
  return typeof raw === 'string' && /^\/(?![/\\])/.test(raw) ? raw : '/';
}

/** The web pages: board, dossier, article, sources, search, sign-in, and their forms. */
export function registerPageRoutes(app: OpenAPIHono<AppEnv>, deps: AppDependencies): void {
  const { store, ledger, settings, examplesDirectory = BUNDLED_EXAMPLES_DIRECTORY } = deps;

  app.use('/*', async (c, next) => {
    const open = c.req.path === '/login' || c.req.path.startsWith('/static/');
    if (!settings.publicReads && !open && !c.get('principal')) {
      return c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303);
    }
    await next();
  });

  app.get('/', async (c) => {
    const sort = c.req.query('sort') === 'recent' ? 'recent' : 'traction';
    const statuses = parseStatuses(c.req.query('status'));
    const status: ClaimStatus | undefined = statuses?.[0];
    const search = c.req.query('search')?.trim() || undefined;
    const cursor = c.req.query('cursor') || undefined;
    const articles = await store.listArticles({ limit: 1 });
    const page = await store.listClusters({
      sort,
      limit: 25,
      ...(cursor ? { cursor } : {}),
      ...(search ? { search } : {}),
      ...(status ? { statuses: [status] } : {}),
    });
    const rows: BoardRow[] = [];
    for (const cluster of page.items) {
      const independence = independenceFromDigest(await store.clusterDigest(cluster.id));
      rows.push({
        cluster,
        days: await store.clusterDailyCounts(cluster.id),
        independentOutlets: independence.independentOutlets,
        originalSources: independence.originalSources,
      });
    }
    return render(
      c,
      <BoardPage
        context={pageContext(c)}
        rows={rows}
        total={page.total}
        nextCursor={page.nextCursor}
        sort={sort}
        status={status}
        search={search}
        empty={articles.total === 0}
        examplesAvailable={hasExamples(examplesDirectory)}
      />,
    );
  });

  app.post('/examples', async (c) => {
    assertSameOriginForm(c, await c.req.parseBody());
    // A first-time user may fill an empty ledger with the examples; after that it takes a reviewer.
    if ((await store.listArticles({ limit: 1 })).total > 0) requireRole(c, 'reviewer');
    await loadExamples(ledger, examplesDirectory, settings.maxInputBytes);
    return c.redirect('/', 303);
  });

  app.get('/claims/:id', async (c) => {
    const id = c.req.param('id');
    const cluster = await store.getCluster(id);
    const [outlets, digest, appearances] = await Promise.all([
      store.clusterOutlets(id),
      store.clusterDigest(id),
      // Enough to read the list; the API pages through the rest.
      store.clusterAppearances(id, { limit: APPEARANCES_SHOWN }),
    ]);
    const [evidence, statusHistory, verdicts, importedReviews, watches, alerts] = await Promise.all([
      store.listEvidence(id),
      store.statusHistory(id),
      store.listVerdicts(id),
      store.clusterImportedReviews(id),
      store.listWatches(),
      store.listAlerts({ clusterId: id, limit: 10 }),
    ]);
    const sentences = new Map<string, SentenceContext>();
    const versions = new Map<string, Awaited<ReturnType<typeof store.getArticleVersion>>>();
    for (const appearance of appearances.items) {
      let version = versions.get(appearance.articleId);
      if (!version) {
        version = await store.getArticleVersion(appearance.articleId);
        versions.set(appearance.articleId, version);
      }
      const sentence = version.analysis.sentences[appearance.sentenceIndex];
      if (!sentence) continue;
      const claimStart = sentence.text.indexOf(appearance.text);
      sentences.set(appearance.claimId, {
        sentence: sentence.text,
        claimStart,
        claimEnd: claimStart + appearance.text.length,
      });
    }
    const principal = c.get('principal');
    return render(
      c,
      <DossierPage
        context={pageContext(c)}
        profile={profileFromDigest(cluster, outlets, digest)}
        groups={digest.groups}
        appearances={appearances}
        evidence={evidence}
        statusHistory={statusHistory}
        verdicts={verdicts}
        importedReviews={importedReviews}
        watch={watches.find((watch) => watch.clusterId === id)}
        alerts={alerts}
        sentences={sentences}
        canReview={principal !== null && roleAllows(principal.role, 'reviewer')}
      />,
    );
  });

  app.get('/claims/:id/claim-review.json', async (c) => {
    const id = c.req.param('id');
    const document = await exportClaimReview(store, id, deps.publisherName, new URL(c.req.url).origin);
    c.header(
      'Content-Disposition',
      `attachment; filename="claim-${id.replace(/[^\w-]/g, '')}-claimreview.json"`,
    );
    return c.body(JSON.stringify(document, null, 2), 200, {
      'Content-Type': 'application/ld+json; charset=utf-8',
    });
  });

  app.get('/articles', async (c) => {
    const cursor = c.req.query('cursor') || undefined;
    const page = await store.listArticles({ limit: 50, ...(cursor ? { cursor } : {}) });
    return render(
      c,
      <ArticlesPage
        context={pageContext(c)}
        items={page.items}
        total={page.total}
        nextCursor={page.nextCursor}
      />,
    );
  });

  app.get('/articles/:id', async (c) => {
    const id = c.req.param('id');
    const article = await store.getArticle(id);
    const version = await store.getArticleVersion(id);
    const claims = await store.articleClaims(id);
    return render(
      c,
      <ArticlePage
        context={pageContext(c)}
        article={article}
        text={version.text}
        analysis={version.analysis}
        claims={claims}
      />,
    );
  });

  app.get('/sources', async (c) => {
    const search = c.req.query('search')?.trim() || undefined;
    const cursor = c.req.query('cursor') || undefined;
    const page = await store.listSources({
      limit: 50,
      ...(search ? { search } : {}),
      ...(cursor ? { cursor } : {}),
    });
    return render(
      c,
      <SourcesPage
        context={pageContext(c)}
        items={page.items}
        total={page.total}
        nextCursor={page.nextCursor}
        search={search}
      />,
    );
  });

  app.get('/sources/:name', async (c) => {
    const name = c.req.param('name');
    const cursor = c.req.query('cursor') || undefined;
    const page = await store.sourceClusters(name, { limit: 50, ...(cursor ? { cursor } : {}) });
    if (page.total === 0) throw new ApiError('not-found', `no claim is attributed to "${name}"`, 404);
    const summary = (await store.listSources({ search: name, limit: 50 })).items.find(
      (item) => item.name === name,
    );
    return render(
      c,
      <SourcePage
        context={pageContext(c)}
        name={name}
        summary={summary}
        clusters={page.items}
        total={page.total}
        nextCursor={page.nextCursor}
      />,
    );
  });

  app.get('/search', async (c) => {
    const query = (c.req.query('q') ?? '').trim().slice(0, 500);
    if (query === '') return c.redirect('/', 303);
    const [clusters, appearances, sources] = await Promise.all([
      store.searchClusters(query, { match: 'any', limit: 20 }),
      store.searchClaims(query, { limit: 20, match: 'any' }),
      store.listSources({ search: query, limit: 20 }),
    ]);
    return render(
      c,
      <SearchPage
        context={pageContext(c, query)}
        query={query}
        clusters={clusters}
        sources={sources.items}
        appearances={appearances.items}
        appearanceTotal={appearances.total}
      />,
    );
  });

  app.get('/login', (c) =>
    render(c, <LoginPage context={pageContext(c)} next={safeNext(c.req.query('next'))} />),
  );

  app.post('/login', async (c) => {
    const form = await c.req.parseBody();
    assertSameOriginForm(c, form);
    const next = safeNext(form.next);
    const secret = typeof form.token === 'string' ? form.token.trim() : '';
    const token = await verifyApiToken(store, secret);
    if (!token) {
      return render(
        c,
        <LoginPage context={pageContext(c)} next={next} error="That token is unknown or revoked." />,
        401,
      );
    }
    setCookie(c, SESSION_COOKIE, secret, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure: new URL(c.req.url).protocol === 'https:',
      maxAge: 30 * 24 * 3600,
    });
    return c.redirect(next, 303);
  });

  app.post('/logout', async (c) => {
    assertSameOriginForm(c, await c.req.parseBody());
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/', 303);
  });

  registerFormRoutes(app, deps);
}
