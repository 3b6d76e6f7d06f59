import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/test-app.js';

/**
 * What containers write stays out of other host users' reach (CVE-2021-41091): a setuid-root
 * binary made in a volume, in a writable layer or shipped in an image layer must not be
 * reachable, let alone runnable, by an unprivileged host user. Real containers, real host
 * users (`setpriv` to nobody).
 */
let subject: TestApp;
let containerId: string;

beforeAll(async () => {
  subject = await startTestApp();
  await subject.http().post('/api/v1/volumes').send({ name: 'suid-vol' }).expect(201);
  const made = 'cp /bin/busybox /data/suid && chmod 4755 /data/suid && cp /bin/busybox /suid && chmod 4755 /suid && touch /ready && sleep 60';
  containerId = (
    await subject
      .http()
      .post('/api/v1/containers')
      .send({ image: 'busybox', cmd: ['sh', '-c', made], network: 'none', mounts: [{ type: 'volume', source: 'suid-vol', target: '/data' }] })
      .expect(201)
  ).body.id;
  await subject.http().post(`/api/v1/containers/${containerId}/start`).expect(200);
}, 60_000);
afterAll(async () => {
  await subject?.http().delete(`/api/v1/containers/${containerId}?force=true`);
  await subject?.close();
});

/**
 * Runs a shell command as nobody (uid and gid 65534, no groups). Through a shell: setpriv
 * itself still holds root's capabilities when it execs its argument, so the kernel would check
 * that first path with CAP_DAC_OVERRIDE; the shell it starts has none.
 */
function asNobody(command: string): { status: number | null; output: string } {
  const result = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', '--', '/bin/sh', '-c', command], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

async function waitForFile(path: string): Promise<void> {
  for (let tries = 0; tries < 100 && !existsSync(path); tries++) await new Promise((resolve) => setTimeout(resolve, 100));
  expect(existsSync(path), `${path} was never written`).toBe(true);
}

describe('container data and other host users', () => {
  it('keeps the parents of volumes, bundles and image layers closed to others', () => {
    for (const dir of ['volumes', 'bundles', 'images']) expect(statSync(join(subject.root, dir)).mode & 0o777, dir).toBe(0o700);
  });

  it('lets no host user reach or run a setuid binary a container wrote, or one an image ships', async () => {
    const upper = join(subject.root, 'bundles', containerId, 'upper');
    await waitForFile(join(upper, 'ready'));
    const volume = (await subject.http().get('/api/v1/volumes/suid-vol').expect(200)).body.mountpoint as string;
    const snapshots = join(subject.root, 'images', 'snapshots');
    const layered = readdirSync(snapshots)
      .map((dir) => join(snapshots, dir, 'bin', 'busybox'))
      .find((path) => existsSync(path))!;
    const targets = [join(volume, 'suid'), join(upper, 'suid'), layered];
    for (const path of targets.slice(0, 2)) expect(statSync(path).mode & 0o4000, `${path} is setuid (root sees it)`).toBe(0o4000);
    for (const path of targets) {
      const ran = asNobody(`'${path}' id -u`);
      expect(ran.status, `nobody ran ${path}: ${ran.output}`).not.toBe(0);
      expect(ran.output).toMatch(/Permission denied/);
      expect(asNobody(`test -e '${path}'`).status, `nobody sees ${path}`).not.toBe(0);
    }
    // The control: nobody does run a binary it can reach, so the refusals above are the directories'.
    expect(asNobody(`/bin/busybox id -u`)).toEqual({ status: 0, output: '65534\n' });
  });
});
