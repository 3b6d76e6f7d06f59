import type { ContainerSummary, PruneContainersResponse } from '@berth/contracts';
import { describe, expect, it } from 'vitest';
import { berth } from '../../../test/run-cli.js';

describe('berth container prune (real server)', () => {
  it('asks first, then removes the stopped containers with the label and keeps a running one', async () => {
    const exited = await berth(['run', '--name', 'cli-prune-exited', '-l', 'suite=cli-prune', '--network', 'none', 'busybox', 'true']);
    expect(exited.code, exited.stderr).toBe(0);
    const running = await berth(['run', '-d', '--name', 'cli-prune-running', '-l', 'suite=cli-prune', '--network', 'none', 'busybox', 'sleep', '30']);
    expect(running.code, running.stderr).toBe(0);

    expect(await berth(['container', 'prune'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/^berth: CONFIRMATION_NEEDED: .*add -f/) });
    expect(await berth(['container', 'prune', '-f', '--filter', 'status=exited'])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^berth: INVALID_FILTER: /),
    });
    const pruned = JSON.parse((await berth(['container', 'prune', '-f', '--filter', 'label=suite=cli-prune', '-o', 'json'])).stdout) as PruneContainersResponse;
    expect(pruned.containersDeleted).toHaveLength(1);
    const left = JSON.parse((await berth(['ps', '-a', '--filter', 'label=suite=cli-prune', '-o', 'json'])).stdout) as ContainerSummary[];
    expect(left.map((container) => container.name)).toEqual(['cli-prune-running']);

    expect((await berth(['rm', '-f', 'cli-prune-running'])).code).toBe(0);
  });
});
