import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addCreateOptions, toCreateRequest, type CreateFlags } from './create-options.js';

/** Parses a `run`-style command line with the real option definitions. */
function parse(argv: string[], env: Record<string, string> = {}) {
  const program = new Command('berth').enablePositionalOptions().exitOverride();
  let request: unknown;
  addCreateOptions(program.command('run').argument('<image>').argument('[command...]').passThroughOptions().exitOverride()).action(
    (image: string, args: string[], flags: CreateFlags) => void (request = toCreateRequest(image, args, flags, env)),
  );
  program.parse(['node', 'berth', 'run', ...argv]);
  return request;
}

describe('run and create flags', () => {
  it('maps docker flags onto the create request', () => {
    expect(
      parse(
        [
          '--name=web',
          '-e',
          'A=1',
          '-e',
          'HOME_DIR',
          '-e',
          'UNSET',
          '-l',
          'tier=web',
          '-v',
          'data:/data',
          '-v',
          '/srv:/srv:ro',
          '--tmpfs',
          '/run:size=64m',
          '-m',
          '256m',
          '--cpus',
          '1.5',
          '--pids-limit',
          '50',
          '--restart',
          'on-failure:3',
          '--entrypoint',
          '',
          '-w',
          '/srv',
          '-u',
          '1000:1000',
          '-p',
          '127.0.0.1:8080:80/udp',
          '--rm',
          '-t',
          'busybox',
          'sh',
          '-c',
          'echo -n hi',
        ],
        { HOME_DIR: '/root' },
      ),
    ).toEqual({
      image: 'busybox',
      cmd: ['sh', '-c', 'echo -n hi'],
      entrypoint: [],
      env: ['A=1', 'HOME_DIR=/root'],
      labels: { tier: 'web' },
      ports: [{ containerPort: 80, protocol: 'udp', hostPort: 8080, hostIp: '127.0.0.1' }],
      mounts: [
        { type: 'volume', source: 'data', target: '/data', readOnly: false },
        { type: 'bind', source: '/srv', target: '/srv', readOnly: true },
        { type: 'tmpfs', target: '/run', readOnly: false, tmpfsSize: '64m' },
      ],
      resources: { memory: '256m', cpus: '1.5', pidsLimit: 50 },
      restartPolicy: { name: 'on-failure', maximumRetryCount: 3 },
      name: 'web',
      workingDir: '/srv',
      user: '1000:1000',
      tty: true,
      autoRemove: true,
    });
  });

  it('maps the healthcheck flags as docker does: a shell command, durations in ms, --no-healthcheck as NONE', () => {
    expect(
      parse([
        '--health-cmd',
        'test -f /ok',
        '--health-interval',
        '1s',
        '--health-timeout',
        '500ms',
        '--health-retries',
        '2',
        '--health-start-period',
        '1m30s',
        'busybox',
      ]),
    ).toEqual({
      image: 'busybox',
      healthcheck: { test: ['CMD-SHELL', 'test -f /ok'], intervalMs: 1000, timeoutMs: 500, retries: 2, startPeriodMs: 90_000 },
    });
    expect(parse(['--health-interval', '2s', 'busybox'])).toEqual({ image: 'busybox', healthcheck: { intervalMs: 2000 } });
    expect(parse(['--no-healthcheck', 'busybox'])).toEqual({ image: 'busybox', healthcheck: { test: ['NONE'] } });
  });

  it('leaves options after the image to the command', () => {
    expect(parse(['busybox', 'ls', '-l', '--rm'])).toEqual({ image: 'busybox', cmd: ['ls', '-l', '--rm'] });
  });

  it.each([
    [['-v', '/data', 'busybox'], /anonymous volumes are not supported/],
    [['-v', 'data:/data:zz', 'busybox'], /"zz" is not a mount option/],
    [['-p', '80-90:80', 'busybox'], /-p takes/],
    [['--restart', 'sometimes', 'busybox'], /--restart takes/],
    [['--restart', 'always:3', 'busybox'], /--restart takes/],
    [['--pids-limit', 'many', 'busybox'], /--pids-limit takes a whole number/],
    [['--health-interval', '10', 'busybox'], /--health-interval takes a duration/],
    [['--no-healthcheck', '--health-cmd', 'true', 'busybox'], /--no-healthcheck conflicts/],
  ])('refuses %j', (argv, message) => {
    expect(() => parse(argv)).toThrow(message);
  });
});
