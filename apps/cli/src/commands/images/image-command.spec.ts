import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImageDetail, ImageHistoryEntry, ImageSummary } from '@berth/contracts';
import { startLocalRegistry, type LocalRegistry } from '@berth/images/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { berth } from '../../../test/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'berth-cli-images-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('berth images (real server)', () => {
  it('images and image ls show busybox; -o json parses', async () => {
    const table = await berth(['images']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^REPOSITORY +TAG +IMAGE ID +CREATED +SIZE\n/);
    expect(table.stdout).toMatch(/^busybox +latest +[0-9a-f]{12} +\d+ years ago +[\d.]+MiB$/m);
    const images = JSON.parse((await berth(['image', 'ls', '-o', 'json', 'busybox'])).stdout) as ImageSummary[];
    expect(images).toMatchObject([{ repoTags: ['busybox:latest'], id: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) }]);
    expect((await berth(['images', '-q', 'busybox'])).stdout).toBe(`${images[0]!.id.slice(7, 19)}\n`);
  });

  it('inspect, history, tag and rmi', async () => {
    const [detail] = JSON.parse((await berth(['image', 'inspect', 'busybox'])).stdout) as ImageDetail[];
    expect(detail).toMatchObject({ os: 'linux', repoTags: ['busybox:latest'], layers: [expect.objectContaining({ digest: expect.any(String) })] });
    expect((await berth(['history', 'busybox'])).stdout).toMatch(/^LAYER +CREATED +CREATED BY +SIZE +COMMENT\n[0-9a-f]{12} /);
    expect(JSON.parse((await berth(['image', 'history', '-o', 'json', 'busybox'])).stdout) as ImageHistoryEntry[]).toHaveLength(detail!.layers.length);

    expect(await berth(['tag', 'busybox', 'cli-tagged:1'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect((await berth(['images', 'cli-tagged'])).stdout).toMatch(/^cli-tagged +1 +[0-9a-f]{12} /m);
    expect(await berth(['rmi', 'cli-tagged:1'])).toMatchObject({ code: 0, stdout: 'Untagged: cli-tagged:1\n' });
    expect(await berth(['image', 'inspect', 'cli-tagged:1'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/^berth: IMAGE_NOT_FOUND: /) });
  });

  it('save -o writes an archive that load -i brings back', async () => {
    await berth(['tag', 'busybox', 'cli-saved:1']);
    const archive = join(work, 'saved.tar');
    expect(await berth(['save', '-o', archive, 'cli-saved:1'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(statSync(archive).size).toBeGreaterThan(1024 * 1024);
    await berth(['rmi', 'cli-saved:1']);
    expect(await berth(['load', '-i', archive])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Loaded image: .*cli-saved:1\n$/) });
    expect((await berth(['images', '-q', 'cli-saved:1'])).stdout).toMatch(/^[0-9a-f]{12}\n$/);
    await berth(['rmi', 'cli-saved:1']);
  });

  it('build tars the context without what .dockerignore excludes, streams the log, and the image runs', async () => {
    const context = join(work, 'context');
    mkdirSync(join(context, 'sub'), { recursive: true });
    writeFileSync(join(context, 'Dockerfile'), 'FROM busybox\nARG GREETING=unset\nCOPY . /app\nRUN echo "$GREETING" > /app/greeting\nCMD ["ls", "/app"]\n');
    writeFileSync(join(context, '.dockerignore'), 'secret.txt\nsub/*.log\n');
    writeFileSync(join(context, 'hello.txt'), 'hello\n');
    writeFileSync(join(context, 'secret.txt'), 'do not send\n');
    writeFileSync(join(context, 'sub', 'keep.txt'), 'kept\n');
    writeFileSync(join(context, 'sub', 'noise.log'), 'noise\n');

    const built = await berth(['build', '-t', 'cli-built:1', '--build-arg', 'GREETING=hi there', '-l', 'tier=web', context]);
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
    expect(built.stdout).toMatch(/^#4\/5 \[stage 0\] RUN .*echo/m);
    expect(built.stdout).toMatch(/Successfully built [0-9a-f]{12}\nSuccessfully tagged \S*cli-built:1\n$/);
    const listing = await berth(['run', '--rm', 'cli-built:1', 'sh', '-c', 'cd /app && find . -type f | sort && cat greeting']);
    expect(listing).toMatchObject({ code: 0, stdout: './.dockerignore\n./Dockerfile\n./greeting\n./hello.txt\n./sub/keep.txt\nhi there\n' });
    const [image] = JSON.parse((await berth(['image', 'inspect', 'cli-built:1'])).stdout) as { config: { labels: Record<string, string> } }[];
    expect(image!.config.labels).toEqual({ tier: 'web' });
    await berth(['rmi', 'cli-built:1']);
  });

  it('build with -f names a Dockerfile outside the context, and reports a failing step', async () => {
    const context = join(work, 'context-2');
    mkdirSync(context, { recursive: true });
    writeFileSync(join(work, 'Failing.Dockerfile'), 'FROM busybox\nRUN echo about to fail && exit 7\n');
    const failed = await berth(['build', '-t', 'cli-failed:1', '-f', join(work, 'Failing.Dockerfile'), context]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('about to fail');
    expect(failed.stderr).toMatch(/^berth: BUILD_FAILED: /);
    expect(await berth(['build', '-t', 'x:1', join(work, 'missing')])).toMatchObject({ code: 1, stderr: expect.stringMatching(/^berth: CONTEXT_NOT_FOUND: /) });
  });

  it('image prune asks for -f without a terminal, then removes untagged images', async () => {
    expect(await berth(['image', 'prune'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/^berth: CONFIRMATION_NEEDED: /) });
    expect(await berth(['image', 'prune', '-f'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/Total reclaimed space: \S+\n$/) });
    expect((await berth(['images', 'busybox'])).stdout).toMatch(/^busybox +latest/m);
  });
});

describe('berth push and pull (real registry)', () => {
  let registry: LocalRegistry;
  beforeAll(async () => {
    registry = await startLocalRegistry(join(work, 'registry'));
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('pushes a tagged image and pulls it back, with plain progress lines off a terminal', async () => {
    const name = `${registry.host}/cli/busybox:1`;
    await berth(['tag', 'busybox', name]);
    const pushed = await berth(['push', name]);
    expect(pushed.stderr).toBe('');
    expect(pushed.stdout).toMatch(/^[0-9a-f]{12}: Pushing \S+\n/m);
    expect(pushed.stdout).toMatch(/^[0-9a-f]{12}: Pushed \S+$/m);
    expect(pushed.stdout).toMatch(new RegExp(`${name.replace(/[.]/g, '\\.')}: digest: sha256:[0-9a-f]{64}\\n$`));

    await berth(['rmi', name]);
    const pulled = await berth(['pull', name]);
    expect(pulled.stderr).toBe('');
    expect(pulled.code).toBe(0);
    expect(pulled.stdout).toMatch(/^Digest: sha256:[0-9a-f]{64}\nStatus: Downloaded /m);
    expect(pulled.stdout.endsWith(`${name}\n`)).toBe(true);
    expect((await berth(['run', '--rm', name, 'echo', 'pulled'])).stdout).toBe('pulled\n');
    await berth(['rmi', name]);
  });

  it('reports an unreachable registry with its code', async () => {
    expect(await berth(['pull', '127.0.0.1:1/nothing:1'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/^berth: REGISTRY_UNREACHABLE: /) });
  });
});
