import { describe, expect, it } from 'vitest';
import { berth } from '../../../test/run-cli.js';

/** Polls `berth ps` (bounded: 40 reads, 15 s) until the container's row matches; answers that row. */
async function untilStatus(name: string, pattern: RegExp): Promise<string> {
  let status = '';
  const deadline = Date.now() + 15_000;
  for (let attempt = 0; attempt < 40 && Date.now() < deadline; attempt++) {
    status = (await berth(['ps', '--filter', `name=${name}`])).stdout.split('\n')[1] ?? '';
    if (pattern.test(status)) return status;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`${name}: status stayed ${JSON.stringify(status)}`);
}

describe('berth run --health-* (real server, real containers)', () => {
  it('shows (healthy) in ps once the check passes, and (unhealthy) after its retries fail', async () => {
    const ok = await berth([
      'run',
      '-d',
      '--name',
      'cli-hc-ok',
      '--network',
      'none',
      '--health-cmd',
      'true',
      '--health-interval',
      '200ms',
      'busybox',
      'sleep',
      '300',
    ]);
    expect(ok).toMatchObject({ code: 0 });
    const bad = await berth([
      'run',
      '-d',
      '--name',
      'cli-hc-bad',
      '--network',
      'none',
      '--health-cmd',
      'exit 1',
      '--health-interval',
      '200ms',
      '--health-retries',
      '1',
      'busybox',
      'sleep',
      '300',
    ]);
    expect(bad).toMatchObject({ code: 0 });
    expect(await untilStatus('cli-hc-ok', /\(healthy\)/)).toMatch(/ Up [^(]+ \(healthy\) +cli-hc-ok$/);
    expect(await untilStatus('cli-hc-bad', /\(unhealthy\)/)).toMatch(/ Up [^(]+ \(unhealthy\) +cli-hc-bad$/);
    expect((await berth(['rm', '-f', 'cli-hc-ok', 'cli-hc-bad'])).code).toBe(0);
  });

  it('refuses a malformed check before anything is created', async () => {
    const refused = await berth(['run', '-d', '--name', 'cli-hc-fast', '--health-cmd', 'true', '--health-interval', '5ms', 'busybox', 'true']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/INVALID_HEALTHCHECK/);
    expect((await berth(['ps', '-a', '-q', '--filter', 'name=cli-hc-fast'])).stdout).toBe('');
  });
});
