import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './free-port.js';
import { lastWords, launchServer, stopServer, untilListening } from './server-process.js';

/** Stand-ins for the API's main.js: small scripts that behave as a server does at start and stop. */
const scratch = mkdtempSync(join(tmpdir(), 'berth-testing-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
function script(name: string, source: string): string {
  const path = join(scratch, `${name}.mjs`);
  writeFileSync(path, source);
  return path;
}

describe('freePort', () => {
  it('answers a loopback port nothing listens on, which a server can then take', async () => {
    const port = await freePort();
    const server = createServer().listen(port, '127.0.0.1');
    await new Promise((resolve, reject) => server.once('listening', resolve).once('error', reject));
    await new Promise((resolve) => server.close(resolve));
  });
});

describe('the server process', () => {
  it('waits for "listening on", passes the environment, and stops on SIGTERM', async () => {
    const main = script(
      'good',
      `console.log('noise'); setTimeout(() => console.log('berth: listening on ' + process.env.BERTH_PORT + ' ' + (process.env.GONE ?? 'unset')), 200); setInterval(() => {}, 1000);`,
    );
    process.env['GONE'] = 'set';
    try {
      const server = launchServer({ BERTH_PORT: '4242', GONE: undefined }, main);
      await untilListening(server, 10_000);
      expect(server.output()).toContain('listening on 4242 unset');
      expect(await stopServer(server, 5000)).toBe(true);
    } finally {
      delete process.env['GONE'];
    }
  });

  it("fails with the server's own last words when it exits while starting", async () => {
    const main = script('bad', `console.error('at frame 1\\nberth: PORT_IN_USE: port 1 is taken'); console.error('    at stack'); process.exit(1);`);
    await expect(untilListening(launchServer({}, main), 10_000)).rejects.toThrow('the API server exited while starting: berth: PORT_IN_USE: port 1 is taken');
  });

  it('gives up after the bound, and kills a server that ignores SIGTERM', async () => {
    const main = script('stubborn', `process.on('SIGTERM', () => {}); setInterval(() => {}, 1000); console.log('ready?');`);
    const server = launchServer({}, main);
    await expect(untilListening(server, 300)).rejects.toThrow('the API server was not listening after 0.3 s');
    // Its SIGTERM handler is in place once it printed.
    for (let i = 0; i < 200 && !server.output().includes('ready?'); i++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(await stopServer(server, 300)).toBe(false);
    expect(server.child.signalCode).toBe('SIGKILL');
  });
});

describe('lastWords', () => {
  it("prefers the server's own lines and bounds the length", () => {
    expect(lastWords('a\nb\nc\n')).toBe('b | c');
    expect(lastWords('berth: one\nnoise\nberth: two\n    at x\n')).toBe('berth: one | berth: two');
    expect(lastWords('')).toBe('(no output)');
    expect(lastWords('x'.repeat(2000))).toHaveLength(600);
  });
});
