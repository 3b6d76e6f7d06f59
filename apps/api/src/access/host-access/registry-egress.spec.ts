import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_ALLOW_LIST, parseAllowList } from '../../util/address-ranges.js';
import { egressRefusalIn, guardedRegistryDispatcher, RegistryEgressRefused } from './registry-egress.js';

/** The connect-time check against a real loopback listener: what it lets through reaches it, what it refuses never does. */
let server: Server;
let port: number;
let hits = 0;

beforeAll(async () => {
  server = createServer((_request, response) => {
    hits++;
    response.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.close();
});

async function refusal(url: string, allow = EMPTY_ALLOW_LIST): Promise<RegistryEgressRefused | undefined> {
  const dispatcher = guardedRegistryDispatcher(allow);
  try {
    await fetch(url, { dispatcher } as RequestInit);
    return undefined;
  } catch (error) {
    return egressRefusalIn(error);
  } finally {
    await dispatcher.close();
  }
}

describe('the guarded registry dispatcher', () => {
  it('refuses a loopback address, literal or by name, before connecting', async () => {
    const before = hits;
    expect(await refusal(`http://127.0.0.1:${port}/v2/`)).toMatchObject({ code: 'HOST_ACCESS_DENIED', address: '127.0.0.1' });
    expect(await refusal(`http://localhost:${port}/v2/`)).toMatchObject({ code: 'HOST_ACCESS_DENIED', host: 'localhost' });
    expect(hits).toBe(before);
  });

  it('connects to what the allow-list opens, by name:port or by block', async () => {
    const before = hits;
    expect(await refusal(`http://127.0.0.1:${port}/v2/`, parseAllowList(`127.0.0.1:${port}`))).toBeUndefined();
    expect(await refusal(`http://localhost:${port}/v2/`, parseAllowList('127.0.0.0/8, ::1'))).toBeUndefined();
    expect(hits).toBe(before + 2);
    // The port is part of a name:port entry.
    expect(await refusal(`http://127.0.0.1:${port}/v2/`, parseAllowList(`127.0.0.1:${port + 1}`))).toBeInstanceOf(RegistryEgressRefused);
  });
});
