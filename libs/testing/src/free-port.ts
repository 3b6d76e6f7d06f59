import { createServer, type AddressInfo } from 'node:net';

/**
 * A loopback TCP port free right now, for a server the test starts as a process of its own
 * (which cannot be told to listen on port 0 and report back). Another process may take it
 * before it is used; the tests start one server at a time per port, which is enough here.
 */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
