import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { berth, until } from '../../../test/run-cli.js';
import { BERTH, berthProcess, inTerminal } from '../../../test/run-cli-process.js';

/**
 * `exec -i` / `-t` over the API's exec WebSocket (real server, real containers). The CLI runs
 * as a process of its own, with a pipe or a pseudo-terminal for stdin, since that is what
 * these flags are about.
 */
const NAME = 'cli-exec-ws';
/** The terminal's modes after the session: canonical input and echo, as a shell needs them. */
const RESTORED = { canonical: /\sicanon\s/, echo: /\secho\s/ };

describe('berth exec -i / -t (real server, real containers)', () => {
  beforeAll(async () => {
    expect((await berth(['run', '-d', '--name', NAME, 'busybox', 'sleep', '300'])).code).toBe(0);
  });
  afterAll(async () => {
    await berth(['rm', '-f', NAME]);
  });

  it("-i pipes stdin in, keeps stdout and stderr apart, and exits with the command's exit code", async () => {
    const result = await berthProcess(['exec', '-i', NAME, 'sh', '-c', 'cat; echo done >&2; exit 5'], { input: 'line one\nline two\n' });
    expect(result).toEqual({ code: 5, stdout: 'line one\nline two\n', stderr: 'done\n' });
  });

  it('-i passes -e and -w; a command that cannot be run exits 127 with the reason', async () => {
    expect(await berthProcess(['exec', '-i', '-e', 'X=1', '-w', '/tmp', NAME, 'sh', '-c', 'echo $X $(pwd)'])).toEqual({
      code: 0,
      stdout: '1 /tmp\n',
      stderr: '',
    });
    const missing = await berthProcess(['exec', '-i', NAME, 'no-such-command']);
    expect(missing.code).toBe(127);
    expect(missing.stderr).toMatch(/no-such-command not found/);
  });

  it("-t gives the command a terminal of this terminal's size", async () => {
    const result = await inTerminal(`stty rows 33 cols 111; ${BERTH} exec -t ${NAME} sh -c 'tty; stty size'`);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\/dev\/pts\/\d+\r*\n33 111\r*\n/);
  });

  it("-it sends what is typed, exits with the shell's status and gives the terminal back", async () => {
    const result = await inTerminal(`stty rows 20 cols 70; ${BERTH} exec -it ${NAME} sh; echo status=$?; stty -a`, {
      input: 'echo typed $((6 * 7))\nexit 7\n',
    });
    expect(result.stdout).toContain('typed 42'); // worked out in the container: not just our terminal's echo
    expect(result.stdout).toContain('status=7');
    expect(result.stdout).toMatch(RESTORED.canonical);
    expect(result.stdout).toMatch(RESTORED.echo);
  });

  // The CLI runs in the background here (its stdin kept on the terminal through fd 3) so that
  // the shell can act on the terminal while the session is up: raw mode shows that it is.
  const whenRaw = 'until stty -a | grep -q -- -icanon; do sleep 0.1; done';

  it("passes a resize of this terminal on to the command's", async () => {
    const command = `sh -c 'until [ "$(stty size)" = "40 100" ]; do sleep 0.1; done; echo resized'`;
    const result = await inTerminal(
      `stty rows 20 cols 70; exec 3<&0; ${BERTH} exec -it ${NAME} ${command} <&3 & pid=$!; ${whenRaw}; stty rows 40 cols 100; wait $pid; echo status=$?`,
    );
    expect(result.stdout).toContain('resized');
    expect(result.stdout).toContain('status=0');
  });

  // SIGHUP, as when the terminal window or the ssh link goes: Node would die of it with the terminal left raw.
  it('on a hang-up of the CLI, ends the session and the command, and gives the terminal back', async () => {
    const result = await inTerminal(
      `exec 3<&0; ${BERTH} exec -it ${NAME} sleep 31 <&3 & pid=$!; ${whenRaw}; kill -HUP $pid; wait $pid; echo status=$?; stty -a`,
    );
    expect(result.stdout).toContain('status=129');
    expect(result.stdout).toMatch(RESTORED.canonical);
    expect(result.stdout).toMatch(RESTORED.echo);
    // The server hangs up the command's terminal when the socket closes.
    await until(
      () => berth(['exec', NAME, 'ps']),
      (ps) => !ps.stdout.includes('sleep 31'),
    );
  });

  it('prints the refusal of a stopped or unknown container as berth: CODE: detail and exits 1', async () => {
    await berth(['run', '-d', '--name', 'cli-exec-stopped', 'busybox', 'true']);
    await berth(['wait', 'cli-exec-stopped']);
    expect(await berthProcess(['exec', '-i', 'cli-exec-stopped', 'sh'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'berth: CONTAINER_NOT_RUNNING: container cli-exec-stopped is stopped, not running\n',
    });
    expect(await berthProcess(['exec', '-t', 'cli-exec-missing', 'sh'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'berth: CONTAINER_NOT_FOUND: no such container: cli-exec-missing\n',
    });
    await berth(['rm', 'cli-exec-stopped']);
  });

  it('refuses -it when stdin is not a terminal, as docker does', async () => {
    expect(await berth(['exec', '-it', NAME, 'sh'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'berth: NOT_A_TTY: the input device is not a terminal; drop -t to pipe input into the container\n',
    });
  });
});
