import { execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import type { RuntimeFixture } from '../../testing/runtime-fixture.js';
import type { NetLab } from './net-lab.js';
import { remoteAddrHttpdArgs, withWww } from './programs.js';

/**
 * A stand-in for "the world beyond the host" that tests may send traffic to: a container
 * connected to the host by a plain routed veth on a /30 of 198.18.0.0/15 (the benchmarking
 * range), serving /cgi-bin/ip, which answers with the client address it sees. It knows no route
 * back to the bridges' subnets, just like a real upstream: only masqueraded traffic gets an
 * answer. Test-only.
 */
export interface Upstream {
  id: string;
  /** The upstream container's address. */
  address: string;
  /** The host's end of the link: what masqueraded traffic comes from. */
  hostAddress: string;
  hostVeth: string;
  remove(): void;
}

export async function makeUpstream(fx: RuntimeFixture, lab: NetLab): Promise<Upstream> {
  const base = randomInt(64) * 4;
  const third = randomInt(256);
  const hostAddress = `198.18.${third}.${base + 1}`;
  const address = `198.18.${third}.${base + 2}`;
  const hostVeth = `vu-${lab.prefix}`;
  const id = fx.id('upstream');
  await fx.bundle.writeSpec(remoteAddrHttpdArgs(), withWww);
  await fx.runtime.create(id, { bundle: fx.bundle.dir });
  const pid = (await fx.runtime.state(id)).pid!;
  const exists = () => execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' }).includes(` ${hostVeth}@`);
  const remove = () => {
    if (!exists()) return;
    try {
      execFileSync('ip', ['link', 'del', hostVeth], { stdio: 'pipe' });
    } catch (error) {
      // Gone between the look and the delete: the kernel takes a veth with its peer's namespace,
      // in the background, once the upstream container is removed.
      if (exists()) throw error;
    }
  };
  try {
    execFileSync('ip', ['link', 'add', hostVeth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', String(pid)]);
    execFileSync('ip', ['addr', 'add', `${hostAddress}/30`, 'dev', hostVeth]);
    execFileSync('ip', ['link', 'set', hostVeth, 'up']);
    const inside = `addr add ${address}/30 dev eth0\nlink set lo up\nlink set eth0 up\n`;
    execFileSync('nsenter', [`--net=/proc/${pid}/ns/net`, 'ip', '-batch', '-'], { input: inside });
    await fx.runtime.start(id);
  } catch (error) {
    remove();
    throw error;
  }
  return { id, address, hostAddress, hostVeth, remove };
}
