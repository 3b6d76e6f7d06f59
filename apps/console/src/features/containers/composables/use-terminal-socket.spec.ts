import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import { useTerminalSocket } from './use-terminal-socket';

/**
 * A stand-in for the API's exec socket, speaking its framing: it answers each keystroke
 * with `got:<bytes>` on stdout, reports resizes back, and on "exit" sends the exit status
 * and closes. The client under test is the page's real WebSocket.
 */
let server: WebSocketServer;
let port: number;
const upgrades: string[] = [];

beforeAll(async () => {
  server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as { port: number }).port;
  server.on('connection', (socket: ServerSocket, request) => {
    upgrades.push(request.url ?? '');
    const out = (text: string) => socket.send(Buffer.concat([Buffer.from([1]), Buffer.from(text)]));
    socket.on('message', (data, binary) => {
      const text = data.toString();
      if (!binary) return out(`control:${text}`);
      if (text === 'exit') {
        socket.send(JSON.stringify({ type: 'exit', exitCode: 3 }));
        return socket.close(1000, 'exited');
      }
      out(`got:${text}`);
    });
  });
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function terminal() {
  const output: string[] = [];
  const decoder = new TextDecoder();
  const socket = useTerminalSocket(
    () => 'web',
    { onOutput: (data) => output.push(decoder.decode(data)) },
    // Same path and query as the page would use, pointed at the stand-in server.
    (url) => new WebSocket(url.replace(/^ws:\/\/[^/]+/, `ws://127.0.0.1:${port}`)),
  );
  return { socket, output };
}

describe('useTerminalSocket', () => {
  it('opens a shell with a pty of the given size and passes keystrokes and output', async () => {
    const { socket, output } = terminal();

    socket.open({ rows: 30, cols: 100 });
    await vi.waitFor(() => expect(socket.state.value).toBe('open'));
    socket.send('echo hi\r');
    socket.resize({ rows: 40, cols: 120 });

    await vi.waitFor(() => expect(output).toEqual(['got:echo hi\r', 'control:{"type":"resize","rows":40,"cols":120}']));
    const url = new URL(upgrades.at(-1)!, 'http://x');
    expect(url.pathname).toBe('/api/v1/containers/web/exec/ws');
    expect(url.searchParams.getAll('cmd')).toEqual(['/bin/sh']);
    expect(url.searchParams.get('tty')).toBe('true');
    expect([url.searchParams.get('rows'), url.searchParams.get('cols')]).toEqual(['30', '100']);
    socket.close();
    expect(socket.state.value).toBe('closed');
  });

  it('reports the exit status when the shell ends', async () => {
    const { socket } = terminal();

    socket.open({ rows: 24, cols: 80 });
    await vi.waitFor(() => expect(socket.state.value).toBe('open'));
    socket.send('exit');

    await vi.waitFor(() => expect(socket.state.value).toBe('closed'));
    expect(socket.exitCode.value).toBe(3);
    expect(socket.closeReason.value).toBeNull();
  });

  it('drops keystrokes while not connected instead of throwing', () => {
    const { socket } = terminal();
    expect(() => socket.send('ls\r')).not.toThrow();
    expect(socket.state.value).toBe('idle');
  });
});
