import { describe, expect, it } from 'vitest';
import type { RuntimeFixture } from '../testing/runtime-fixture.js';
import { useRuntimeFixture } from '../testing/use-runtime-fixture.js';

describe('exec (real kernel)', () => {
  let fx: RuntimeFixture;
  let id: string;
  useRuntimeFixture((fixture) => (fx = fixture));

  async function startSleeper(): Promise<string> {
    const started = await fx.start('exec', ['sh', '-c', 'echo from-init > /tmp/shared; echo ready; sleep 30'], (spec) => {
      spec.hostname = 'exec-box';
      spec.process!.env = ['PATH=/bin', 'FROM_SPEC=yes'];
    });
    const deadline = Date.now() + 10_000;
    while (!(await fx.output(started)).includes('ready')) {
      if (Date.now() > deadline) throw new Error('container did not get ready');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return started;
  }

  it('sees the same PID namespace, hostname and files as the container', async () => {
    id = await startSleeper();
    const script = 'hostname; cat /tmp/shared; cat /proc/1/cmdline | tr "\\0" " "; echo; echo $$; echo $FROM_SPEC';
    const result = await fx.runtime.exec(id, { args: ['sh', '-c', script], stdio: 'pipe' });
    const [hostname, shared, init, pid, env] = result.stdout.split('\n');
    expect(result.exitCode).toBe(0);
    expect(hostname).toBe('exec-box');
    expect(shared).toBe('from-init');
    expect(init).toContain('sleep 30');
    expect(Number(pid)).toBeLessThan(10);
    expect(env).toBe('yes');
  });

  it('passes env, cwd, user and stdin, and returns the exit code', async () => {
    id = await startSleeper();
    const result = await fx.runtime.exec(id, {
      args: ['sh', '-c', 'read line; echo "$line $EXTRA $(pwd) $(id -u):$(id -g)"; exit 4'],
      env: ['EXTRA=more'],
      cwd: '/tmp',
      user: { uid: 1000, gid: 1001 },
      input: 'hello\n',
      stdio: 'pipe',
    });
    expect(result).toMatchObject({ exitCode: 4, stdout: 'hello more /tmp 1000:1001\n' });
  });

  it('reports a missing command as 127, and a stopped container as an error', async () => {
    id = await startSleeper();
    const missing = await fx.runtime.exec(id, { args: ['/no/such/command'], stdio: 'pipe' });
    expect(missing.exitCode).toBe(127);
    expect(missing.stderr).toMatch(/^berth: ENOENT: /m);
    await fx.runtime.kill(id, 'KILL');
    await fx.runtime.wait(id, 10_000);
    await expect(fx.runtime.exec(id, { args: ['true'], stdio: 'pipe' })).rejects.toMatchObject({ code: 'INVALID_STATUS' });
  });

  it('detaches: returns once the process runs inside, which ps then lists', async () => {
    id = await startSleeper();
    const result = await fx.runtime.exec(id, { args: ['sleep', '30'], detach: true });
    expect(result.pid).toBeGreaterThan(0);
    expect(await fx.runtime.ps(id)).toContain(result.pid);
    // Killing the container's init takes the detached process down with the PID namespace.
    await fx.runtime.delete(id, { force: true });
    expect(await fx.runtime.list()).toEqual([]);
  });
});
