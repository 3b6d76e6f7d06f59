import { PROBLEM_CONTENT_TYPE } from '@berth/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredRoutes, type RegisteredRoute } from '../../../test/registered-routes.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';

/**
 * The whole contract is in the OpenAPI document the API serves: every route the application
 * registered (read from Nest's metadata, as the access matrix does, so a new route is covered
 * the day it is added) has an operationId, a documented 2xx answer with a schema, and the
 * problem document for its errors. Lists answer one paged envelope.
 */

interface Schema {
  $ref?: string;
  type?: string;
  items?: Schema;
  properties?: Record<string, Schema>;
  [key: string]: unknown;
}
interface Response {
  description?: string;
  content?: Record<string, { schema?: Schema }>;
}
interface Operation {
  operationId?: string;
  responses?: Record<string, Response>;
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

/** GET routes whose 200 is a bare JSON array on purpose: views of one resource or a feed, not lists of resources. */
const NOT_LISTS = new Set(['images.history', 'containers.logs', 'events.find']);

let subject: TestApp;
let document: OpenApi;
let routes: RegisteredRoute[];

beforeAll(async () => {
  subject = await startTestApp();
  routes = registeredRoutes(subject.app);
  // The document as clients get it, which also proves it is served.
  document = (await subject.http().get('/api/docs-json').expect(200).expect('content-type', /json/)).body as OpenApi;
}, 60_000);
afterAll(async () => {
  await subject?.close();
});

/** `/api/v1/images/*ref/history` → `/api/v1/images/{ref}/history`, as @nestjs/swagger writes paths. */
function openApiPath(route: RegisteredRoute): string {
  return route.path.replace(/\{\*(\w+)\}|\*(\w+)|:(\w+)/g, (_match, ...names: (string | undefined)[]) => `{${names.find((name) => name !== undefined)}}`);
}

function operationOf(route: RegisteredRoute): Operation | undefined {
  return document.paths[openApiPath(route)]?.[route.method.toLowerCase()];
}

/** What is wrong with a route's documentation; empty when nothing is. */
function gapsOf(route: RegisteredRoute): string[] {
  const operation = operationOf(route);
  if (!operation) return ['not in the document'];
  const gaps: string[] = [];
  if (!operation.operationId) gaps.push('no operationId');
  else if (operation.operationId !== route.action) gaps.push(`operationId ${operation.operationId}, not its audit name ${route.action}`);
  const responses = Object.entries(operation.responses ?? {});
  const success = responses.filter(([status]) => /^2\d\d$/.test(status));
  const described = success.filter(([status, response]) => status === '204' || Object.values(response.content ?? {}).some((media) => hasSchema(media.schema)));
  if (described.length === 0) gaps.push(success.length === 0 ? 'no 2xx response' : `2xx (${success.map(([status]) => status).join(', ')}) without a schema`);
  const problems = responses.filter(([status, response]) => !/^2\d\d$/.test(status) && isProblemDocument(response));
  if (problems.length === 0) gaps.push('no problem-document response');
  return gaps;
}

function hasSchema(schema: Schema | undefined): boolean {
  return schema !== undefined && (schema.$ref !== undefined || schema.type !== undefined || Array.isArray(schema['oneOf']) || Array.isArray(schema['allOf']));
}

function isProblemDocument(response: Response): boolean {
  return /\/ProblemDocumentDto$/.test(response.content?.[PROBLEM_CONTENT_TYPE]?.schema?.$ref ?? '');
}

/** The schema a `$ref` names, or the schema itself. */
function resolve(schema: Schema | undefined): Schema | undefined {
  return schema?.$ref ? document.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')] : schema;
}

/** Every `$ref` anywhere under `value`. */
function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refsIn(item, found);
  else if (typeof value === 'object' && value !== null)
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') found.push(item);
      else refsIn(item, found);
    }
  return found;
}

describe('the OpenAPI contract', () => {
  it('sees the routes (sanity: the derivation finds the known ones)', () => {
    expect(routes.length).toBeGreaterThanOrEqual(69);
    expect(operationOf(routes.find((route) => route.action === 'images.history')!)).toBeDefined();
    expect(operationOf(routes.find((route) => route.action === 'containers.start')!)).toBeDefined();
  });

  it('documents every route: an operationId, a 2xx answer with a schema, and the problem document for errors', () => {
    const undocumented = routes.flatMap((route) => gapsOf(route).map((gap) => `${route.method} ${route.path} (${route.action}): ${gap}`));
    expect(undocumented).toEqual([]);
  });

  it('gives each operation its own id', () => {
    const ids = Object.values(document.paths).flatMap((operations) => Object.values(operations).map((operation) => operation.operationId));
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
  });

  it('points every schema reference at a schema the document has', () => {
    const known = new Set(Object.keys(document.components?.schemas ?? {}).map((name) => `#/components/schemas/${name}`));
    expect([...new Set(refsIn(document))].filter((ref) => !known.has(ref))).toEqual([]);
  });

  it('answers every list with the paged envelope {items, total} and takes offset and limit', () => {
    const bare: string[] = [];
    for (const route of routes.filter((route) => route.method === 'GET' && !NOT_LISTS.has(route.action))) {
      const operation = operationOf(route)!;
      const schema = resolve(operation.responses?.['200']?.content?.['application/json']?.schema);
      if (schema?.type === 'array') bare.push(`${route.path} (${route.action}) answers a bare array`);
      if (schema?.properties?.['items']?.type === 'array') {
        if (schema.properties['total']?.type !== 'integer') bare.push(`${route.path} (${route.action}) has items but no integer total`);
        const parameters = ((operation as { parameters?: { name: string; in: string }[] }).parameters ?? []).filter((parameter) => parameter.in === 'query');
        for (const name of ['offset', 'limit'])
          if (!parameters.some((parameter) => parameter.name === name)) bare.push(`${route.path} (${route.action}) pages without ${name}`);
      }
    }
    expect(bare).toEqual([]);
  });
});
