import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/test-app.js';

/**
 * Commit against a container that fights back (CVE-2018-15664's class): it swaps a directory
 * of its writable layer for a symlink to a host directory, over and over, while the API reads
 * the layer. A marker file in that host directory must never end up in an image.
 */
let subject: TestApp;
let host: string;
let secret: string;
let containerId: string;

beforeAll(async () => {
  subject = await startTestApp();
  host = mkdtempSync(join(tmpdir(), 'berth-host-marker-'));
  secret = `host-secret-${Math.random().toString(16).slice(2)}`;
  writeFileSync(join(host, 'secret'), `${secret}\n`);
  // Bounded: 20,000 swaps at most; the container is removed when the suite ends.
  const swap = `mkdir -p /race/d && echo inside > /race/d/secret && i=0 && while [ $i -lt 20000 ]; do mv /race/d /race/real; ln -s ${host} /race/d; rm /race/d; mv /race/real /race/d; i=$((i+1)); done`;
  containerId = (
    await subject
      .http()
      .post('/api/v1/containers')
      .send({ image: 'busybox', cmd: ['sh', '-c', swap], network: 'none' })
      .expect(201)
  ).body.id;
  await subject.http().post(`/api/v1/containers/${containerId}/start`).expect(200);
}, 60_000);
afterAll(async () => {
  await subject?.http().delete(`/api/v1/containers/${containerId}?force=true`);
  await subject?.close();
  if (host) rmSync(host, { recursive: true, force: true });
});

/** The bytes of the image's top layer (the committed one; stored uncompressed). */
async function topLayer(reference: string): Promise<Buffer> {
  const { body } = await subject.http().get(`/api/v1/images/${reference}`).expect(200);
  const digest = (body.layers as { digest: string }[]).at(-1)!.digest;
  return readFileSync(join(subject.root, 'images', 'blobs', 'sha256', digest.slice('sha256:'.length)));
}

describe('commit of a racing container', () => {
  it('never puts the host file in an image, with or without pausing', { timeout: 120_000 }, async () => {
    const outcomes = { committed: 0, conflicts: 0 };
    const started = Date.now();
    for (let round = 0; round < 40 && Date.now() - started < 60_000; round++) {
      const response = await subject
        .http()
        .post(`/api/v1/containers/${containerId}/commit`)
        .send({ reference: `raced:${round}`, pause: false });
      if (response.status === 409) {
        expect(JSON.parse(response.text)).toMatchObject({ code: 'CONTENT_CHANGED' });
        outcomes.conflicts += 1;
        continue;
      }
      expect(response.status, response.text).toBe(201);
      expect((await topLayer(`raced:${round}`)).includes(secret), `round ${round} holds the host file`).toBe(false);
      outcomes.committed += 1;
    }
    // Paused (the default), the layer holds still: the commit always succeeds.
    await subject.http().post(`/api/v1/containers/${containerId}/commit`).send({ reference: 'raced:paused' }).expect(201);
    expect((await topLayer('raced:paused')).includes(secret)).toBe(false);
    expect((await subject.http().get(`/api/v1/containers/${containerId}`).expect(200)).body.status).toBe('running');
    console.log(`API commit race: ${outcomes.committed} committed, ${outcomes.conflicts} answered 409 CONTENT_CHANGED`);
  });
});
