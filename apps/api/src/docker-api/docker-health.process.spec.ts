import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCKER, startDockerHarness, type DockerHarness } from '../../test/docker-harness.js';

/**
 * Healthchecks through the stock `docker` CLI against the built server, with real containers
 * and real probes: `--health-*` on run, HEALTHCHECK in a classic build, State.Health in
 * inspect, "(healthy)" in ps, the `health_status` events, probes killed at their timeout,
 * and REST's refusal of a malformed check. Needs root and the docker client.
 */
const run = promisify(execFile);
const ADMIN_TOKEN = `berth_${'h'.repeat(43)}`;
if (!DOCKER) console.warn('docker-health.process.spec: skipped, no docker client (/usr/local/bin/docker or docker.io)');

let harness: DockerHarness | undefined;
let root: string;
let socket: string;
let restBase: string;

beforeAll(async () => {
  if (!DOCKER) return;
  harness = await startDockerHarness('docker-health', { adminToken: ADMIN_TOKEN });
  ({ root, socket, restBase } = harness);
}, 120_000);

afterAll(() => harness?.close(), 30_000);

const docker = (args: string[], env: Record<string, string> = {}) => harness!.docker(args, { env, timeoutMs: 60_000 });

interface DockerHealth {
  Status: string;
  FailingStreak: number;
  Log: { Start: string; End: string; ExitCode: number; Output: string }[];
}

async function health(name: string): Promise<DockerHealth | null> {
  const inspected = await docker(['inspect', '--format', '{{json .State.Health}}', name]);
  expect(inspected.code).toBe(0);
  return JSON.parse(inspected.stdout) as DockerHealth | null;
}

/** Polls inspect until the health status is `status` (bounded: 40 reads, 15 s). */
async function untilHealth(name: string, status: string): Promise<DockerHealth> {
  const deadline = Date.now() + 15_000;
  for (let attempt = 0; attempt < 40 && Date.now() < deadline; attempt++) {
    const current = await health(name);
    if (current?.Status === status) return current;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`${name} did not become ${status}: ${JSON.stringify(await health(name))}`);
}

/** Host processes whose command line is exactly `argv`. */
function processesRunning(argv: string[]): number {
  const wanted = `${argv.join('\0')}\0`;
  return readdirSync('/proc').filter((entry) => {
    if (!/^\d+$/.test(entry)) return false;
    try {
      return readFileSync(`/proc/${entry}/cmdline`, 'utf8') === wanted;
    } catch {
      return false;
    }
  }).length;
}

/**
 * Just after a (re)start: `starting` — or already healthy again from a probe of this run, when a
 * loaded machine was slower than the 300 ms interval. Never the last run's verdict carried over.
 */
function expectStartedOver(current: DockerHealth | null, startedAt: string): void {
  if (current?.Status === 'starting') return;
  expect(current?.Status).toBe('healthy');
  expect(current!.Log.at(-1)!.Start > startedAt).toBe(true);
}

describe.skipIf(!DOCKER)('healthchecks through the docker CLI', () => {
  it('a passing --health-cmd makes the container healthy: inspect, ps, the health filter and the events stream show it', async () => {
    const since = String(Math.floor(Date.now() / 1000) - 1);
    const started = await docker([
      'run',
      '-d',
      '--name',
      'hc-ok',
      '--network',
      'none',
      '--health-cmd',
      'echo fine',
      '--health-interval',
      '300ms',
      'busybox',
      'sleep',
      '600',
    ]);
    expect(started.code).toBe(0);
    const healthy = await untilHealth('hc-ok', 'healthy');
    expect(healthy.FailingStreak).toBe(0);
    expect(healthy.Log.at(-1)).toMatchObject({ ExitCode: 0, Output: 'fine\n' });
    const config = await docker(['inspect', '--format', '{{json .Config.Healthcheck}}', 'hc-ok']);
    // StartInterval too, which this client's API version (1.43) does not read back.
    expect(JSON.parse(config.stdout)).toMatchObject({ Test: ['CMD-SHELL', 'echo fine'], Interval: 3e8, Timeout: 30e9, Retries: 3 });
    expect((await docker(['ps', '--filter', 'name=hc-ok', '--format', '{{.Status}}'])).stdout).toMatch(/^Up .* \(healthy\)\n$/);
    // The same state through REST: the summary's verdict, the detail's state and the stored check.
    const rest = await fetch(`${restBase}/containers/hc-ok`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(await rest.json()).toMatchObject({
      health: 'healthy',
      healthState: { status: 'healthy', failingStreak: 0 },
      config: { healthcheck: { test: ['CMD-SHELL', 'echo fine'], intervalMs: 300, timeoutMs: 30_000, retries: 3, startPeriodMs: 0, startIntervalMs: 5_000 } },
    });
    expect((await docker(['ps', '--filter', 'health=healthy', '--format', '{{.Names}}'])).stdout).toContain('hc-ok');
    expect((await docker(['ps', '--filter', 'health=unhealthy', '--format', '{{.Names}}'])).stdout).not.toContain('hc-ok');
    const until = String(Math.ceil(Date.now() / 1000) + 1);
    const events = await docker(['events', '--since', since, '--until', until, '--filter', 'container=hc-ok', '--format', '{{.Action}}']);
    expect(events.stdout.split('\n')).toContain('health_status: healthy');
    // `event=health_status` selects every health_status event, as in Docker.
    const health = await docker([
      'events',
      '--since',
      since,
      '--until',
      until,
      '--filter',
      'event=health_status',
      '--format',
      '{{.Actor.Attributes.name}} {{.Action}}',
    ]);
    expect(health.stdout.split('\n').filter(Boolean)).toEqual(['hc-ok health_status: healthy']);
  });

  it('stops probing while the container is stopped or paused, and starts over as starting on each start', async () => {
    expect((await docker(['stop', '-t', '1', 'hc-ok'])).code).toBe(0);
    const stopped = await health('hc-ok');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    // No probe ran while it was stopped: the log is what it was at the stop.
    expect((await health('hc-ok'))?.Log).toEqual(stopped?.Log);
    let startedAt = new Date().toISOString();
    expect((await docker(['start', 'hc-ok'])).code).toBe(0);
    expectStartedOver(await health('hc-ok'), startedAt);
    await untilHealth('hc-ok', 'healthy');
    // A frozen container is not probed (its probe could only time out); it is again once thawed.
    expect((await docker(['pause', 'hc-ok'])).code).toBe(0);
    // Past any probe that was finishing as the freeze came.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const paused = await health('hc-ok');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await health('hc-ok'))?.Log.at(-1)).toEqual(paused?.Log.at(-1));
    expect((await docker(['unpause', 'hc-ok'])).code).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await health('hc-ok'))?.Log.at(-1)?.Start.localeCompare(paused!.Log.at(-1)!.Start)).toBe(1);
    startedAt = new Date().toISOString();
    expect((await docker(['restart', '-t', '1', 'hc-ok'])).code).toBe(0);
    expectStartedOver(await health('hc-ok'), startedAt);
    await untilHealth('hc-ok', 'healthy');
    expect((await docker(['rm', '-f', 'hc-ok'])).code).toBe(0);
  });

  it('a failing check makes it unhealthy after its retries, keeping the last five results', async () => {
    const started = await docker([
      'run',
      '-d',
      '--name',
      'hc-bad',
      '--network',
      'none',
      '--health-cmd',
      'echo broken >&2; exit 3',
      '--health-interval',
      '200ms',
      '--health-retries',
      '2',
      'busybox',
      'sleep',
      '600',
    ]);
    expect(started.code).toBe(0);
    const unhealthy = await untilHealth('hc-bad', 'unhealthy');
    expect(unhealthy.FailingStreak).toBeGreaterThanOrEqual(2);
    expect(unhealthy.Log.at(-1)).toMatchObject({ ExitCode: 3, Output: 'broken\n' });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await health('hc-bad'))?.Log).toHaveLength(5);
    expect((await docker(['ps', '--filter', 'name=hc-bad', '--format', '{{.Status}}'])).stdout).toMatch(/\(unhealthy\)\n$/);
    expect(await docker(['rm', '-f', 'hc-bad'])).toMatchObject({ code: 0 });
  });

  it('kills a probe at its timeout, with everything it started, and counts it as a failure', async () => {
    const probe = ['sleep', '37.25'];
    const started = await docker([
      'run',
      '-d',
      '--name',
      'hc-slow',
      '--network',
      'none',
      '--health-cmd',
      `${probe.join(' ')}; true`,
      '--health-interval',
      '200ms',
      '--health-timeout',
      '300ms',
      '--health-retries',
      '2',
      'busybox',
      'sleep',
      '600',
    ]);
    expect(started.code).toBe(0);
    const unhealthy = await untilHealth('hc-slow', 'unhealthy');
    expect(unhealthy.Log.at(-1)).toMatchObject({ ExitCode: -1, Output: 'Health check exceeded timeout (300ms)' });
    // One probe at a time, each killed (its shell and its sleep) before the next: never two sleeps.
    for (let sample = 0; sample < 10; sample++) {
      expect(processesRunning(probe)).toBeLessThanOrEqual(1);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    expect((await docker(['rm', '-f', 'hc-slow'])).code).toBe(0);
    expect(processesRunning(probe)).toBe(0);
  });

  it('builds an image with HEALTHCHECK that its containers run, and --no-healthcheck disables it', async () => {
    const context = join(root, 'health-context');
    mkdirSync(context, { recursive: true });
    writeFileSync(
      join(context, 'Dockerfile'),
      'FROM busybox\nHEALTHCHECK --interval=300ms --timeout=2s --retries=2 CMD test -x /bin/sh\nCMD ["sleep", "600"]\n',
    );
    const built = await docker(['build', '-t', 'hc-image:1', context], { DOCKER_BUILDKIT: '0' });
    expect(built.code, built.stderr).toBe(0);
    const image = await docker(['image', 'inspect', '--format', '{{json .Config.Healthcheck}}', 'hc-image:1']);
    expect(JSON.parse(image.stdout)).toEqual({ Test: ['CMD-SHELL', 'test -x /bin/sh'], Interval: 3e8, Timeout: 2e9, Retries: 2 });
    expect((await docker(['run', '-d', '--name', 'hc-built', '--network', 'none', 'hc-image:1'])).code).toBe(0);
    await untilHealth('hc-built', 'healthy');
    expect((await docker(['run', '-d', '--name', 'hc-none', '--network', 'none', '--no-healthcheck', 'hc-image:1'])).code).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(await health('hc-none')).toBeNull();
    expect((await docker(['ps', '--filter', 'name=hc-none', '--format', '{{.Status}}'])).stdout).toMatch(/^Up [^(]*\n$/);
    expect((await docker(['rm', '-f', 'hc-built', 'hc-none'])).code).toBe(0);
  });

  it('lets docker-compose hold a service back until its dependency is healthy (depends_on: service_healthy)', async () => {
    const project = join(root, 'health-compose');
    mkdirSync(project, { recursive: true });
    writeFileSync(
      join(project, 'docker-compose.yml'),
      [
        'version: "2.4"',
        'services:',
        '  ready:',
        '    image: busybox',
        '    network_mode: none',
        '    command: ["sh", "-c", "sleep 1; touch /tmp/ready; sleep 600"]',
        '    healthcheck: { test: ["CMD-SHELL", "test -f /tmp/ready"], interval: 300ms, timeout: 2s, retries: 20 }',
        '  after:',
        '    image: busybox',
        '    network_mode: none',
        '    command: ["sleep", "600"]',
        '    depends_on: { ready: { condition: service_healthy } }',
        '',
      ].join('\n'),
    );
    const compose = (args: string[]) =>
      run('docker-compose', ['--no-ansi', '-p', 'hc', ...args], {
        cwd: project,
        env: { ...process.env, DOCKER_HOST: `unix://${socket}`, DOCKER_CONFIG: join(root, 'no-config') },
        timeout: 60_000,
      });
    const since = String(Math.floor(Date.now() / 1000) - 1);
    await compose(['up', '-d']);
    expect((await health('hc_ready_1'))?.Status).toBe('healthy');
    // `up` started `after` only once `ready` was healthy: the events say in which order.
    const until = String(Math.ceil(Date.now() / 1000) + 1);
    const events = await docker([
      'events',
      '--since',
      since,
      '--until',
      until,
      '--filter',
      'type=container',
      '--format',
      '{{.Actor.Attributes.name}} {{.Action}}',
    ]);
    const order = events.stdout.split('\n');
    expect(order.indexOf('hc_ready_1 health_status: healthy')).toBeGreaterThan(-1);
    expect(order.indexOf('hc_after_1 start')).toBeGreaterThan(order.indexOf('hc_ready_1 health_status: healthy'));
    expect((await compose(['ps'])).stdout).toMatch(/hc_ready_1 .*Up \(healthy\)/);
    await compose(['down', '--timeout', '1']);
  }, 90_000);

  it('refuses a malformed check on both surfaces with a 400, creating nothing', async () => {
    const before = await docker(['ps', '-a', '-q']);
    const tooFast = await docker(['run', '-d', '--network', 'none', '--health-cmd', 'true', '--health-interval', '10ms', 'busybox', 'sleep', '5']);
    expect(tooFast.code).toBe(125);
    expect(tooFast.stderr).toMatch(/intervalMs must be between 100 ms/);
    const rest = (body: unknown) =>
      fetch(`${restBase}/containers`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const badTest = await rest({ image: 'busybox', name: 'hc-rest', healthcheck: { test: ['curl', 'localhost'] } });
    expect(badTest.status).toBe(400);
    expect(await badTest.json()).toMatchObject({ code: 'INVALID_HEALTHCHECK' });
    const badType = await rest({ image: 'busybox', name: 'hc-rest', healthcheck: { test: ['CMD', 'true'], retries: 'many' } });
    expect(badType.status).toBe(400);
    expect((await docker(['ps', '-a', '-q'])).stdout).toBe(before.stdout);
  });

  it('goes on probing a container that ran on through an API restart, from the state it had', async () => {
    expect(
      (await docker(['run', '-d', '--name', 'hc-resume', '--network', 'none', '--health-cmd', 'true', '--health-interval', '300ms', 'busybox', 'sleep', '600']))
        .code,
    ).toBe(0);
    await untilHealth('hc-resume', 'healthy');
    await harness!.stop();
    expect(harness!.server().child.exitCode).not.toBeNull();
    const restartedAt = new Date().toISOString();
    await harness!.start();
    // Probes after the restart, and no fall back to `starting`: the stored state went on.
    const deadline = Date.now() + 15_000;
    let resumed = await health('hc-resume');
    for (let attempt = 0; attempt < 40 && Date.now() < deadline && !(resumed!.Log.at(-1)!.Start > restartedAt); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      resumed = await health('hc-resume');
    }
    expect(resumed).toMatchObject({ Status: 'healthy', FailingStreak: 0 });
    expect(resumed!.Log.at(-1)!.Start > restartedAt).toBe(true);
    expect((await docker(['rm', '-f', 'hc-resume'])).code).toBe(0);
  }, 60_000);
});
