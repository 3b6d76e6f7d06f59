import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { snapshotMatching, stableSnapshot } from '@berth/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, launchServer, processesUsing, untilListening, type ServerProcess } from '../../test/server-process.js';

/**
 * A host without iptables, as a fresh Debian is before `apt-get install iptables`: the built
 * server runs with a PATH that has every program of the real PATH except iptables*. It must
 * start, run containers without bridge networking, and refuse bridge requests with a stable
 * code, leaving nothing behind. Needs root (containers, the embedded PostgreSQL's user).
 */
const HIDDEN = /^(ip6?tables|ip6?tables-(save|restore)|iptables-(legacy|nft).*|xtables.*)$/;
let root: string;
let server: ServerProcess | undefined;
let children: ChildProcess[] = [];

/** A directory of links to everything on PATH but the hidden tools: PATH as a host without them has it. */
function pathWithout(hidden: RegExp, into: string): string {
  mkdirSync(into);
  for (const dir of (process.env['PATH'] ?? '').split(':').filter(Boolean)) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue; // a PATH entry that does not exist here
    }
    for (const name of names) {
      if (hidden.test(name)) continue;
      try {
        symlinkSync(join(dir, name), join(into, name));
      } catch {
        // an earlier PATH directory had it: that one wins, as in execvp
      }
    }
  }
  return into;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'berth-no-iptables-'));
  chmodSync(root, 0o755);
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const pid of processesUsing(root)) process.kill(pid, 'SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

describe('the server on a host without iptables', () => {
  it('becomes ready, runs a network-none container, refuses bridge networking with NETWORKING_UNAVAILABLE, and leaves nothing', async () => {
    const before = await stableSnapshot();
    const port = await freePort();
    const path = pathWithout(HIDDEN, join(root, 'bin'));
    server = launchServer({ BERTH_ROOT: join(root, 'state'), BERTH_PORT: String(port), PATH: path, DATABASE_URL: '', BERTH_ADMIN_TOKEN: '' });
    children = [server.child];
    await untilListening(server);
    const base = `http://127.0.0.1:${port}`;
    const token = /\b(berth_[A-Za-z0-9_-]{43})\b/.exec(server.output())?.[1];
    expect(token, server.output()).toBeDefined();
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${base}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    };

    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const info = await call('GET', '/system/info');
    expect(info.body.capabilities).toContainEqual({
      name: 'bridge-networking',
      available: false,
      missingTools: ['iptables-save', 'iptables-restore'],
      install: 'apt-get install iptables',
    });
    expect(info.body.capabilities).toContainEqual({ name: 'container-loopback', available: true, missingTools: [] });

    // network none: its own namespace with lo up, no firewall needed.
    const created = await call('POST', '/containers', {
      image: 'busybox',
      name: 'offline',
      network: 'none',
      cmd: ['sh', '-c', 'ip -o link; echo ran-without-iptables'],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await call('POST', '/containers/offline/start')).status).toBe(200);
    expect((await call('POST', '/containers/offline/wait?timeout=30')).body).toMatchObject({ exitCode: 0 });
    const logs = JSON.stringify((await call('GET', '/containers/offline/logs')).body);
    expect(logs).toContain('ran-without-iptables');
    expect(logs).toMatch(/lo: <LOOPBACK,UP/);

    // Bridge requests (the default network, a published port, a new network): refused before anything is made.
    for (const [path, body] of [
      ['/containers', { image: 'busybox', name: 'bridged' }],
      ['/containers', { image: 'busybox', name: 'published', ports: [{ containerPort: 80 }] }],
      ['/networks', { name: 'backend' }],
    ] as const) {
      const refused = await call('POST', path, body);
      expect(refused.status, JSON.stringify(refused.body)).toBe(409);
      expect(refused.body).toMatchObject({ code: 'NETWORKING_UNAVAILABLE' });
      expect(refused.body.detail).toContain('apt-get install iptables');
    }

    const listed = await call('GET', '/containers?all=true');
    expect(listed.body.items.map((item: { name: string }) => item.name)).toEqual(['offline']);
    expect((await call('GET', '/networks')).body).toEqual({ items: [], total: 0 });

    expect((await call('DELETE', '/containers/offline')).status).toBe(204);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(processesUsing(join(root, 'state'))).toEqual([]);
    expect(await snapshotMatching(before)).toEqual(before);
  }, 180_000);
});
