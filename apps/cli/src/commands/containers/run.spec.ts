import { describe, expect, it } from 'vitest';
import { berth } from '../../../test/run-cli.js';

describe('berth run (real server, real containers)', () => {
  it('--rm busybox echo hi prints hi, exits 0 and leaves no container', async () => {
    const result = await berth(['run', '--rm', '--name', 'run-hi', 'busybox', 'echo', 'hi']);
    expect(result).toEqual({ code: 0, stdout: 'hi\n', stderr: '' });
    expect((await berth(['ps', '-a', '-q', '--filter', 'name=run-hi'])).stdout).toBe('');
  });

  it("exits with the container's exit code and keeps stdout and stderr apart", async () => {
    const result = await berth(['run', '--rm', 'busybox', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    expect(result).toEqual({ code: 3, stdout: 'out\n', stderr: 'err\n' });
  });

  it('passes flags to the container: env, workdir, user, labels, limits', async () => {
    const result = await berth([
      'run',
      '--rm',
      '-e',
      'GREETING=hello',
      '-w',
      '/tmp',
      '-u',
      '1000:1000',
      '-l',
      'suite=cli',
      '-m',
      '64m',
      '--pids-limit',
      '20',
      'busybox',
      'sh',
      '-c',
      'echo $GREETING $(pwd) $(id -u):$(id -g)',
    ]);
    expect(result).toMatchObject({ code: 0, stdout: 'hello /tmp 1000:1000\n' });
  });

  it('reports an unknown image as berth: IMAGE_NOT_FOUND and exits 125', async () => {
    const result = await berth(['run', '--rm', 'no-such-image', 'true']);
    expect(result.code).toBe(125);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^berth: IMAGE_NOT_FOUND: no such image: no-such-image; .+\n$/);
  });

  it('exits 125 for its own failures before the container starts: bad flags', async () => {
    expect(await berth(['run', '--restart', 'sometimes', 'busybox'])).toMatchObject({
      code: 125,
      stderr: expect.stringMatching(/^berth: INVALID_OPTION: --restart takes/),
    });
    expect((await berth(['run', '--bogus', 'busybox'])).code).toBe(125);
  });

  it('mounts a named volume and a tmpfs that later runs see (volume) or do not (tmpfs)', async () => {
    const write = await berth([
      'run',
      '--rm',
      '-v',
      'cli-run-data:/data',
      '--tmpfs',
      '/scratch:size=1m',
      'busybox',
      'sh',
      '-c',
      'echo kept > /data/f; echo gone > /scratch/f; cat /data/f',
    ]);
    expect(write).toMatchObject({ code: 0, stdout: 'kept\n' });
    expect((await berth(['run', '--rm', '-v', 'cli-run-data:/data:ro', 'busybox', 'cat', '/data/f'])).stdout).toBe('kept\n');
    const readOnly = await berth(['run', '--rm', '-v', 'cli-run-data:/data:ro', 'busybox', 'sh', '-c', 'echo x > /data/g']);
    expect(readOnly.code).not.toBe(0);
    expect((await berth(['volume', 'rm', 'cli-run-data'])).code).toBe(0);
  });
});
