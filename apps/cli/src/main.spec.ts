import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from './main.js';

// A loopback HTTP server that answers as the API's contract says, so the CLI's own
// handling (output, exit status, problem+json) is tested without starting all of Berth.
let server: Server;
let ready = true;
beforeAll(async () => {
  server = createServer((request, response) => {
    const json = (status: number, body: unknown, type = 'application/json') => {
      response.writeHead(status, { 'content-type': type });
      response.end(JSON.stringify(body));
    };
    if (request.url === '/healthz') return json(200, { status: 'ok', version: '9.9.9', uptimeSeconds: 1 });
    if (request.url === '/readyz')
      return ready
        ? json(200, {
            status: 'ready',
            checks: [
              { name: 'database', ok: true },
              { name: 'migrations', ok: true },
            ],
          })
        : json(503, {
            status: 'not-ready',
            checks: [
              { name: 'database', ok: false, detail: 'connection refused' },
              { name: 'migrations', ok: false },
            ],
          });
    if (request.url === '/api/v1/system/info')
      return json(
        403,
        { type: 'about:blank', title: 'Forbidden', status: 403, code: 'FORBIDDEN', detail: 'this token may not read system facts' },
        'application/problem+json',
      );
    json(404, {});
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  process.env['BERTH_URL'] = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => {
  server.close();
  delete process.env['BERTH_URL'];
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  return { out: () => out.join(''), err: () => err.join(''), restore: () => vi.restoreAllMocks() };
}

describe('berth CLI', () => {
  it('status prints readiness and exits 0 when ready', async () => {
    const io = capture();
    const code = await main(['node', 'berth', 'status']);
    io.restore();
    expect(code).toBe(0);
    expect(io.out()).toContain('Berth 9.9.9 at http://127.0.0.1');
    expect(io.out()).toContain('ok   database');
  });

  it('status exits 1 and names the failing check when not ready', async () => {
    ready = false;
    const io = capture();
    const code = await main(['node', 'berth', 'status', '--json']);
    io.restore();
    ready = true;
    expect(code).toBe(1);
    expect(JSON.parse(io.out())).toMatchObject({ status: 'not-ready', checks: [{ name: 'database', detail: 'connection refused' }, { name: 'migrations' }] });
  });

  it('prints the server problem code and detail', async () => {
    const io = capture();
    const code = await main(['node', 'berth', 'info']);
    io.restore();
    expect(code).toBe(1);
    expect(io.err()).toBe('berth: FORBIDDEN: this token may not read system facts\n');
  });

  it('says how to start Berth when nothing listens', async () => {
    const saved = process.env['BERTH_URL'];
    process.env['BERTH_URL'] = 'http://127.0.0.1:1';
    const io = capture();
    const code = await main(['node', 'berth', 'status']);
    io.restore();
    process.env['BERTH_URL'] = saved;
    expect(code).toBe(1);
    expect(io.err()).toMatch(/^berth: UNREACHABLE: cannot reach Berth at http:\/\/127\.0\.0\.1:1 .*npm start/);
  });
});
