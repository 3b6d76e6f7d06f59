import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extract } from 'tar-stream';
import { defaultSpec, Runtime } from '@berth/runtime';
import { findStaticBusybox, makeTempDir } from '@berth/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageStore } from '../store/image-store.js';
import { BUSYBOX_CONFIG, busyboxLayer } from '../seed/busybox-layer.js';
import { writeImage } from '../store/write-image.js';
import { tarBuffer } from '../archive/tar-buffer.js';
import { BuildError, buildImage, type BuildOptions } from './builder.js';
import { ImageError } from '../image-error.js';

// Real kernel, real containers: needs root, overlayfs, getfattr and busybox-static.
let root: string;
let store: ImageStore;
let runtime: Runtime;
let buildTmp: string;
let context: string;

const DOCKERFILE = `# syntax=docker/dockerfile:1
# A multi-stage build touching every instruction the builder supports.
ARG BASE=busybox
FROM \${BASE} AS build
RUN mkdir -p /out && echo built-in-stage > /out/artifact.txt

FROM $BASE
ARG GREETING=hello
ENV APP_HOME=/app \\
    GREETING_COPY=\${GREETING}-world
WORKDIR \${APP_HOME}
COPY app.txt ./
COPY src/ ./src/
COPY . /ctx/
COPY --from=build /out/artifact.txt /app/artifact.txt
RUN echo "$GREETING from run" && echo "$GREETING from run" > /app/run.txt \\
    && rm /etc/group && rm -rf /var && mkdir /var && touch /var/new
COPY --chown=65534:65534 app.txt /home/nobody/app.txt
USER nobody
RUN id -u > /tmp/uid
LABEL org.example.name="berth test" version=1
EXPOSE 8080 53/udp
VOLUME /data
ENTRYPOINT ["/bin/sh", "-c"]
CMD ["echo \\"$GREETING_COPY\\"; cat /app/app.txt; pwd"]
`;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'berth-builder-'));
  chmodSync(root, 0o755);
  store = new ImageStore(join(root, 'images'));
  runtime = new Runtime({ root: join(root, 'containers') });
  buildTmp = join(root, 'build-tmp');
  mkdirSync(buildTmp);
  await seedBusybox();
  context = join(root, 'context');
  mkdirSync(join(context, 'src', 'lib'), { recursive: true });
  writeFileSync(join(context, 'Dockerfile'), DOCKERFILE);
  writeFileSync(join(context, '.dockerignore'), '# not for the image\nsecret.txt\n*.log\n!keep.log\n');
  writeFileSync(join(context, 'app.txt'), 'hello app\n');
  writeFileSync(join(context, 'secret.txt'), 'do not ship\n');
  writeFileSync(join(context, 'debug.log'), 'noise\n');
  writeFileSync(join(context, 'keep.log'), 'kept\n');
  writeFileSync(join(context, 'src', 'two.txt'), 'two\n');
  writeFileSync(join(context, 'src', 'lib', 'one.txt'), 'one\n');
});

afterAll(async () => {
  await runtime?.close();
  rmSync(root, { recursive: true, force: true });
});

/** busybox:latest as the seed makes it, plus a file in /var for the opaque-dir case. */
async function seedBusybox(): Promise<void> {
  const layer = await busyboxLayer(findStaticBusybox(), [{ name: 'var/old.txt', content: 'old\n' }]);
  await writeImage(store, 'busybox:latest', [{ tar: () => layer }], { ...BUSYBOX_CONFIG, architecture: 'amd64' });
}

function build(extra: Partial<BuildOptions> = {}): Promise<{ result: Awaited<ReturnType<typeof buildImage>>; log: string[] }> {
  const log: string[] = [];
  return buildImage({ store, runtime, context, tag: 'berth-test:latest', tmpDir: buildTmp, onLog: (line) => log.push(line), ...extra }).then((result) => ({
    result,
    log,
  }));
}

/** Runs the image (its config, or `args` instead) as a container; returns exit code and output lines. */
async function runImage(reference: string, args?: string[]): Promise<{ exitCode: number; lines: string[] }> {
  const { lowerDirs, config } = await store.prepare(reference);
  const bundle = await makeTempDir('berth-built-bundle-');
  await mkdir(join(bundle, 'rootfs'));
  const spec = defaultSpec({ args: args ?? [...(config.config?.Entrypoint ?? []), ...(config.config?.Cmd ?? [])], terminal: false });
  spec.root = { path: 'rootfs', readonly: false };
  spec.process!.env = config.config?.Env ?? [];
  spec.process!.cwd = config.config?.WorkingDir ?? '/';
  await writeFile(join(bundle, 'config.json'), JSON.stringify(spec));
  const id = `built-${Math.random().toString(16).slice(2, 10)}`;
  try {
    await runtime.run(id, { bundle, overlay: { lowerDirs } });
    const exit = await runtime.wait(id, 10_000);
    const lines: string[] = [];
    for await (const record of runtime.logs(id)) lines.push(record.log.replace(/\n$/, ''));
    return { exitCode: exit.exitCode, lines };
  } finally {
    await runtime.delete(id, { force: true }).catch(() => undefined);
    rmSync(bundle, { recursive: true, force: true });
  }
}

async function tarNames(digest: string): Promise<string[]> {
  const names: string[] = [];
  const parser = extract();
  const done = (async () => {
    for await (const entry of parser) {
      names.push(entry.header.name);
      entry.resume();
    }
  })();
  parser.end(readFileSync(store.blobs.path(digest as `sha256:${string}`)));
  await done;
  return names;
}

function leftovers(): { containers: Promise<unknown[]>; tmp: string[]; mounts: string[] } {
  return {
    containers: runtime.list(),
    tmp: readdirSync(buildTmp),
    mounts: readFileSync('/proc/self/mountinfo', 'utf8')
      .split('\n')
      .filter((line) => line.includes(root)),
  };
}

describe('buildImage', () => {
  it('builds a multi-stage Dockerfile with RUN, COPY, whiteouts and metadata', { timeout: 180_000 }, async () => {
    const { result, log } = await build();
    expect(result.image.reference).toBe('docker.io/library/berth-test:latest');
    expect(result.cacheHits).toBe(0);
    expect(result.runs).toBe(3);
    expect(log).toContain('  hello from run');

    const manifest = await store.manifest(result.image);
    const config = await store.config(manifest);
    expect(config.config).toMatchObject({
      WorkingDir: '/app',
      User: 'nobody',
      Entrypoint: ['/bin/sh', '-c'],
      Cmd: ['echo "$GREETING_COPY"; cat /app/app.txt; pwd'],
      ExposedPorts: { '8080/tcp': {}, '53/udp': {} },
      Labels: { 'org.example.name': 'berth test', version: '1' },
      Volumes: { '/data': {} },
    });
    expect(config.config?.Env).toEqual(expect.arrayContaining(['APP_HOME=/app', 'GREETING_COPY=hello-world']));
    // ARG values reach RUN but never the image.
    expect(config.config?.Env?.some((entry) => entry.startsWith('GREETING='))).toBe(false);
    expect(config.rootfs.diff_ids).toHaveLength(manifest.layers.length);
    expect(config.history?.filter((entry) => !entry.empty_layer)).toHaveLength(manifest.layers.length);

    const names = (await Promise.all(manifest.layers.map((layer) => tarNames(layer.digest)))).flat();
    expect(names).toContain('etc/.wh.group');
    expect(names).toContain('var/.wh..wh..opq');

    const files = await runImage(result.image.reference, [
      '/bin/sh',
      '-c',
      'cat /app/app.txt /app/src/two.txt /app/src/lib/one.txt /app/artifact.txt /app/run.txt /tmp/uid; ls /ctx | tr "\\n" " "; echo; ls /etc; ls /var; stat -c %u:%g /home/nobody/app.txt; stat -c %a /tmp',
    ]);
    expect(files.exitCode).toBe(0);
    expect(files.lines).toEqual([
      'hello app',
      'two',
      'one',
      'built-in-stage',
      'hello from run',
      '65534',
      'Dockerfile app.txt keep.log src ',
      'passwd',
      'new',
      '65534:65534',
      '1777',
    ]);

    const cmd = await runImage(result.image.reference);
    expect(cmd).toEqual({ exitCode: 0, lines: ['hello-world', 'hello app', '/app'] });

    const left = leftovers();
    expect(await left.containers).toEqual([]);
    expect(left.tmp).toEqual([]);
    expect(left.mounts).toEqual([]);
  });

  it('reuses every layer from the cache on a second identical build, running nothing', { timeout: 60_000 }, async () => {
    const first = await store.manifest(store.resolve('berth-test:latest'));
    const { result, log } = await build();
    const layerSteps = result.steps.filter((step) => step.layer);
    expect(layerSteps.length).toBeGreaterThan(5);
    expect(layerSteps.every((step) => step.cached)).toBe(true);
    expect(result.cacheHits).toBe(layerSteps.length);
    expect(result.runs).toBe(0);
    expect(log.filter((line) => line === ' ---> CACHED')).toHaveLength(layerSteps.length);
    expect(log).not.toContain('  hello from run');
    const second = await store.manifest(result.image);
    expect(second.layers).toEqual(first.layers);
  });

  it('misses the cache from the step whose input changed', { timeout: 120_000 }, async () => {
    const { result } = await build({ buildArgs: { GREETING: 'bonjour' }, tag: 'berth-test:bonjour' });
    // The build stage does not use GREETING: its RUN is still cached; the final stage's RUNs re-run.
    expect(result.runs).toBe(2);
    const cmd = await runImage(result.image.reference);
    expect(cmd.lines[0]).toBe('bonjour-world');
  });

  it('fails on a failing RUN with its exit code and leaves nothing behind', { timeout: 60_000 }, async () => {
    const failing = join(root, 'failing');
    mkdirSync(failing);
    writeFileSync(join(failing, 'Dockerfile'), 'FROM busybox\nRUN echo about to fail && exit 3\n');
    const log: string[] = [];
    const error = await buildImage({ store, runtime, context: failing, tag: 'failing', tmpDir: buildTmp, onLog: (line) => log.push(line) }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BuildError);
    expect((error as BuildError).exitCode).toBe(3);
    expect((error as BuildError).message).toMatch(/exit code 3/);
    expect(log).toContain('  about to fail');
    const left = leftovers();
    expect(await left.containers).toEqual([]);
    expect(left.tmp).toEqual([]);
    expect(left.mounts).toEqual([]);
    expect(() => store.resolve('failing')).toThrow(/not in the store/);
  });

  it('kills a RUN step past the step timeout, fails the build, and leaves nothing behind', { timeout: 60_000 }, async () => {
    const slow = join(root, 'slow');
    mkdirSync(slow);
    writeFileSync(join(slow, 'Dockerfile'), 'FROM busybox\nRUN echo sleeping && sleep 600\n');
    const started = Date.now();
    const error = await buildImage({ store, runtime, context: slow, tag: 'slow', tmpDir: buildTmp, stepTimeoutMs: 1_500 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuildError);
    expect((error as BuildError).message).toMatch(/longer than the step timeout of 2 s and was killed/);
    expect(Date.now() - started).toBeLessThan(30_000);
    const left = leftovers();
    expect(await left.containers).toEqual([]);
    expect(left.tmp).toEqual([]);
    expect(left.mounts).toEqual([]);
  });

  it('holds a fork bomb in a RUN step at pidsLimit', { timeout: 60_000 }, async () => {
    const bomb = join(root, 'bomb');
    mkdirSync(bomb);
    // Bounded: at most 200 sleepers; the subshell ends at the first fork the limit refuses.
    writeFileSync(
      join(bomb, 'Dockerfile'),
      'FROM busybox\nRUN (i=0; while [ $i -lt 200 ]; do sleep 30 & i=$((i+1)); done) 2>/dev/null; cat /sys/fs/cgroup/pids/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids.max; ps | grep -c "sleep 30" > /count\n',
    );
    const log: string[] = [];
    await buildImage({
      store,
      runtime,
      context: bomb,
      tag: 'bomb',
      tmpDir: buildTmp,
      pidsLimit: 25,
      stepTimeoutMs: 20_000,
      onLog: (line) => log.push(line),
    }).catch((e: unknown) => e);
    expect(log).toContain('  25');
  });

  it('builds FROM scratch with COPY only', { timeout: 30_000 }, async () => {
    const scratch = join(root, 'scratch');
    mkdirSync(join(scratch, 'files'), { recursive: true });
    writeFileSync(join(scratch, 'Dockerfile'), 'FROM scratch\nCOPY files /srv/\nCMD ["/srv/app"]\n');
    writeFileSync(join(scratch, 'files', 'app'), 'binary\n');
    const result = await buildImage({ store, runtime, context: scratch, tag: 'scratchy', tmpDir: buildTmp });
    const manifest = await store.manifest(result.image);
    expect(manifest.layers).toHaveLength(1);
    expect(await tarNames(manifest.layers[0]!.digest)).toEqual(['srv/', 'srv/app']);
    expect((await store.config(manifest)).config?.Cmd).toEqual(['/srv/app']);
  });

  describe('images named by COPY --from', () => {
    // `secretapp` stands for another team's image: in the store, but not the caller's.
    const STEAL = 'FROM busybox\nCOPY --from=secretapp /secret /loot\nFROM busybox AS secretapp\nCOPY --from=0 /loot /loot\n';
    let dir: string;

    beforeAll(async () => {
      const layer = await tarBuffer([{ name: 'secret', content: 'topsecret-of-another-team\n' }]);
      await writeImage(store, 'secretapp:latest', [{ tar: () => layer }], { architecture: 'amd64', os: 'linux', config: { Env: ['SRC=secretapp'] } });
      dir = join(root, 'steal');
      mkdirSync(dir);
    });

    /** The caller's view of the store: busybox and envbase only, every lookup recorded. */
    function teamResolver(asked: string[]): BuildOptions['resolveImage'] {
      return (reference) => {
        asked.push(reference);
        if (reference !== 'busybox' && reference !== 'envbase') throw new ImageError('IMAGE_NOT_FOUND', `no such image: ${reference}`);
        return store.resolve(reference === 'envbase' ? 'secretapp' : reference);
      };
    }

    it('reads a name that only a later stage takes as an image, which the caller may not see', { timeout: 30_000 }, async () => {
      writeFileSync(join(dir, 'Dockerfile'), STEAL);
      const asked: string[] = [];
      await expect(buildImage({ store, runtime, context: dir, tag: 'stolen:1', tmpDir: buildTmp, resolveImage: teamResolver(asked) })).rejects.toMatchObject({
        code: 'IMAGE_NOT_FOUND',
      });
      expect(asked).toEqual(['busybox', 'secretapp']);
      expect(() => store.resolve('stolen:1')).toThrow(/not in the store/);
    });

    it('resolves --from expanded from the base image ENV through the same resolver', { timeout: 30_000 }, async () => {
      // envbase's ENV has SRC=secretapp: the name the builder reads is the expanded one.
      writeFileSync(join(dir, 'Dockerfile'), 'FROM envbase\nCOPY --from=${SRC} /secret /loot\n');
      const asked: string[] = [];
      await expect(buildImage({ store, runtime, context: dir, tag: 'stolen:2', tmpDir: buildTmp, resolveImage: teamResolver(asked) })).rejects.toMatchObject({
        code: 'IMAGE_NOT_FOUND',
      });
      expect(asked).toEqual(['envbase', 'secretapp']);
      // Set nowhere: an empty name, refused rather than guessed at.
      writeFileSync(join(dir, 'Dockerfile'), 'FROM busybox\nCOPY --from=${NOPE} /secret /loot\n');
      await expect(buildImage({ store, runtime, context: dir, tag: 'stolen:3', tmpDir: buildTmp, resolveImage: teamResolver([]) })).rejects.toMatchObject({
        code: 'INVALID_DOCKERFILE',
        message: expect.stringContaining('line 2: --from names nothing'),
      });
    });

    it('resolves each image once per build and reads it by digest, whatever the name points at later', { timeout: 30_000 }, async () => {
      writeFileSync(join(dir, 'Dockerfile'), 'FROM busybox AS one\nRUN true\nFROM busybox\nCOPY --from=busybox /bin/busybox /copied\n');
      const asked: string[] = [];
      const original = store.resolve('busybox');
      const resolver = teamResolver(asked)!;
      const { result } = await build({
        context: dir,
        tag: 'pinned:1',
        resolveImage: async (reference) => {
          const found = await resolver(reference);
          // Another team retags the global name right after our lookup.
          store.tag('busybox:latest', store.resolve('secretapp').manifest);
          return found;
        },
      });
      store.tag('busybox:latest', original.manifest);
      expect(asked).toEqual(['busybox']);
      const layers = (await store.manifest(result.image)).layers.map((layer) => layer.digest);
      expect(layers[0]).toBe((await store.manifest(original)).layers[0]!.digest);
      expect(await tarNames(layers.at(-1)!)).toEqual(['copied']);
    });

    it('follows Docker where the name is free: without a resolver the store image is read', { timeout: 30_000 }, async () => {
      writeFileSync(join(dir, 'Dockerfile'), STEAL);
      const { result } = await build({ context: dir, tag: 'from-store:1' });
      expect((await runImage(result.image.reference, ['cat', '/loot'])).lines).toEqual(['topsecret-of-another-team']);
    });
  });
});
