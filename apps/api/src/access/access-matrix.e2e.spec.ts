import type { AddressInfo } from 'node:net';
import { ROLE_NAMES, type RoleName } from '@berth/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenWithRole } from '../../test/access-fixtures.js';
import { registeredRoutes, urlOf, type RegisteredRoute } from '../../test/registered-routes.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';
import { AuditService } from '../audit/audit.service.js';
import { isMutating, roleAtLeast } from '../auth/access-rule.js';

/**
 * The role × route matrix, derived from the routes the application registered: every route
 * has a rule, each role gets exactly what the rule allows, nobody unauthenticated gets past a
 * non-public route, and every call to a mutating route leaves exactly one audit record.
 * Real PostgreSQL, real server; parameters name things that do not exist, bodies are empty,
 * so the calls that pass the guard stop at validation or "not found".
 */
let subject: TestApp;
let base: string;
let routes: RegisteredRoute[];
const tokens = {} as Record<RoleName, string>;

beforeAll(async () => {
  subject = await startTestApp();
  await subject.app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(subject.app.getHttpServer().address() as AddressInfo).port}`;
  routes = registeredRoutes(subject.app);
  for (const role of ROLE_NAMES) tokens[role] = role === 'admin' ? subject.adminToken : await tokenWithRole(subject, role);
}, 60_000);
afterAll(async () => {
  await subject?.close();
});

/** Status and problem code; a stream's body is not waited for (nor a HEAD's, which has none). */
async function call(route: RegisteredRoute, token: string | undefined): Promise<{ status: number; code?: string }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers['authorization'] = `Bearer ${token}`;
  const body = isMutating(route.method) ? '{}' : undefined;
  if (body) headers['content-type'] = 'application/json';
  const controller = new AbortController();
  const response = await fetch(base + urlOf(route), { method: route.method, headers, body, signal: controller.signal, redirect: 'manual' });
  const type = response.headers.get('content-type') ?? '';
  // A HEAD answer has the headers of the body it would have had, and no body.
  if (route.method === 'HEAD' || !/^application\/(problem\+)?json/.test(type)) {
    controller.abort();
    return { status: response.status };
  }
  const json = (await response.json()) as { code?: string };
  return { status: response.status, code: json.code };
}

async function auditCount(action: string): Promise<number> {
  await subject.app.get(AuditService).settled();
  return subject.db.prisma.auditRecord.count({ where: { action } });
}

/** The record is written when the server's response closes, a moment after the client has it. */
async function auditCountSettled(action: string, atLeast: number): Promise<number> {
  const deadline = Date.now() + 3000;
  let count = await auditCount(action);
  while (count < atLeast && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    count = await auditCount(action);
  }
  return count;
}

describe('access rules of every registered route', () => {
  it('finds the routes (sanity: the derivation sees the known ones)', () => {
    const names = routes.map((route) => `${route.method} ${route.path}`);
    expect(names).toEqual(
      expect.arrayContaining(['POST /api/v1/containers', 'GET /api/v1/containers/:id', 'DELETE /api/v1/tokens/:id', 'GET /healthz', 'GET /metrics']),
    );
    expect(routes.length).toBeGreaterThan(60);
  });

  it('gives every route exactly one rule', () => {
    expect(routes.filter((route) => !route.rule).map((route) => `${route.method} ${route.path} (${route.action})`)).toEqual([]);
  });

  it('keeps public only the probes and the sign-in', () => {
    const open = routes.filter((route) => route.rule?.kind === 'public').map((route) => `${route.method} ${route.path}`);
    expect(open.sort()).toEqual(['GET /healthz', 'GET /readyz', 'POST /api/v1/auth/login']);
  });

  it('lets each role through exactly the routes its rule allows, and records every mutating call once', { timeout: 240_000 }, async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const callers: [string, string | undefined, boolean][] = [
        ['anonymous', undefined, route.rule?.kind === 'public'],
        ...ROLE_NAMES.map((role): [string, string, boolean] => [
          role,
          tokens[role],
          route.rule?.kind === 'public' || (route.rule?.kind === 'role' && roleAtLeast(role, route.rule.role)),
        ]),
      ];
      for (const [who, token, allowed] of callers) {
        const before = isMutating(route.method) ? await auditCount(route.action) : 0;
        const { status, code } = await call(route, token);
        const refused = status === 401 || code === 'ROLE_REQUIRED' || code === 'ACCESS_RULE_MISSING';
        if (allowed === refused)
          wrong.push(`${route.method} ${route.path} as ${who}: ${status} ${code ?? ''} (${allowed ? 'should pass' : 'should be refused'})`);
        if (!allowed && token === undefined && status !== 401) wrong.push(`${route.method} ${route.path} anonymous: ${status}, not 401`);
        if (isMutating(route.method)) {
          const after = await auditCountSettled(route.action, before + 1);
          if (after !== before + 1) wrong.push(`${route.method} ${route.path} as ${who}: ${after - before} audit records, not 1`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
