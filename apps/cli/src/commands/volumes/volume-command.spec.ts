import type { PruneVolumesResponse, VolumeDetail, VolumeSummary } from '@berth/contracts';
import { describe, expect, it } from 'vitest';
import { berth } from '../../../test/run-cli.js';

describe('berth volume (real server)', () => {
  it('create, ls, inspect, rm', async () => {
    expect(await berth(['volume', 'create', '-l', 'suite=cli-volumes', 'cli-vol'])).toEqual({ code: 0, stdout: 'cli-vol\n', stderr: '' });

    const table = (await berth(['volume', 'ls'])).stdout.split('\n');
    expect(table[0]).toMatch(/^DRIVER +VOLUME NAME +CONTAINERS +CREATED$/);
    expect(table.find((line) => line.includes('cli-vol'))).toMatch(/^local +cli-vol +0 +(Less than a second|\d+ seconds?) ago$/);
    expect((await berth(['volume', 'ls', '-q', '--filter', 'label=suite=cli-volumes'])).stdout).toBe('cli-vol\n');
    const listed = JSON.parse((await berth(['volume', 'ls', '-o', 'json', '--filter', 'name=cli-vol'])).stdout) as VolumeSummary[];
    expect(listed).toMatchObject([{ name: 'cli-vol', driver: 'local', labels: { suite: 'cli-volumes' }, refCount: 0 }]);

    const [detail] = JSON.parse((await berth(['volume', 'inspect', 'cli-vol'])).stdout) as VolumeDetail[];
    expect(detail).toMatchObject({ name: 'cli-vol', containers: [], mountpoint: expect.stringMatching(/^\//) });

    expect(await berth(['volume', 'rm', 'cli-vol'])).toEqual({ code: 0, stdout: 'cli-vol\n', stderr: '' });
    expect(await berth(['volume', 'rm', 'cli-vol'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/^berth: VOLUME_NOT_FOUND: /) });
    expect((await berth(['volume', 'rm', '-f', 'cli-vol'])).code).toBe(0);
  });

  it('refuses to remove a volume a container mounts, and prune keeps it', async () => {
    await berth(['volume', 'create', 'cli-vol-used']);
    await berth(['volume', 'create', 'cli-vol-idle']);
    const created = await berth(['create', '--name', 'cli-vol-user', '-v', 'cli-vol-used:/data', 'busybox', 'true']);
    expect(created.code).toBe(0);
    expect(await berth(['volume', 'rm', 'cli-vol-used'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/^berth: VOLUME_IN_USE: /) });

    expect(await berth(['volume', 'prune'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/^berth: CONFIRMATION_NEEDED: .*add -f/) });
    const pruned = JSON.parse((await berth(['volume', 'prune', '-f', '-o', 'json'])).stdout) as PruneVolumesResponse;
    expect(pruned.volumesDeleted).toContain('cli-vol-idle');
    expect(pruned.volumesDeleted).not.toContain('cli-vol-used');

    await berth(['rm', 'cli-vol-user']);
    expect((await berth(['volume', 'rm', 'cli-vol-used'])).code).toBe(0);
  });
});
