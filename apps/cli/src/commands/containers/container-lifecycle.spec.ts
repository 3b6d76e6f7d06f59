import type { ContainerDetail, ContainerSummary } from '@berth/contracts';
import { describe, expect, it } from 'vitest';
import { berth, until } from '../../../test/run-cli.js';

describe('a detached container through the CLI (real server)', () => {
  it('run -d, ps, logs, exec, top, stats, pause, stop, start, rename, rm', async () => {
    const script = 'trap "echo bye; exit 0" TERM; echo ready; echo warn >&2; while :; do sleep 0.1; done';
    const started = await berth(['run', '-d', '--name', 'cli-life', '-l', 'suite=cli', 'busybox', 'sh', '-c', script]);
    expect(started.code).toBe(0);
    const id = started.stdout.trim();
    expect(id).toMatch(/^[0-9a-f]{64}$/);

    const ps = await berth(['ps']);
    const header = ps.stdout.split('\n')[0]!;
    expect(header).toMatch(/^CONTAINER ID +IMAGE +COMMAND +CREATED +STATUS +NAMES$/);
    const row = ps.stdout.split('\n').find((line) => line.endsWith('cli-life'))!;
    expect(row.startsWith(id.slice(0, 12) + ' ')).toBe(true);
    expect(row).toMatch(/busybox +"sh -c trap "echo by…" +(Less than a second|\d+ seconds?) ago +Up /);
    expect(header.indexOf('STATUS')).toBe(row.indexOf('Up '));
    expect((await berth(['ps', '-q', '--filter', 'label=suite=cli'])).stdout).toBe(`${id.slice(0, 12)}\n`);
    const listed = JSON.parse((await berth(['ps', '-o', 'json', '--filter', 'name=cli-life'])).stdout) as ContainerSummary[];
    expect(listed).toMatchObject([{ id, name: 'cli-life', status: 'running', labels: { suite: 'cli' } }]);

    const logs = await until(
      () => berth(['logs', 'cli-life']),
      (result) => result.stdout.includes('ready') && result.stderr.includes('warn'),
    );
    expect(logs).toMatchObject({ code: 0, stdout: 'ready\n', stderr: 'warn\n' });
    expect((await berth(['logs', '-t', '--tail', '1', 'cli-life'])).stderr).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z warn\n$/);

    expect(await berth(['exec', 'cli-life', 'sh', '-c', 'echo in; echo oops >&2; exit 4'])).toEqual({ code: 4, stdout: 'in\n', stderr: 'oops\n' });
    expect(await berth(['exec', '-e', 'X=1', '-w', '/tmp', 'cli-life', 'sh', '-c', 'echo $X $(pwd)'])).toMatchObject({ code: 0, stdout: '1 /tmp\n' });

    expect((await berth(['top', 'cli-life'])).stdout).toMatch(/^PID +PPID +STAT +COMMAND\n/);
    const stats = JSON.parse((await berth(['stats', '--no-stream', '-o', 'json', 'cli-life'])).stdout);
    expect(stats).toMatchObject([{ id, pids: { current: expect.any(Number) }, cpuPercent: expect.any(Number) }]);
    expect((await berth(['stats', '--no-stream', 'cli-life'])).stdout).toMatch(
      /^CONTAINER ID +NAME +CPU % +MEM USAGE \/ LIMIT +MEM % +PIDS\n\w{12} +cli-life +[\d.]+%/,
    );

    expect(await berth(['pause', 'cli-life'])).toMatchObject({ code: 0, stdout: 'cli-life\n' });
    expect((await berth(['ps', '--filter', 'name=cli-life'])).stdout).toContain('(Paused)');
    expect((await berth(['unpause', 'cli-life'])).code).toBe(0);

    // The follow ends when the container stops; stop sends TERM, which the trap answers.
    const following = berth(['logs', '-f', 'cli-life']);
    expect(await berth(['stop', '-t', '5', 'cli-life'])).toMatchObject({ code: 0, stdout: 'cli-life\n' });
    expect((await following).stdout).toBe('ready\nbye\n');
    expect((await berth(['wait', 'cli-life'])).stdout).toBe('0\n');
    expect((await berth(['ps', '-a', '--filter', 'status=exited'])).stdout).toMatch(/cli-life\n/);

    expect(await berth(['rename', 'cli-life', 'cli-life-2'])).toMatchObject({ code: 0 });
    expect((await berth(['update', '--memory', '32m', '--restart', 'on-failure:2', 'cli-life-2'])).code).toBe(0);
    const [detail] = JSON.parse((await berth(['inspect', 'cli-life-2'])).stdout) as ContainerDetail[];
    expect(detail).toMatchObject({ id, name: 'cli-life-2', status: 'stopped', restartPolicy: { name: 'on-failure', maximumRetryCount: 2 } });

    expect((await berth(['start', 'cli-life-2'])).code).toBe(0);
    expect((await berth(['rm', 'cli-life-2'])).stderr).toMatch(/^berth: [A-Z_]+: /);
    expect(await berth(['rm', '-f', 'cli-life-2'])).toMatchObject({ code: 0, stdout: 'cli-life-2\n' });
    expect((await berth(['ps', '-a', '-q', '--filter', `id=${id.slice(0, 8)}`])).stdout).toBe('');
  });

  it('create then start -a prints the output and exits with its code; kill stops a container', async () => {
    const created = await berth(['create', '--name', 'cli-created', 'busybox', 'sh', '-c', 'echo made; exit 5']);
    expect(created.stdout).toMatch(/^[0-9a-f]{64}\n$/);
    expect((await berth(['ps', '-a', '--filter', 'status=created'])).stdout).toMatch(/Created +cli-created\n/);
    expect(await berth(['start', '-a', 'cli-created'])).toMatchObject({ code: 5, stdout: 'made\n' });

    await berth(['run', '-d', '--name', 'cli-killed', 'busybox', 'sleep', '300']);
    expect(await berth(['kill', 'cli-killed'])).toMatchObject({ code: 0, stdout: 'cli-killed\n' });
    expect((await berth(['wait', 'cli-killed'])).stdout).toBe('137\n');
    expect(await berth(['rm', 'cli-created', 'cli-killed', 'cli-missing'])).toMatchObject({
      code: 1,
      stdout: 'cli-created\ncli-killed\n',
      stderr: 'berth: CONTAINER_NOT_FOUND: no such container: cli-missing\n',
    });
  });
});
