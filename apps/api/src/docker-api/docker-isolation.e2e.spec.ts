import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otherTeam } from '../../test/access-fixtures.js';
import { freePort } from '../../test/server-process.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';
import { DockerListener } from './docker-listener.service.js';

/**
 * Team isolation through the Docker Engine API (real PostgreSQL, real containers, the stock
 * docker CLI over TCP): another team's token gets `No such …` for our containers, volumes,
 * networks and images by id and by name, sees none of them in lists, and cannot remove them.
 */
const run = promisify(execFile);
const DOCKER = ['/usr/local/bin/docker', '/usr/bin/docker'].find((path) => spawnSync(path, ['--version']).status === 0);
if (!DOCKER) console.warn('docker-isolation.e2e.spec: skipped, no docker client (/usr/local/bin/docker or docker.io)');

let subject: TestApp;
let host: string;
let theirs: string;
let containerId: string;

beforeAll(async () => {
  if (!DOCKER) return;
  const port = await freePort();
  subject = await startTestApp({ BERTH_DOCKER_SOCKET: 'off', BERTH_DOCKER_PORT: String(port) });
  await subject.app.get(DockerListener).listen();
  host = `tcp://127.0.0.1:${port}`;
  const other = await otherTeam(subject);
  theirs = join(subject.root, 'their-docker-config');
  mkdirSync(theirs);
  writeFileSync(join(theirs, 'config.json'), JSON.stringify({ HttpHeaders: { Authorization: `Bearer ${other.adminToken}` } }));
  const http = subject.http();
  containerId = (
    await http
      .post('/api/v1/containers')
      .send({ image: 'busybox', name: 'private', cmd: ['sleep', '60'], network: 'none' })
      .expect(201)
  ).body.id;
  await http.post(`/api/v1/containers/${containerId}/start`).expect(200);
  await http.post('/api/v1/volumes').send({ name: 'secret-data' }).expect(201);
  await http.post('/api/v1/images/busybox/tag').send({ reference: 'private/tool:v1' }).expect(201);
}, 90_000);

afterAll(async () => {
  await subject?.close();
});

async function dockerAsThem(args: string[]) {
  return run(DOCKER!, args, { env: { ...process.env, DOCKER_HOST: host, DOCKER_CONFIG: theirs }, timeout: 30_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? -1, stdout: error.stdout ?? '', stderr: error.stderr ?? '' }),
  );
}

describe.skipIf(!DOCKER)("another team's token on the Docker API", () => {
  it('gets "No such" for our container, volume and image, by id and by name', async () => {
    for (const args of [
      ['inspect', '--type', 'container', 'private'],
      ['inspect', '--type', 'container', containerId],
      ['logs', 'private'],
      ['top', 'private'],
      ['exec', 'private', 'true'],
      ['volume', 'inspect', 'secret-data'],
      ['image', 'inspect', 'private/tool:v1'],
    ]) {
      const result = await dockerAsThem(args);
      expect(result.code, `docker ${args.join(' ')}: ${result.stdout}`).not.toBe(0);
      expect(result.stderr, `docker ${args.join(' ')}`).toMatch(/No such/i);
    }
  });

  it('sees none of ours in lists and cannot stop or remove them', async () => {
    expect((await dockerAsThem(['ps', '-aq'])).stdout).toBe('');
    expect((await dockerAsThem(['volume', 'ls', '-q'])).stdout).toBe('');
    expect((await dockerAsThem(['images', '-q', 'private/tool'])).stdout).toBe('');
    expect((await dockerAsThem(['rm', '-f', 'private'])).stderr).toMatch(/No such/i);
    expect((await dockerAsThem(['stop', 'private'])).stderr).toMatch(/No such/i);
    const ours = await subject.http().get(`/api/v1/containers/${containerId}`).expect(200);
    expect(ours.body.status).toBe('running');
  });
});
