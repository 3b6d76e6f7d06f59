import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Below this the range is left to well-known and registered services people configure by hand. */
const LOWEST_PUBLISHED_PORT = 20_000;

/**
 * A host port for `-p containerPort` without a host port: one the kernel has free now, taken
 * from below its ephemeral range. Ports from the ephemeral range (what binding port 0 gives)
 * are handed out again to the next program that binds port 0 or connects out — and a
 * connection to 127.0.0.1 on a port with our DNAT rule goes to the container instead of that
 * program. `claimed` are the catalogue's (ports of stopped containers, whose rules are not
 * installed but which will want them back); those are skipped.
 */
export async function freeHostPort(
  protocol: 'tcp' | 'udp',
  hostIp: string,
  claimed: Set<number>,
  [low, high]: [number, number] = publishablePorts(),
): Promise<number> {
  const span = high - low + 1;
  // A random start: creations in parallel (each checks before the other's rules exist) rarely pick the same port.
  const start = Math.floor(Math.random() * span);
  for (let offset = 0; offset < Math.min(span, 500); offset++) {
    const port = low + ((start + offset) % span);
    if (claimed.has(port)) continue;
    if (await isFree(protocol, hostIp, port)) return port;
  }
  throw new Error(`no free ${protocol} port found on ${hostIp} between ${low} and ${high}`);
}

/** [low, high]: from LOWEST_PUBLISHED_PORT to just below the kernel's ephemeral range. */
export function publishablePorts(rangeFile = '/proc/sys/net/ipv4/ip_local_port_range'): [number, number] {
  const [ephemeralLow] = readFileSync(rangeFile, 'utf8').trim().split(/\s+/).map(Number);
  if (!ephemeralLow || ephemeralLow - 1 < LOWEST_PUBLISHED_PORT + 1000) {
    // An unusually wide ephemeral range leaves no safe room below it; guessing would bring the hijack back.
    throw new Error(`the kernel's ephemeral port range starts at ${ephemeralLow}: publish with an explicit hostPort`);
  }
  return [LOWEST_PUBLISHED_PORT, ephemeralLow - 1];
}

function isFree(protocol: 'tcp' | 'udp', hostIp: string, port: number): Promise<boolean> {
  return protocol === 'tcp' ? tcpFree(hostIp, port) : udpFree(hostIp, port);
}

function tcpFree(hostIp: string, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' || error.code === 'EACCES' ? resolve(false) : reject(error)));
    server.listen(port, hostIp, () => server.close(() => resolve(true)));
  });
}

function udpFree(hostIp: string, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' || error.code === 'EACCES' ? resolve(false) : reject(error)));
    socket.bind(port, hostIp, () => socket.close(() => resolve(true)));
  });
}
