import type { BerthEvent, DiskUsage } from '@berth/contracts';
import { describe, expect, it } from 'vitest';
import { berth } from '../../../test/run-cli.js';

describe('berth system and events (real server)', () => {
  it('system df summarises images, containers and volumes', async () => {
    const table = await berth(['system', 'df']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^TYPE +TOTAL +ACTIVE +SIZE +RECLAIMABLE\nImages +\d+ +\d+ +\S+ +\S+.*\nContainers +\d+ .*\nLocal Volumes +\d+ /);
    const usage = JSON.parse((await berth(['system', 'df', '-o', 'json'])).stdout) as DiskUsage;
    expect(usage.images.count).toBeGreaterThanOrEqual(1);
    expect((await berth(['system', 'df', '-v'])).stdout).toContain('Images space usage:');
  });

  it('events --since … --until … replays what happened, filtered, and ends', async () => {
    const since = new Date().toISOString();
    await berth(['run', '--rm', '--name', 'cli-events', 'busybox', 'true']);
    // Events are persisted after the request that caused them: give the last one a moment.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const until = new Date().toISOString();
    const result = await berth(['events', '--since', since, '--until', until, '-f', 'type=container', '-f', 'container=cli-events']);
    expect(result.code).toBe(0);
    const actions = result.stdout
      .trim()
      .split('\n')
      .map((line) => line.split(' ')[2]);
    expect(actions).toEqual(expect.arrayContaining(['create', 'start', 'die', 'destroy']));
    expect(result.stdout).toMatch(/^\d{4}-\d\d-\d\dT\S+Z container create [0-9a-f]{64} \(image=busybox, name=cli-events\)$/m);

    const json = await berth(['events', '--since', since, '--until', until, '-f', 'event=start', '-f', 'container=cli-events', '-o', 'json']);
    const events = json.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as BerthEvent);
    expect(events).toMatchObject([{ type: 'container', action: 'start' }]);
  });

  it('refuses a filter it does not know, listing those it does', async () => {
    expect(await berth(['events', '-f', 'colour=red'])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^berth: INVALID_FILTER: --filter takes one of type=…/),
    });
  });
});
