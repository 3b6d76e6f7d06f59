import { describe, expect, it } from 'vitest';
import type { ImageConfig } from '@berth/images';
import { commandOf, containerSpec, mergeEnv } from './container-spec.js';
import { restartDelayMs, shouldRestart } from './restart-policy.js';

const IMAGE: ImageConfig = {
  architecture: 'amd64',
  os: 'linux',
  config: { Entrypoint: ['/entry'], Cmd: ['serve'], Env: ['PATH=/bin', 'MODE=prod'], WorkingDir: '/srv' },
  rootfs: { type: 'layers', diff_ids: [] },
};
const ID = 'a'.repeat(64);

describe('containerSpec', () => {
  it('layers the image under the request, as docker run does', () => {
    const spec = containerSpec({
      id: ID,
      request: {
        image: 'x',
        cmd: ['debug'],
        env: ['MODE=dev', 'EXTRA=1'],
        labels: { tier: 'web' },
        readOnlyRootfs: true,
        capDrop: ['ALL'],
        capAdd: ['net_bind_service'],
      },
      image: IMAGE,
      user: { uid: 1000, gid: 100 },
      mounts: [
        { type: 'tmpfs', source: 'tmpfs', target: '/scratch', readOnly: false, tmpfsBytes: 1 << 20 },
        { type: 'volume', source: '/v/data/_data', target: '/data', readOnly: true },
      ],
    });
    expect(spec.process).toMatchObject({ args: ['/entry', 'debug'], cwd: '/srv', user: { uid: 1000, gid: 100 }, terminal: false });
    expect(spec.process!.env).toEqual(['PATH=/bin', 'MODE=dev', 'EXTRA=1']);
    expect(spec.process!.capabilities!.bounding).toEqual(['CAP_NET_BIND_SERVICE']);
    expect(spec).toMatchObject({ hostname: ID.slice(0, 12), root: { path: 'rootfs', readonly: true }, annotations: { tier: 'web' } });
    expect(spec.mounts!.slice(-2)).toEqual([
      { destination: '/scratch', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'nodev', 'mode=1777', 'size=1048576'] },
      { destination: '/data', type: 'bind', source: '/v/data/_data', options: ['rbind', 'rprivate', 'ro'] },
    ]);
  });

  it('a new entrypoint drops the image CMD; host networking drops the network namespace', () => {
    expect(commandOf({ image: 'x', entrypoint: ['sh'] }, IMAGE)).toEqual(['sh']);
    expect(() => commandOf({ image: 'x', entrypoint: [] }, IMAGE)).toThrow();
    const spec = containerSpec({ id: ID, request: { image: 'x', network: 'host' }, image: IMAGE, user: { uid: 0, gid: 0 }, mounts: [] });
    expect(spec.linux!.namespaces!.map((namespace) => namespace.type)).not.toContain('network');
  });

  it('refuses an image and request with nothing to run', () => {
    expect(() => commandOf({ image: 'x' }, { ...IMAGE, config: {} })).toThrow(
      expect.objectContaining({ response: expect.objectContaining({ code: 'NO_COMMAND' }) }),
    );
  });

  it('merges env lists key by key, later lists winning', () => {
    expect(mergeEnv(['A=1', 'B=2'], ['B=3'], ['C'])).toEqual(['A=1', 'B=3', 'C']);
  });
});

describe('restart policy', () => {
  const row = { restartPolicy: 'on-failure', restartMaxRetries: 2, restartCount: 0, stoppedByUser: false };
  it('follows Docker: on-failure only on non-zero exits and up to its limit; never after a user stop', () => {
    expect(shouldRestart(row, { exitCode: 1 })).toBe(true);
    expect(shouldRestart(row, { exitCode: 0 })).toBe(false);
    expect(shouldRestart({ ...row, restartCount: 2 }, { exitCode: 1 })).toBe(false);
    expect(shouldRestart({ ...row, restartMaxRetries: 0, restartCount: 50 }, { exitCode: 1 })).toBe(true);
    expect(shouldRestart({ ...row, restartPolicy: 'always' }, { exitCode: 0 })).toBe(true);
    expect(shouldRestart({ ...row, restartPolicy: 'unless-stopped', stoppedByUser: true }, { exitCode: 1 })).toBe(false);
    expect(shouldRestart({ ...row, restartPolicy: 'no' }, { exitCode: 1 })).toBe(false);
  });

  it('backs off from 100 ms, doubling to a minute', () => {
    expect([0, 1, 2, 10, 30].map(restartDelayMs)).toEqual([100, 200, 400, 60_000, 60_000]);
  });
});
