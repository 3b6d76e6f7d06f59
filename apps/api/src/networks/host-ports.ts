import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

/**
 * A host port the kernel has free now, for `-p containerPort` without a host port: bound at
 * port 0 and released. `claimed` are the catalogue's (ports of stopped containers, whose
 * rules are not installed but which will want them back); those are skipped.
 */
export async function freeHostPort(protocol: 'tcp' | 'udp', hostIp: string, claimed: Set<number>): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = protocol === 'tcp' ? await freeTcp(hostIp) : await freeUdp(hostIp);
    if (!claimed.has(port)) return port;
  }
  throw new Error(`no free ${protocol} port found on ${hostIp}`);
}

function freeTcp(hostIp: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, hostIp, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function freeUdp(hostIp: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, hostIp, () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}
