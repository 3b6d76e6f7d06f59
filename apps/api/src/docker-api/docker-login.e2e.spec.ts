import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalRegistry, type LocalRegistry } from '@berth/images/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/test-app.js';
import { DockerListener } from './docker-listener.service.js';

/**
 * Registry logins through the Docker Engine API with the stock docker CLI on Berth's unix
 * socket: `docker login` (POST /auth) is checked against Debian's docker-registry behind
 * htpasswd, and `docker push`/`pull` with no client-side login use the login stored with
 * `berth login` (REST) for the socket's user.
 */
const DOCKER = ['/usr/local/bin/docker', '/usr/bin/docker'].find((path) => spawnSync(path, ['--version']).status === 0);
if (!DOCKER) console.warn('docker-login.e2e.spec: skipped, no docker client (/usr/local/bin/docker or docker.io)');
const LOGIN = { username: 'socket-user', password: 'socket-Pa55' };

let subject: TestApp;
let registry: LocalRegistry;
let work: string;
let socket: string;

beforeAll(async () => {
  if (!DOCKER) return;
  work = mkdtempSync(join(tmpdir(), 'berth-docker-login-'));
  socket = join(work, 'docker.sock');
  subject = await startTestApp({ BERTH_DOCKER_SOCKET: socket });
  await subject.app.get(DockerListener).listen();
  const htpasswd = join(work, 'htpasswd');
  writeFileSync(htpasswd, execFileSync('htpasswd', ['-Bbn', LOGIN.username, LOGIN.password]));
  registry = await startLocalRegistry(join(work, 'registry'), htpasswd);
}, 90_000);

afterAll(async () => {
  await registry?.stop();
  await subject?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/**
 * The docker CLI on Berth's socket with its own, initially empty, config directory. Async:
 * the server answering it runs in this very process.
 */
function docker(config: string, args: string[], input?: string): Promise<{ code: number | null; out: string; dir: string }> {
  const dir = join(work, config);
  mkdirSync(dir, { recursive: true });
  const child = spawn(DOCKER!, args, { env: { ...process.env, DOCKER_HOST: `unix://${socket}`, DOCKER_CONFIG: dir }, timeout: 60_000 });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stdin.end(input ?? '');
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, out, dir })));
}

describe.skipIf(!DOCKER)('docker login and stored logins on the Docker API', () => {
  it('refuses a wrong password like dockerd (401, non-zero exit)', async () => {
    const result = await docker('wrong', ['login', '-u', LOGIN.username, '--password-stdin', registry.host], 'not-it\n');
    expect(result.code).not.toBe(0);
    expect(result.out).toContain('REGISTRY_AUTH_FAILED');
  });

  it('answers Login Succeeded for the right one', async () => {
    const result = await docker('right', ['login', '-u', LOGIN.username, '--password-stdin', registry.host], `${LOGIN.password}\n`);
    expect(result.out).toContain('Login Succeeded');
    expect(result.code).toBe(0);
    // The docker CLI keeps it on its side, as with dockerd; Berth stored nothing.
    expect(readFileSync(join(result.dir, 'config.json'), 'utf8')).toContain(registry.host);
  });

  it('pushes and pulls with the login stored by berth login, and without it is refused', async () => {
    const target = `${registry.host}/socket/bb:1`;
    expect((await docker('none', ['tag', 'busybox', target])).code).toBe(0);
    const anonymous = await docker('none', ['push', target]);
    expect(anonymous.code).not.toBe(0);
    await subject
      .http()
      .post('/api/v1/registry-credentials')
      .send({ registry: registry.host, ...LOGIN })
      .expect(201);
    const pushed = await docker('none', ['push', target]);
    expect(pushed.out).toMatch(/digest: sha256:/);
    expect(pushed.code).toBe(0);
    expect((await docker('none', ['rmi', target])).code).toBe(0);
    const pulled = await docker('none', ['pull', target]);
    expect(pulled.out).toContain('Downloaded newer image');
    expect(pulled.code).toBe(0);
  });
});
