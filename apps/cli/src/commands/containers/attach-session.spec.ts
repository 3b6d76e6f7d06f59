import { describe, expect, it } from 'vitest';
import { berth } from '../../../test/run-cli.js';
import { BERTH, berthProcess, inTerminal } from '../../../test/run-cli-process.js';

/**
 * `run -i` / `-t` and `attach` over the API's attach WebSocket (real server, real containers),
 * with the CLI as a process of its own so that it has a stdin to pipe into or a terminal.
 */
describe('berth run -i / -t and attach (real server, real containers)', () => {
  it('run -i --rm pipes stdin to the container, exits with its exit code and removes it', async () => {
    const result = await berthProcess(['run', '-i', '--rm', '--name', 'cli-run-i', 'busybox', 'sh', '-c', 'read l; echo got $l; echo err >&2; exit 6'], {
      input: 'hello there\n',
    });
    expect(result).toEqual({ code: 6, stdout: 'got hello there\n', stderr: 'err\n' });
    expect((await berth(['ps', '-a', '-q', '--filter', 'name=cli-run-i'])).stdout).toBe('');
  });

  it("run -it runs a shell on the container's terminal and gives this one back", async () => {
    const result = await inTerminal(`${BERTH} run -it --rm busybox sh; echo status=$?; stty -a`, { input: 'echo typed $((6 * 7)); tty\nexit 9\n' });
    expect(result.stdout).toContain('typed 42');
    expect(result.stdout).toMatch(/\/dev\/pts\/\d+/);
    expect(result.stdout).toContain('status=9');
    expect(result.stdout).toMatch(/\sicanon\s/);
  });

  it('run -t without -i shows the output of a container with a terminal', async () => {
    expect(await berthProcess(['run', '-t', '--rm', 'busybox', 'sh', '-c', 'tty; exit 2'])).toMatchObject({
      code: 2,
      stdout: expect.stringMatching(/^\/dev\/pts\/\d+\r\n$/),
    });
  });

  it("attach joins stdin and output to a running container's main process and exits with its exit code", async () => {
    const script = 'while read l; do echo got $l; [ "$l" = quit ] && exit 4; done';
    expect((await berth(['run', '-d', '-i', '--name', 'cli-attach', 'busybox', 'sh', '-c', script])).code).toBe(0);
    expect(await berthProcess(['attach', 'cli-attach'], { input: 'one\nquit\n' })).toEqual({ code: 4, stdout: 'got one\ngot quit\n', stderr: '' });
    expect(await berthProcess(['attach', 'cli-attach'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'berth: CONTAINER_NOT_RUNNING: container cli-attach is stopped, not running\n',
    });
    await berth(['rm', 'cli-attach']);
  });

  it('run -it refuses a stdin that is not a terminal with 125, before creating anything', async () => {
    expect(await berth(['run', '-it', '--name', 'cli-run-notty', 'busybox', 'sh'])).toMatchObject({
      code: 125,
      stderr: expect.stringMatching(/^berth: NOT_A_TTY: /),
    });
    expect((await berth(['ps', '-a', '-q', '--filter', 'name=cli-run-notty'])).stdout).toBe('');
  });
});
