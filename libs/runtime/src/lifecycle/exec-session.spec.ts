import { describe, expect, it } from 'vitest';
import type { RuntimeFixture } from '../testing/runtime-fixture.js';
import { useRuntimeFixture } from '../testing/use-runtime-fixture.js';
import { waitFor } from '../testing/wait-for.js';

/** An exec driven from outside, as the console's terminal drives it (real containers, root). */
describe('execSession (real containers)', () => {
  let fx: RuntimeFixture;
  useRuntimeFixture((fixture) => (fx = fixture));

  it('runs a shell on a pty of the given size, resizes it, and reports the exit status', async () => {
    const id = await fx.start('session', ['sleep', '30']);
    let output = '';
    const session = await fx.runtime.execSession(id, {
      args: ['sh'],
      terminal: true,
      size: { rows: 30, cols: 100 },
      onOutput: (_, data) => (output += data.toString()),
    });
    session.write('stty size; tty\n');
    await waitFor(async () => /30 100\r\n\/dev\/pts\/\d+/.test(output));
    session.resize(40, 120);
    session.write('stty size\n');
    await waitFor(async () => output.includes('40 120'));
    session.write('exit 4\n');
    expect(await session.exit).toBe(4);
  });

  it('without a terminal: separate streams, input to EOF, signals', async () => {
    const id = await fx.start('session-pipe', ['sleep', '30']);
    const streams = { stdout: '', stderr: '' };
    const cat = await fx.runtime.execSession(id, { args: ['sh', '-c', 'cat; echo err >&2'], onOutput: (stream, data) => (streams[stream] += data.toString()) });
    cat.write('piped\n');
    cat.endInput();
    expect(await cat.exit).toBe(0);
    expect(streams).toEqual({ stdout: 'piped\n', stderr: 'err\n' });
    const sleeper = await fx.runtime.execSession(id, { args: ['sleep', '30'], onOutput: () => undefined });
    sleeper.kill('SIGTERM');
    expect(await sleeper.exit).toBe(143);
  });

  it('refuses a container that does not run', async () => {
    const { id } = await fx.runToExit('session-done', ['true']);
    await expect(fx.runtime.execSession(id, { args: ['true'], onOutput: () => undefined })).rejects.toMatchObject({ code: 'INVALID_STATUS' });
  });
});
