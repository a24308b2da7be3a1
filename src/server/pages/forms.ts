import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { z } from 'zod';
import { changeStatus } from '../../review/index.ts';
import { requireRole } from '../auth.ts';
import type { AppDependencies, AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { evidenceInputSchema, statusInputSchema, verdictInputSchema } from '../schemas.ts';
import { assertSameOriginForm } from '../security.ts';

/** A form's fields with empty ones left out, as the API's JSON would have them. */
function fields(form: Record<string, string | File | (string | File)[]>): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(form)) {
    if (Array.isArray(value))
      result[name] = value.filter((item): item is string => typeof item === 'string' && item.trim() !== '');
    else if (typeof value === 'string' && value.trim() !== '') result[name] = value.trim();
  }
  return result;
}

function validate<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError(
      'invalid-request',
      `${issue?.path.join('.') || 'form'}: ${issue?.message ?? 'invalid'}`,
      400,
    );
  }
  return parsed.data;
}

/** Checks origin, CSRF token and role; returns the reviewer and the form's fields. */
async function reviewForm(c: Context<AppEnv>) {
  const form = await c.req.parseBody({ all: true });
  assertSameOriginForm(c, form);
  const reviewer = requireRole(c, 'reviewer');
  return { reviewer, form: fields(form) };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The dossier's forms: the same records as the API's review routes, answered with a redirect. */
export function registerFormRoutes(app: OpenAPIHono<AppEnv>, deps: AppDependencies): void {
  const { store } = deps;
  const back = (id: string, anchor: string) => `/claims/${encodeURIComponent(id)}#${anchor}`;

  app.post('/claims/:id/evidence', async (c) => {
    const { reviewer, form } = await reviewForm(c);
    const body = validate(evidenceInputSchema, {
      url: single(form.url),
      reference: single(form.reference),
      quote: single(form.quote),
      relation: single(form.relation),
      kind: single(form.kind),
      note: single(form.note),
    });
    const id = c.req.param('id');
    await store.addEvidence({
      clusterId: id,
      url: body.url ?? null,
      reference: body.reference ?? null,
      quote: body.quote ?? null,
      relation: body.relation,
      kind: body.kind,
      note: body.note ?? null,
      addedBy: reviewer.name,
    });
    return c.redirect(back(id, 'evidence'), 303);
  });

  app.post('/claims/:id/status', async (c) => {
    const { reviewer, form } = await reviewForm(c);
    const evidenceIds = form.evidenceIds;
    const party = single(form.replyParty);
    const body = validate(statusInputSchema, {
      status: single(form.status),
      note: single(form.note),
      evidenceIds:
        evidenceIds === undefined ? undefined : Array.isArray(evidenceIds) ? evidenceIds : [evidenceIds],
      reply: party ? { party, quote: single(form.replyQuote) } : undefined,
    });
    const id = c.req.param('id');
    await changeStatus(store, {
      clusterId: id,
      status: body.status,
      note: body.note ?? null,
      author: reviewer.name,
      evidenceIds: body.evidenceIds ?? [],
      reply: body.reply ? { party: body.reply.party, url: null, quote: body.reply.quote ?? null } : null,
    });
    return c.redirect(back(id, 'status'), 303);
  });

  app.post('/claims/:id/watch', async (c) => {
    const { reviewer, form } = await reviewForm(c);
    const raw = single(form.hedgingPercent);
    const percent = raw === undefined ? null : Number(raw);
    if (percent !== null && !(percent >= 0 && percent <= 100)) {
      throw new ApiError(
        'invalid-request',
        `hedging threshold must be a percentage from 0 to 100, got "${raw}"`,
        400,
      );
    }
    const id = c.req.param('id');
    await store.getCluster(id);
    await store.watchCluster({
      clusterId: id,
      hedgingThreshold: percent === null ? null : percent / 100,
      createdBy: reviewer.name,
    });
    return c.redirect(back(id, 'watch'), 303);
  });

  app.post('/claims/:id/unwatch', async (c) => {
    await reviewForm(c);
    const id = c.req.param('id');
    await store.unwatchCluster(id);
    return c.redirect(back(id, 'watch'), 303);
  });

  app.post('/claims/:id/verdicts', async (c) => {
    const { reviewer, form } = await reviewForm(c);
    const body = validate(verdictInputSchema, {
      rating: Number(single(form.rating)),
      rationale: single(form.rationale),
      claimReviewed: single(form.claimReviewed),
      url: single(form.url),
    });
    const id = c.req.param('id');
    await store.recordVerdict({
      clusterId: id,
      rating: body.rating,
      rationale: body.rationale,
      author: reviewer.name,
      claimReviewed: body.claimReviewed ?? null,
      url: body.url ?? null,
    });
    return c.redirect(back(id, 'review'), 303);
  });
}
