import { describe, expect, it } from 'vitest';
import type { RuntimeFixture } from '../testing/runtime-fixture.js';
import { useRuntimeFixture } from '../testing/use-runtime-fixture.js';

/** linux.devices on the real kernel: the node is made where the spec says, usable, with its mode and owner. */
describe('linux.devices (real kernel)', () => {
  let fx: RuntimeFixture;
  useRuntimeFixture((fixture) => (fx = fixture));

  it('makes each node (nested paths too) with its mode and owner, and the device rule lets the container use it', async () => {
    const { exit, id } = await fx.runToExit(
      'devices',
      [
        'sh',
        '-c',
        'stat -c "%n %F %t:%T %a %u:%g" /dev/sub/full /dev/mynull /dev/myfifo; echo hi > /dev/mynull && echo null-ok; echo x > /dev/sub/full || echo full-refused',
      ],
      (spec) => {
        spec.linux!.devices = [
          { path: '/dev/sub/full', type: 'c', major: 1, minor: 7, fileMode: 0o640, uid: 1000, gid: 1001 },
          // Replaces the standard /dev/null's neighbour under another name.
          { path: '/dev/mynull', type: 'c', major: 1, minor: 3 },
          { path: '/dev/myfifo', type: 'p', fileMode: 0o600 },
        ];
      },
    );
    expect(exit.exitCode).toBe(0);
    expect(await fx.output(id, 'stdout')).toBe(
      [
        '/dev/sub/full character special file 1:7 640 1000:1001',
        '/dev/mynull character special file 1:3 666 0:0',
        '/dev/myfifo fifo 0:0 600 0:0',
        'null-ok',
        'full-refused',
        '',
      ].join('\n'),
    );
    // The full device answers ENOSPC: the node reached the real driver, the cgroup let it through.
    expect(await fx.output(id, 'stderr')).toMatch(/No space left on device/);
  });

  it('refuses a malformed device before creating anything', async () => {
    await fx.bundle.writeSpec(['true'], (spec) => (spec.linux!.devices = [{ path: '/dev/x', type: 'c' }]));
    await expect(fx.runtime.create(fx.id('bad-device'), { bundle: fx.bundle.dir })).rejects.toMatchObject({
      code: 'INVALID_SPEC',
      message: expect.stringMatching(/^linux\.devices\[0\]\.major: is required/),
    });
    expect(await fx.runtime.list()).toEqual([]);
  });
});
