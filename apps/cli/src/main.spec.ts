import { describe, expect, it } from 'vitest';
import { berth } from '../test/run-cli.js';

describe('berth status and info (real server)', () => {
  it('status prints readiness and exits 0 when ready', async () => {
    const result = await berth(['status']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Berth \S+ at http:\/\/127\.0\.0\.1:\d+: ready\n/);
    expect(result.stdout).toContain('ok   database');
    expect(result.stdout).toContain('ok   migrations');
  });

  it('status --json is one parseable document', async () => {
    const result = await berth(['status', '--json']);
    expect(JSON.parse(result.stdout)).toMatchObject({
      status: 'ready',
      checks: [
        { name: 'database', ok: true },
        { name: 'migrations', ok: true },
      ],
    });
  });

  it('info prints host facts; --json and -o json print the same JSON', async () => {
    const table = await berth(['info']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^Berth version +\S+/m);
    expect(table.stdout).toMatch(/^Database +embedded$/m);
    const json = JSON.parse((await berth(['info', '--json'])).stdout);
    expect(json).toMatchObject({ database: 'embedded', images: expect.any(Number) });
    expect(JSON.parse((await berth(['system', 'info', '-o', 'json'])).stdout).hostname).toBe(json.hostname);
  });
});

describe('berth failures', () => {
  it('says how to start Berth when nothing listens', async () => {
    const result = await berth(['status'], { BERTH_URL: 'http://127.0.0.1:1' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^berth: UNREACHABLE: cannot reach Berth at http:\/\/127\.0\.0\.1:1 \(.+\); start it with `npm start` or set BERTH_URL\n$/);
  });

  it('prints the server problem as one line: berth: CODE: detail', async () => {
    const result = await berth(['inspect', '--type', 'container', 'no-such-container']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('berth: CONTAINER_NOT_FOUND: no such container: no-such-container\n');
  });

  it('answers a usage error with help and exit 1, and --help with 0', async () => {
    const wrong = await berth(['ps', '--bogus']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("unknown option '--bogus'");
    const help = await berth(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('run [options] <image> [command...]');
  });
});
