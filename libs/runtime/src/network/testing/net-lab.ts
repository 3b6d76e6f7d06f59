import { randomBytes, randomInt } from 'node:crypto';
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import type { CreateOptions } from '../../lifecycle/create.js';
import type { OciSpec } from '../../model/oci-spec.js';
import { RuntimeError } from '../../model/runtime-error.js';
import type { RuntimeFixture } from '../../testing/runtime-fixture.js';
import { attachToBridge, type Attachment } from '../attach.js';
import { ensureBridge } from '../bridge.js';
import { installNetworkRules } from '../firewall/network-rules.js';
import { removeFirewallChains } from '../firewall/owner-rules.js';
import { nextFreeAddress } from '../ipam.js';
import { sweepNetwork } from '../sweep.js';

/**
 * Test fixture for the network specs: bridges, rules and veths under one random prefix (so a
 * run never touches another run's objects, nor Berth's own `berth-` ones), real busybox
 * containers attached between create and start as an engine does, and a cleanup that sweeps
 * everything with the prefix. Test-only.
 */
export interface LabNetwork {
  bridge: string;
  owner: string;
  subnet: string;
  gateway: string;
  prefix: number;
  internal: boolean;
  /** Addresses handed out so far (the lab's catalogue, as the API would keep one). */
  taken: string[];
}

export interface LabContainer {
  id: string;
  pid: number;
  ip: string;
  attachment: Attachment;
}

export interface ContainerOptions {
  patch?: (spec: OciSpec) => void;
  create?: Partial<CreateOptions>;
  defaultRoute?: boolean;
}

/** How many random /24s to try before giving up on finding one the host does not use. */
const SUBNET_TRIES = 20;

export class NetLab {
  /** `bz` + 4 hex: short enough for `<prefix>-<tag>` bridge names within 15 characters. */
  readonly prefix = `bz${randomBytes(2).toString('hex')}`;

  name(tag: string): string {
    return `${this.prefix}-${tag}`;
  }

  /** A bridge on a random free 10.2xx.y.0/24 with its firewall rules installed. */
  async network(tag: string, internal = false): Promise<LabNetwork> {
    const bridge = this.name(tag);
    for (let attempt = 0; ; attempt++) {
      const subnet = `10.${200 + randomInt(50)}.${randomInt(256)}.0/24`;
      const gateway = subnet.replace(/0\/24$/, '1');
      try {
        await ensureBridge({ name: bridge, subnet, gateway });
      } catch (error) {
        if (error instanceof RuntimeError && error.code === 'SUBNET_OVERLAP' && attempt < SUBNET_TRIES) continue;
        throw error;
      }
      await installNetworkRules({ owner: bridge, bridge, subnet, gateway, internal });
      return { bridge, owner: bridge, subnet, gateway, prefix: 24, internal, taken: [] };
    }
  }

  /** create → attach (its init waits on the start gate) → start, as an engine wires a container. */
  async container(fx: RuntimeFixture, name: string, args: string[], network: LabNetwork, options: ContainerOptions = {}): Promise<LabContainer> {
    const id = fx.id(name);
    await fx.bundle.writeSpec(args, options.patch);
    await fx.runtime.create(id, { bundle: fx.bundle.dir, ...options.create });
    const pid = (await fx.runtime.state(id)).pid!;
    const attachment = await this.attach(pid, network, this.name(id), options.defaultRoute);
    await fx.runtime.start(id);
    return { id, pid, ip: attachment.address.split('/')[0]!, attachment };
  }

  async attach(pid: number, network: LabNetwork, owner: string, defaultRoute?: boolean): Promise<Attachment> {
    const ip = nextFreeAddress(network.subnet, network.taken, { gateway: network.gateway });
    const attachment = await attachToBridge({ pid, bridge: network.bridge, address: `${ip}/${network.prefix}`, gateway: network.gateway, owner, defaultRoute });
    network.taken.push(ip);
    return attachment;
  }

  /** Everything with the lab's prefix; then Berth's chains, unless someone else's rules still use them. */
  async cleanup(): Promise<void> {
    await sweepNetwork({ keepOwners: [], bridgePrefix: this.prefix, ownerPrefix: this.prefix });
    try {
      await removeFirewallChains();
    } catch (error) {
      if (!(error instanceof RuntimeError && error.code === 'FIREWALL_IN_USE')) throw error;
    }
  }
}

/** A port nobody listens on right now (TCP and UDP), from the kernel's ephemeral range. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '0.0.0.0', resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise((resolve) => server.close(resolve));
    if (await udpFree(port)) return port;
  }
  throw new Error('no free port found in 20 tries');
}

function udpFree(port: number): Promise<boolean> {
  const socket = createSocket('udp4');
  return new Promise((resolve) => {
    socket.once('error', () => resolve(false));
    socket.bind(port, '0.0.0.0', () => socket.close(() => resolve(true)));
  });
}
