import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDesk, type TestDesk } from './test-helpers.ts';

interface Operation {
  summary?: string;
  parameters?: { name: string; in: string }[];
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}
interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
}

let desk: TestDesk;
let document: OpenApiDocument;
beforeAll(async () => {
  desk = await openTestDesk();
  document = (await (await desk.app.request('/openapi.json')).json()) as OpenApiDocument;
});
afterAll(() => desk.close());

function refs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refs(item, found);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') found.push(item);
      else refs(item, found);
    }
  }
  return found;
}

describe('/openapi.json', () => {
  it('is an OpenAPI 3.1 document with a path for every API route the app answers', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.title).toContain('claimtrail');
    const served = desk.app.routes
      .filter((route) => route.path.startsWith('/api/') && route.method !== 'ALL')
      .map((route) => `${route.method.toLowerCase()} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method} ${path}`),
    );
    expect(served.length).toBeGreaterThanOrEqual(20);
    expect([...new Set(served)].sort()).toEqual([...new Set(documented)].sort());
  });

  it('documents responses, path parameters and errors of every operation', () => {
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const where = `${method} ${path}`;
        expect(operation.summary, where).toBeTruthy();
        const success = Object.keys(operation.responses).filter((status) => status.startsWith('2'));
        expect(success.length, where).toBeGreaterThan(0);
        expect(
          Object.keys(operation.responses).some((status) => status.startsWith('4')),
          where,
        ).toBe(true);
        for (const name of path.match(/\{(\w+)\}/g) ?? []) {
          expect(
            operation.parameters?.some(
              (parameter) => parameter.in === 'path' && `{${parameter.name}}` === name,
            ),
            `${where} ${name}`,
          ).toBe(true);
        }
      }
    }
    expect(document.paths['/api/claims']?.get?.parameters?.map((parameter) => parameter.name)).toEqual(
      expect.arrayContaining(['limit', 'cursor', 'search', 'sort', 'status']),
    );
  });

  it('resolves every $ref to a component schema, and declares bearer auth', () => {
    const all = refs(document);
    expect(all.length).toBeGreaterThan(10);
    for (const ref of all) {
      const name = ref.replace('#/components/schemas/', '');
      expect(document.components.schemas[name], ref).toBeDefined();
    }
    expect(document.components.schemas.Error).toBeDefined();
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });
});
