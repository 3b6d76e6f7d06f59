import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCKER, startDockerHarness, type DockerHarness } from '../../test/docker-harness.js';

/**
 * `docker cp` — the stock docker CLI, a real client — both ways through Berth's Docker socket:
 * files, directories, links, a stopped container, and links the container planted to lead a
 * copy out (`/`, `../../..`), which must stay inside. Needs root and the docker client.
 */
if (!DOCKER) console.warn('docker-cp.process.spec: skipped, no docker client (/usr/local/bin/docker or docker.io)');

let harness: DockerHarness | undefined;
let root: string;
let local: string;

beforeAll(async () => {
  if (!DOCKER) return;
  harness = await startDockerHarness('docker-cp');
  root = harness.root;
  local = join(root, 'local');
  mkdirSync(local);
}, 120_000);

afterAll(() => harness?.close(), 30_000);

/** Processes whose root file system holds this path: the containers that have the file. */
function processesSeeing(path: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => existsSync(`/proc/${pid}/root${path}`))
    .map(Number);
}

const docker = (...args: string[]) => harness!.docker(args);

async function ok(...args: string[]): Promise<string> {
  const result = await docker(...args);
  expect(result.code, `docker ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

describe.skipIf(!DOCKER)('docker cp against Berth', () => {
  it('copies a file and a directory into a running container and back out, keeping modes and links', async () => {
    await ok('run', '-d', '--name', 'box', '--network', 'none', 'busybox', 'sleep', '60');
    writeFileSync(join(local, 'note.txt'), 'from the host\n', { mode: 0o640 });
    await ok('cp', join(local, 'note.txt'), 'box:/tmp/');
    expect(await ok('exec', 'box', 'sh', '-c', 'cat /tmp/note.txt; stat -c %a /tmp/note.txt')).toBe('from the host\n640\n');

    mkdirSync(join(local, 'tree/sub'), { recursive: true });
    writeFileSync(join(local, 'tree/sub/deep.txt'), 'deep\n');
    await ok('cp', join(local, 'tree'), 'box:/srv');
    expect(await ok('exec', 'box', 'cat', '/srv/sub/deep.txt')).toBe('deep\n');

    await ok('exec', 'box', 'sh', '-c', 'mkdir -p /out/d && echo made-inside > /out/d/f && ln -s f /out/d/l');
    await ok('cp', 'box:/out/d', join(local, 'copied'));
    expect(readFileSync(join(local, 'copied/f'), 'utf8')).toBe('made-inside\n');
    expect(readlinkSync(join(local, 'copied/l'))).toBe('f');
    await ok('cp', 'box:/out/d/f', join(local, 'single.txt'));
    expect(readFileSync(join(local, 'single.txt'), 'utf8')).toBe('made-inside\n');
  }, 90_000);

  it('keeps links the container planted inside it: a copy through /tmp/escape → / or ../../.. stays in the container', async () => {
    await ok('exec', 'box', 'sh', '-c', 'ln -s / /tmp/escape && ln -s ../../../../../.. /tmp/up && echo container-secret > /secret');
    const marker = `berth-cp-escape-${process.pid}`;
    writeFileSync(join(local, marker), 'must stay inside\n');
    await ok('cp', join(local, marker), 'box:/tmp/escape/');
    await ok('cp', join(local, marker), 'box:/tmp/up/tmp/');
    expect(existsSync(join('/', marker))).toBe(false);
    expect(existsSync(join('/tmp', marker))).toBe(false);
    expect(await ok('exec', 'box', 'cat', `/${marker}`, `/tmp/${marker}`)).toBe('must stay inside\nmust stay inside\n');
    // Reading through them reads the container's files, never the host's.
    await ok('cp', 'box:/tmp/escape/secret', join(local, 'secret'));
    expect(readFileSync(join(local, 'secret'), 'utf8')).toBe('container-secret\n');
    await ok('cp', 'box:/tmp/up/secret', join(local, 'secret-too'));
    expect(readFileSync(join(local, 'secret-too'), 'utf8')).toBe('container-secret\n');
    // The link itself, as docker copies a link source, with its target resolved inside.
    await ok('cp', 'box:/tmp/escape', join(local, 'escape-link'));
    expect(readlinkSync(join(local, 'escape-link'))).toBe('/');
  }, 60_000);

  it('copies into and out of a stopped container, which then starts with the file', async () => {
    await ok('run', '--name', 'later', '--network', 'none', 'busybox', 'sh', '-c', 'cat /tmp/given.txt 2>/dev/null || echo nothing-yet');
    writeFileSync(join(local, 'given.txt'), 'given while stopped\n');
    await ok('cp', join(local, 'given.txt'), 'later:/tmp/given.txt');
    await ok('cp', 'later:/tmp/given.txt', join(local, 'back.txt'));
    expect(readFileSync(join(local, 'back.txt'), 'utf8')).toBe('given while stopped\n');
    await ok('start', 'later');
    expect((await ok('wait', 'later')).trim()).toBe('0');
    expect(await ok('logs', 'later')).toBe('nothing-yet\ngiven while stopped\n');
  }, 60_000);

  it('leaves nothing running when a stopped container that was copied into is removed without a start', async () => {
    await ok('run', '--name', 'idle', '--network', 'none', 'busybox', 'true');
    const marker = `idle-marker-${process.pid}.txt`;
    writeFileSync(join(local, marker), 'marker\n');
    await ok('cp', join(local, marker), 'idle:/tmp/');
    // Its runtime container is made again (not started) to reach its files: an init process whose root holds the file.
    expect(processesSeeing(`/tmp/${marker}`).length).toBeGreaterThan(0);
    expect(await ok('ps', '-a', '--filter', 'name=idle', '--format', '{{.State}}')).toBe('exited\n');
    await ok('rm', 'idle');
    await expect.poll(() => processesSeeing(`/tmp/${marker}`), { timeout: 10_000 }).toEqual([]);
  }, 60_000);

  it('answers a missing path and a missing container as docker does', async () => {
    const missing = await docker('cp', 'box:/no/such/file', join(local, 'x'));
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/no such/i);
    const noDir = await docker('cp', join(local, 'note.txt'), 'box:/no/such/dir/');
    expect(noDir.code).not.toBe(0);
    const noContainer = await docker('cp', 'ghost:/etc/hostname', join(local, 'y'));
    expect(noContainer.code).not.toBe(0);
    expect(noContainer.stderr).toMatch(/no such container/i);
    await ok('rm', '-f', 'box', 'later');
  }, 60_000);
});
