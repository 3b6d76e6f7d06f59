import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OciHook } from '../model/oci-spec.js';
import type { RuntimeFixture } from '../testing/runtime-fixture.js';
import { useRuntimeFixture } from '../testing/use-runtime-fixture.js';

/** OCI hooks of the runtime's namespaces on real containers: order, stdin state, env, failure and timeout. */
describe('OCI hooks (real kernel)', () => {
  let fx: RuntimeFixture;
  let dir: string;
  let script: string;
  let record: string;
  useRuntimeFixture((fixture) => (fx = fixture));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-hooks-'));
    record = join(dir, 'record');
    script = join(dir, 'hook.sh');
    // One line per call: its phase (argv[1]), an env variable, and the state it read on stdin.
    await writeFile(script, `#!/bin/sh\nprintf '%s %s %s\\n' "$1" "$HOOK_ENV" "$(cat)" >> ${record}\nexit "\${HOOK_EXIT:-0}"\n`);
    await chmod(script, 0o755);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const hook = (phase: string, extra: Partial<OciHook> = {}): OciHook => ({ path: script, args: ['hook.sh', phase], env: [`HOOK_ENV=${phase}-env`], ...extra });
  const calls = async () =>
    (await readFile(record, 'utf8').catch(() => ''))
      .trimEnd()
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [phase, env, ...json] = line.split(' ');
        return { phase, env, state: JSON.parse(json.join(' ')) as Record<string, unknown> };
      });

  it('runs prestart and createRuntime at create, poststart at start, poststop at delete, each with the state on stdin', async () => {
    await rm(record, { force: true });
    const id = fx.id('hooks');
    await fx.bundle.writeSpec(['sleep', '30'], (spec) => {
      spec.hooks = { prestart: [hook('prestart')], createRuntime: [hook('createRuntime')], poststart: [hook('poststart')], poststop: [hook('poststop')] };
    });
    const created = await fx.runtime.create(id, { bundle: fx.bundle.dir });
    expect((await calls()).map((call) => call.phase)).toEqual(['prestart', 'createRuntime']);
    await fx.runtime.start(id);
    await fx.runtime.delete(id, { force: true });
    const all = await calls();
    expect(all.map((call) => [call.phase, call.env, call.state.status])).toEqual([
      ['prestart', 'prestart-env', 'creating'],
      ['createRuntime', 'createRuntime-env', 'creating'],
      ['poststart', 'poststart-env', 'running'],
      ['poststop', 'poststop-env', 'stopped'],
    ]);
    for (const call of all.slice(0, 3)) expect(call.state).toMatchObject({ id, pid: created.init!.pid, bundle: fx.bundle.dir, ociVersion: expect.any(String) });
  });

  it('a failing createRuntime hook fails create with its message and leaves nothing behind', async () => {
    await fx.bundle.writeSpec(['sleep', '30'], (spec) => (spec.hooks = { createRuntime: [hook('bad', { env: ['HOOK_EXIT=3'] })] }));
    await expect(fx.runtime.create(fx.id('hook-fails'), { bundle: fx.bundle.dir })).rejects.toMatchObject({
      code: 'HOOK_FAILED',
      message: expect.stringMatching(/^hooks\.createRuntime\[0\] .*hook\.sh: exit status 3/),
    });
    expect(await fx.runtime.list()).toEqual([]);
  });

  it('a hook over its timeout is killed and fails create', async () => {
    await fx.bundle.writeSpec(['sleep', '30'], (spec) => (spec.hooks = { prestart: [{ path: '/bin/sleep', args: ['sleep', '10'], timeout: 1 }] }));
    const started = Date.now();
    await expect(fx.runtime.create(fx.id('hook-slow'), { bundle: fx.bundle.dir })).rejects.toMatchObject({
      code: 'HOOK_FAILED',
      message: expect.stringMatching(/did not finish within its timeout of 1 s/),
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await fx.runtime.list()).toEqual([]);
  });

  it('a failing poststart hook only warns: the container runs', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const id = await fx.start('hook-poststart', ['sleep', '30'], (spec) => (spec.hooks = { poststart: [hook('poststart', { env: ['HOOK_EXIT=1'] })] }));
      expect((await fx.runtime.state(id)).status).toBe('running');
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((warning) => warning.message)).toContainEqual(expect.stringMatching(/^hooks\.poststart\[0\] .*exit status 1/));
      await fx.runtime.delete(id, { force: true });
    } finally {
      process.off('warning', onWarning);
    }
  });
});
