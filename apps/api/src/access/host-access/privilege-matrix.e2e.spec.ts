import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROLE_NAMES, type RoleName } from '@berth/contracts';
import { startLocalRegistry, type LocalRegistry } from '@berth/images/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenWithRole, withToken } from '../../../test/access-fixtures.js';
import { changesBetween, hostState, routeTo } from '../../../test/host-state.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { NetworkOwners } from '../../networks/network-owners.js';
import { HOST_ACCESS_FIELDS, type HostAccessSurface } from './host-access-fields.js';

/**
 * The privilege matrix (issue 16): every request field that reaches the host, tried by a
 * viewer, an operator and an admin, against the real server, kernel and PostgreSQL. A viewer
 * is refused by the route's role, an operator by the host-access policy naming the field, an
 * admin gets through; every refusal leaves the catalogue, the runtime, the image store and
 * the host's links, routes and firewall as they were. The fields come from the OpenAPI
 * document, so a field added to a host-reaching request without a class in
 * host-access-fields.ts — or a host field without a case here — fails the matrix.
 */
let subject: TestApp;
let registry: LocalRegistry;
let registryDir: string;
let owner: string;
/** A container of the team whose update the matrix tries. */
let updateTarget: string;
const tokens = {} as Record<RoleName, string>;

/** Where each surface's fields are in the OpenAPI document. */
const SURFACES: Record<HostAccessSurface, { method: 'post'; path: RegExp; in: 'body' | 'query' }> = {
  'containers.create': { method: 'post', path: /^\/api\/v1\/containers$/, in: 'body' },
  'containers.update': { method: 'post', path: /^\/api\/v1\/containers\/\{id\}\/update$/, in: 'body' },
  'networks.create': { method: 'post', path: /^\/api\/v1\/networks$/, in: 'body' },
  'networks.connect': { method: 'post', path: /^\/api\/v1\/networks\/\{id\}\/connect$/, in: 'body' },
  'images.pull': { method: 'post', path: /^\/api\/v1\/images\/pull$/, in: 'body' },
  'images.push': { method: 'post', path: /^\/api\/v1\/images\/.*push$/, in: 'body' },
  'images.build': { method: 'post', path: /^\/api\/v1\/images\/build$/, in: 'query' },
};

interface MatrixCase {
  surface: HostAccessSurface;
  /** The classified field the case exercises (`mounts[].source`). */
  field: string;
  /** What the refusal names (`mounts[0].source`). */
  names: string;
  method: 'post';
  path: string | (() => string);
  body: object | (() => object);
  /** The admin's request, when the operator's would change the host for every agent on this machine (a route to 8.8.8.0/24). */
  adminBody?: object;
  /** What the admin gets: past the policy, the request meets the ordinary checks (default: it succeeds). */
  admin?: { status: number; code: string };
}

const CASES: MatrixCase[] = [
  { surface: 'containers.create', field: 'network', names: 'network', method: 'post', path: '/api/v1/containers', body: { image: 'busybox', network: 'host' } },
  {
    surface: 'containers.create',
    field: 'networks',
    names: 'networks[0]',
    method: 'post',
    path: '/api/v1/containers',
    body: { image: 'busybox', networks: ['host'] },
    // host is a mode, never one of several networks: even an admin's request is refused, by validation.
    admin: { status: 400, code: 'CONFLICTING_OPTIONS' },
  },
  {
    surface: 'containers.create',
    field: 'privileged',
    names: 'privileged',
    method: 'post',
    path: '/api/v1/containers',
    body: { image: 'busybox', privileged: true },
  },
  ...['NET_ADMIN', 'SYS_PTRACE', 'SYS_ADMIN', 'SYS_MODULE'].map((capability): MatrixCase => ({
    surface: 'containers.create',
    field: 'capAdd',
    names: 'capAdd[0]',
    method: 'post',
    path: '/api/v1/containers',
    body: { image: 'busybox', capAdd: [capability] },
  })),
  ...(['mounts[].type', 'mounts[].source'] as const).map((field): MatrixCase => ({
    surface: 'containers.create',
    field,
    names: 'mounts[0].source',
    method: 'post',
    path: '/api/v1/containers',
    body: { image: 'busybox', mounts: [{ type: 'bind', source: '/etc', target: '/host-etc', readOnly: true }] },
  })),
  {
    surface: 'containers.create',
    field: 'ports[].hostPort',
    names: 'ports[0].hostPort',
    method: 'post',
    path: '/api/v1/containers',
    body: { image: 'busybox', ports: [{ containerPort: 80, hostPort: 80 }] },
  },
  {
    surface: 'containers.create',
    field: 'resources.pidsLimit',
    names: 'resources.pidsLimit',
    method: 'post',
    path: '/api/v1/containers',
    body: { image: 'busybox', resources: { pidsLimit: -1 } },
  },
  {
    surface: 'containers.update',
    field: 'resources.pidsLimit',
    names: 'resources.pidsLimit',
    method: 'post',
    path: () => `/api/v1/containers/${updateTarget}/update`,
    body: { resources: { pidsLimit: -1 } },
  },
  {
    surface: 'networks.create',
    field: 'subnet',
    names: 'subnet',
    method: 'post',
    path: '/api/v1/networks',
    body: { name: 'outside', subnet: '8.8.8.0/24' },
    adminBody: { name: 'outside', subnet: '10.213.77.0/24' },
  },
  // Push first: the admin's push puts the image where the admin's pull then finds it.
  {
    surface: 'images.push',
    field: 'target',
    names: 'target',
    method: 'post',
    path: '/api/v1/images/busybox:latest/push',
    body: () => ({ target: `${registry.host}/matrix/busybox:1` }),
  },
  {
    surface: 'images.pull',
    field: 'reference',
    names: 'reference',
    method: 'post',
    path: '/api/v1/images/pull',
    body: () => ({ reference: `${registry.host}/matrix/busybox:1` }),
  },
  {
    surface: 'images.pull',
    field: 'reference',
    names: 'reference',
    method: 'post',
    path: '/api/v1/images/pull',
    body: () => ({ reference: `localhost:${registry.host.split(':')[1]}/matrix/busybox:1` }),
  },
];

beforeAll(async () => {
  registryDir = mkdtempSync(join(tmpdir(), 'berth-matrix-registry-'));
  registry = await startLocalRegistry(registryDir);
  subject = await startTestApp();
  owner = new NetworkOwners(subject.root).prefix;
  for (const role of ROLE_NAMES) tokens[role] = role === 'admin' ? subject.adminToken : await tokenWithRole(subject, role);
  // The team's default network exists before the matrix, so an admin's create adds no bridge the next case's snapshot would race with.
  await subject.http().post('/api/v1/networks').send({ name: 'warm-up' }).expect(201);
  await subject.http().delete('/api/v1/networks/warm-up').expect(204);
  const made = await subject
    .http()
    .post('/api/v1/containers')
    .send({ image: 'busybox', cmd: ['true'] })
    .expect(201);
  await subject
    .http()
    .delete(`/api/v1/containers/${made.body.id as string}`)
    .expect(204);
  updateTarget = (
    await subject
      .http()
      .post('/api/v1/containers')
      .send({ image: 'busybox', cmd: ['true'], network: 'none' })
      .expect(201)
  ).body.id as string;
}, 60_000);
afterAll(async () => {
  await subject?.close();
  await registry?.stop();
  rmSync(registryDir, { recursive: true, force: true });
});

/** An OpenAPI schema's fields as paths: `resources`, `resources.memory`, `mounts`, `mounts[].source`. */
function fieldsOf(schema: Schema, document: OpenApi, prefix = ''): string[] {
  const fields: string[] = [];
  for (const [name, property] of Object.entries(resolve(schema, document).properties ?? {})) {
    const path = `${prefix}${name}`;
    fields.push(path);
    const target = resolve(property, document);
    if (target.properties) fields.push(...fieldsOf(target, document, `${path}.`));
    else if (target.type === 'array' && target.items && resolve(target.items, document).properties)
      fields.push(...fieldsOf(resolve(target.items, document), document, `${path}[].`));
  }
  return fields;
}

interface Schema {
  $ref?: string;
  allOf?: Schema[];
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
}
interface Operation {
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

function resolve(schema: Schema, document: OpenApi): Schema {
  if (schema.$ref) return resolve(document.components.schemas[schema.$ref.split('/').at(-1)!]!, document);
  if (schema.allOf?.length === 1) return resolve(schema.allOf[0]!, document);
  return schema;
}

async function call(role: RoleName, method: 'post', path: string, body: object) {
  const response = await withToken(subject, tokens[role])[method](path).set('Accept', 'application/json').send(body);
  return { status: response.status, code: (response.body as { code?: string }).code, field: (response.body as { field?: string }).field, body: response.body };
}

/** Removes what an admin's successful request made, so the next case starts from the same host. */
async function undo(made: { id?: string; name?: string }, path: string): Promise<void> {
  if (path === '/api/v1/containers' && made.id) await subject.http().delete(`/api/v1/containers/${made.id}?force=true`).expect(204);
  if (path === '/api/v1/networks' && made.id) await subject.http().delete(`/api/v1/networks/${made.id}`).expect(204);
}

describe('the host-access classification', () => {
  it('classifies every field of every host-reaching request in the OpenAPI document, and nothing else', async () => {
    const document = (await subject.http().get('/api/docs-json').expect(200)).body as OpenApi;
    const unclassified: string[] = [];
    const stale: string[] = [];
    for (const [surface, where] of Object.entries(SURFACES) as [HostAccessSurface, (typeof SURFACES)[HostAccessSurface]][]) {
      const [, operations] = Object.entries(document.paths).find(([path, entry]) => where.path.test(path) && entry[where.method]) ?? [];
      expect(operations, `${surface}: no ${where.method.toUpperCase()} ${where.path} in the OpenAPI document`).toBeDefined();
      const operation = operations![where.method]!;
      const fields =
        where.in === 'query'
          ? (operation.parameters ?? []).filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name)
          : fieldsOf(operation.requestBody!.content['application/json']!.schema, document);
      const classified = HOST_ACCESS_FIELDS[surface];
      unclassified.push(...fields.filter((field) => !(field in classified)).map((field) => `${surface} ${field}`));
      stale.push(
        ...Object.keys(classified)
          .filter((field) => !fields.includes(field))
          .map((field) => `${surface} ${field}`),
      );
    }
    expect(unclassified, 'fields without a host-access class (add them to host-access-fields.ts, and a rule if they reach the host)').toEqual([]);
    expect(stale, 'classified fields no request has').toEqual([]);
  });

  it('has a matrix case for every field classified as reaching the host', () => {
    const host = Object.entries(HOST_ACCESS_FIELDS).flatMap(([surface, fields]) =>
      Object.entries(fields)
        .filter(([, reach]) => reach === 'host')
        .map(([field]) => `${surface} ${field}`),
    );
    const covered = new Set(CASES.map((entry) => `${entry.surface} ${entry.field}`));
    expect(host.filter((field) => !covered.has(field))).toEqual([]);
  });
});

describe('the privilege matrix', () => {
  it(
    `lets exactly the admin ask for each host field (${CASES.length} requests × ${ROLE_NAMES.length} roles), and a refusal changes nothing`,
    { timeout: 300_000 },
    async () => {
      const wrong: string[] = [];
      for (const entry of CASES) {
        const path = typeof entry.path === 'function' ? entry.path() : entry.path;
        const body = typeof entry.body === 'function' ? entry.body() : entry.body;
        const label = `${entry.surface} ${entry.field} ${JSON.stringify(body)}`;
        for (const role of ['viewer', 'operator'] as const) {
          const before = await hostState(subject);
          const answer = await call(role, entry.method, path, body);
          const expected = role === 'viewer' ? { code: 'ROLE_REQUIRED' } : { code: 'HOST_ACCESS_DENIED', field: entry.names };
          if (answer.status !== 403 || answer.code !== expected.code || (role === 'operator' && answer.field !== entry.names))
            wrong.push(`${label} as ${role}: ${answer.status} ${answer.code ?? ''} ${answer.field ?? ''}, expected 403 ${JSON.stringify(expected)}`);
          const changes = changesBetween(before, await hostState(subject), owner);
          if (changes.length > 0) wrong.push(`${label} as ${role} changed: ${changes.join('; ')}`);
        }
        const answer = await call('admin', entry.method, path, entry.adminBody ?? body);
        const admitted = entry.admin ? answer.status === entry.admin.status && answer.code === entry.admin.code : answer.status >= 200 && answer.status < 300;
        if (!admitted) wrong.push(`${label} as admin (${JSON.stringify(entry.adminBody ?? body)}): ${answer.status} ${answer.code ?? ''}`);
        await undo(answer.body as { id?: string }, path);
      }
      expect(wrong).toEqual([]);
    },
  );
});

describe('issue 16 reproductions', () => {
  it('1: refuses an operator host network with NET_ADMIN and SYS_PTRACE, and SYS_ADMIN alone, making nothing', async () => {
    const before = await hostState(subject);
    const hostNetwork = await call('operator', 'post', '/api/v1/containers', { image: 'busybox', network: 'host', capAdd: ['NET_ADMIN', 'SYS_PTRACE'] });
    expect(hostNetwork).toMatchObject({ status: 403, code: 'HOST_ACCESS_DENIED', field: 'network' });
    const sysAdmin = await call('operator', 'post', '/api/v1/containers', { image: 'busybox', capAdd: ['SYS_ADMIN'] });
    expect(sysAdmin).toMatchObject({ status: 403, code: 'HOST_ACCESS_DENIED', field: 'capAdd[0]' });
    expect(changesBetween(before, await hostState(subject), owner)).toEqual([]);
    // What stays open to operators: Docker's default set, the safe extras, and dropping.
    const ordinary = await call('operator', 'post', '/api/v1/containers', { image: 'busybox', capAdd: ['NET_BIND_SERVICE', 'IPC_LOCK'], capDrop: ['NET_RAW'] });
    expect(ordinary.status).toBe(201);
    await undo(ordinary.body as { id: string }, '/api/v1/containers');
  });

  it("3: refuses an operator's network on 8.8.8.0/24, and the host's route to 8.8.8.8 stays where it was", async () => {
    const route = routeTo('8.8.8.8');
    const before = await hostState(subject);
    const answer = await call('operator', 'post', '/api/v1/networks', { name: 'google', subnet: '8.8.8.0/24' });
    expect(answer).toMatchObject({ status: 403, code: 'HOST_ACCESS_DENIED', field: 'subnet' });
    expect(routeTo('8.8.8.8')).toBe(route);
    expect(route).not.toMatch(/berth-/);
    expect(changesBetween(before, await hostState(subject), owner)).toEqual([]);
    // Inside the pool, an operator may.
    const inside = await call('operator', 'post', '/api/v1/networks', { name: 'inside', subnet: '10.89.231.0/24' });
    expect(inside.status).toBe(201);
    await undo(inside.body as { id: string }, '/api/v1/networks');
  });
});

describe('a container that holds host access', () => {
  it("lets only an admin run a command in it: an operator's exec into an admin's privileged container is refused", { timeout: 60_000 }, async () => {
    const made = await subject
      .http()
      .post('/api/v1/containers')
      .send({ image: 'busybox', privileged: true, cmd: ['sleep', '60'] })
      .expect(201);
    const id = made.body.id as string;
    try {
      await subject.http().post(`/api/v1/containers/${id}/start`).expect(200);
      const refused = await call('operator', 'post', `/api/v1/containers/${id}/exec`, { cmd: ['id'] });
      expect(refused).toMatchObject({ status: 403, code: 'HOST_ACCESS_DENIED', field: 'container' });
      const admin = await call('admin', 'post', `/api/v1/containers/${id}/exec`, { cmd: ['id', '-u'] });
      expect(admin).toMatchObject({ status: 200, body: { exitCode: 0 } });
      // An ordinary container of the team stays the operator's to enter.
      const plain = await subject
        .http()
        .post('/api/v1/containers')
        .send({ image: 'busybox', cmd: ['sleep', '60'] })
        .expect(201);
      await subject
        .http()
        .post(`/api/v1/containers/${plain.body.id as string}/start`)
        .expect(200);
      expect((await call('operator', 'post', `/api/v1/containers/${plain.body.id as string}/exec`, { cmd: ['true'] })).status).toBe(200);
      await undo(plain.body as { id: string }, '/api/v1/containers');
    } finally {
      await undo({ id }, '/api/v1/containers');
    }
  });
});
