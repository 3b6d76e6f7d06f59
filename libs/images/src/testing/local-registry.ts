import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '@berth/testing';

/**
 * Debian's docker-registry (the CNCF distribution registry) on a free 127.0.0.1 port with
 * its own storage under `dir`, optionally behind htpasswd basic auth: the real registry the
 * tests and benchmarks pull from and push to. Stopped with `stop()`.
 */
export interface LocalRegistry {
  host: string;
  stop: () => Promise<void>;
}

export async function startLocalRegistry(dir: string, htpasswd?: string): Promise<LocalRegistry> {
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const auth = htpasswd ? `auth:\n  htpasswd:\n    realm: berth-test\n    path: ${htpasswd}\n` : '';
  const config = join(dir, 'config.yml');
  writeFileSync(
    config,
    `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, 'data')}\nhttp:\n  addr: 127.0.0.1:${port}\n  secret: berth-test\n${auth}`,
  );
  const child: ChildProcess = spawn('docker-registry', ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.once('error', (error) => (log += `${error.message} (the tests need Debian's docker-registry and apache2-utils)`));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const host = `127.0.0.1:${port}`;
  // Bounded wait for the listener: any HTTP answer (401 included) means it is up.
  const deadline = Date.now() + 10_000;
  for (let attempt = 0; attempt < 100 && Date.now() < deadline; attempt++) {
    if (child.exitCode !== null || child.pid === undefined) throw new Error(`docker-registry did not run: ${log}`);
    const up = await fetch(`http://${host}/v2/`).then(
      () => true,
      () => false,
    );
    if (up) {
      return {
        host,
        stop: async () => {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
          await exited;
          clearTimeout(timer);
        },
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`docker-registry did not start on ${host}: ${log}`);
}
