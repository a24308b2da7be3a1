import { readFileSync } from 'node:fs';
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { isApiPath, rateLimit, readGate, resolvePrincipal } from './auth.ts';
import type { AppDependencies, AppEnv } from './context.ts';
import { ApiError, toErrorResponse } from './errors.ts';
import { registerPageRoutes } from './pages/routes.tsx';
import { registerAlertFeedRoute } from './routes-alert-feed.ts';
import { registerArticleRoutes } from './routes-articles.ts';
import { registerClaimReviewRoutes } from './routes-claim-review.ts';
import { registerClaimRoutes } from './routes-claims.ts';
import { registerJobRoutes } from './routes-jobs.ts';
import { registerReviewRoutes } from './routes-review.ts';
import { registerSearchRoutes } from './routes-search.ts';
import { registerSourceRoutes } from './routes-sources.ts';
import { registerTokenRoutes } from './routes-tokens.ts';
import { registerWatchRoutes } from './routes-watches.ts';
import { csrfCookie, securityHeaders } from './security.ts';

const FORM_LIMIT_BYTES = 256 * 1024;

const STATIC_FILES = {
  'app.css': 'text/css; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
} as const;

/**
 * Builds the review desk: the JSON API under /api (documented at /openapi.json) and the web pages,
 * over one store and ledger. Nothing is shared between two apps.
 *
 * @example
 * const app = createApp({ store, ledger, settings: resolveSettings() });
 * const response = await app.request('/api/claims?sort=recent');
 */
export function createApp(dependencies: AppDependencies) {
  // Concurrent ingests need no queue here: the ledger matches and stores in the store's exclusive section.
  const deps: AppDependencies = dependencies;
  const { store, settings, now = () => new Date() } = deps;
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const issue = result.error.issues[0];
        const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
        return c.json(
          { error: { code: 'invalid-request', message: `${where}${issue?.message ?? 'invalid request'}` } },
          400,
        );
      }
      return undefined;
    },
  });

  app.onError((error, c) => {
    const { status, body } = toErrorResponse(error);
    if (status === 500) console.error(error);
    if (!c.req.path.startsWith('/api') && c.req.header('accept')?.includes('text/html')) {
      return c.html(errorPage(status, body.error.message), status as 400);
    }
    return c.json(body, status as 400);
  });
  app.notFound((c) =>
    c.json(
      { error: { code: 'not-found', message: `no route ${c.req.method} ${c.req.path}; see /openapi.json` } },
      404,
    ),
  );

  app.use('*', securityHeaders());
  if (settings.corsOrigins.length > 0) {
    app.use(
      '/api/*',
      cors({ origin: settings.corsOrigins, allowHeaders: ['Authorization', 'Content-Type'], maxAge: 600 }),
    );
  }
  app.use('*', resolvePrincipal(store));
  app.use('*', rateLimit(settings.rateLimitPerMinute, now));
  app.use('*', readGate(settings.publicReads));
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: settings.maxInputBytes * 2,
      onError: () => {
        throw new ApiError('too-large', `the request body is over ${settings.maxInputBytes * 2} bytes`, 413);
      },
    }),
  );

  // Review forms are short; a page post is never allowed the size of an article.
  const formLimit = bodyLimit({
    maxSize: FORM_LIMIT_BYTES,
    onError: () => {
      throw new ApiError('too-large', `the form is over ${FORM_LIMIT_BYTES} bytes`, 413);
    },
  });
  app.use('*', (c, next) => (isApiPath(c.req.path) ? next() : formLimit(c, next)));

  for (const [name, type] of Object.entries(STATIC_FILES)) {
    const content = readFileSync(new URL(`./static/${name}`, import.meta.url), 'utf8');
    app.get(`/static/${name}`, (c) =>
      c.body(content, 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=300' }),
    );
  }

  registerArticleRoutes(app, deps);
  registerClaimRoutes(app, deps);
  registerReviewRoutes(app, deps);
  registerClaimReviewRoutes(app, deps);
  registerSourceRoutes(app, deps);
  registerSearchRoutes(app, deps);
  registerTokenRoutes(app, deps);
  registerJobRoutes(app, deps);
  registerWatchRoutes(app, deps);
  registerAlertFeedRoute(app, deps);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'an API token: claimtrail token create --role reviewer',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'claimtrail review desk API',
      version: '1',
      description:
        'Claims across outlets, their dossiers, and the review of them. Errors are {"error": {"code", "message"}}; lists are {"items", "total", "nextCursor"}.',
    },
  });

  app.use('/*', csrfCookie());
  registerPageRoutes(app, deps);
  return app;
}

function errorPage(status: number, message: string): string {
  const escaped = message.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Error ${status}</title><link rel="stylesheet" href="/static/app.css"></head><body><main class="page"><h1>Error ${status}</h1><p>${escaped}</p><p><a href="/">Back to the claim board</a></p></main></body></html>`;
}
