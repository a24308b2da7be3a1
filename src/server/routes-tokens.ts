import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { createApiToken } from '../review/index.ts';
import { ROLES } from '../store/index.ts';
import { requireRole } from './auth.ts';
import type { AppDependencies, AppEnv } from './context.ts';
import { pageOf } from './pagination.ts';
import { errorResponses } from './responses.ts';
import { idParams, pageQuery, pageSchema, tokenSchema } from './schemas.ts';

const listTokens = createRoute({
  method: 'get',
  path: '/api/tokens',
  tags: ['tokens'],
  summary: 'API tokens (never their secrets); admin only',
  security: [{ bearer: [] }],
  request: { query: pageQuery },
  responses: {
    200: {
      description: 'a page of tokens',
      content: { 'application/json': { schema: pageSchema(tokenSchema, 'TokenPage') } },
    },
    ...errorResponses(400, 401, 403),
  },
});

const createToken = createRoute({
  method: 'post',
  path: '/api/tokens',
  tags: ['tokens'],
  summary: 'Create a token; its secret is in this response only; admin only',
  security: [{ bearer: [] }],
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({ name: z.string().min(1).max(200), role: z.enum(ROLES) }).openapi('TokenInput'),
        },
      },
    },
  },
  responses: {
    201: {
      description: 'created',
      content: {
        'application/json': {
          schema: z.object({ token: tokenSchema, secret: z.string() }).openapi('NewToken'),
        },
      },
    },
    ...errorResponses(400, 401, 403),
  },
});

const revokeToken = createRoute({
  method: 'delete',
  path: '/api/tokens/{id}',
  tags: ['tokens'],
  summary: 'Revoke a token; admin only',
  security: [{ bearer: [] }],
  request: { params: idParams },
  responses: {
    200: { description: 'revoked', content: { 'application/json': { schema: tokenSchema } } },
    ...errorResponses(401, 403, 404),
  },
});

/** `/api/tokens`: token administration. */
export function registerTokenRoutes(app: OpenAPIHono<AppEnv>, deps: AppDependencies): void {
  const { store } = deps;
  app.openapi(listTokens, async (c) => {
    requireRole(c, 'admin');
    return c.json(pageOf(await store.listTokens(), c.req.valid('query')), 200);
  });
  app.openapi(createToken, async (c) => {
    requireRole(c, 'admin');
    const { name, role } = c.req.valid('json');
    const { token, secret } = await createApiToken(store, { name, role });
    return c.json({ token, secret }, 201);
  });
  app.openapi(revokeToken, async (c) => {
    requireRole(c, 'admin');
    return c.json(await store.revokeToken(c.req.valid('param').id), 200);
  });
}
