import { HttpStatus, Injectable } from '@nestjs/common';
import { nextFreeAddress } from '../engine/runtime-adapter.js';
import { RuntimeError } from '@berth/runtime/model';
import { ProblemException } from '../http/problem.js';
import { KeyedLock } from '../util/keyed-lock.js';
import { freeHostPort } from './host-ports.js';
import { NetworksRepository, isUniqueViolation, type PortRecord } from './networks.repository.js';
import type { PortPlan } from './port-plan.js';

/**
 * Hands out what a container holds on the host: an address per network (lowest free, as the
 * runtime's allocator picks it from the catalogue's list) and host ports for ports given
 * without one. A lock per network serialises this process; the unique (network, ip) key
 * settles a race with another API process, and the loser takes the next address.
 */
@Injectable()
export class NetworkAddresses {
  private readonly lock = new KeyedLock();

  constructor(private readonly repository: NetworksRepository) {}

  async assign(containerId: string, networkId: string, position: number, aliases: string[]): Promise<string> {
    return this.lock.run(networkId, async () => {
      for (let attempt = 0; attempt < 5; attempt++) {
        const network = await this.repository.byId(networkId);
        if (!network) throw new ProblemException(HttpStatus.NOT_FOUND, 'NETWORK_NOT_FOUND', `network ${networkId} was removed meanwhile`);
        let ip: string;
        try {
          ip = nextFreeAddress(network.subnet, await this.repository.takenAddresses(networkId), { gateway: network.gateway });
        } catch (error) {
          if (error instanceof RuntimeError && error.code === 'SUBNET_FULL')
            throw new ProblemException(HttpStatus.CONFLICT, 'SUBNET_FULL', `network ${network.name}: ${error.message}`);
          throw error;
        }
        try {
          await this.repository.join({ containerId, networkId, position, ip, mac: macFor(ip), aliases });
          return ip;
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
        }
      }
      throw new ProblemException(HttpStatus.CONFLICT, 'ADDRESS_RACE', `could not get an address on network ${networkId}; try again`);
    });
  }

  /** The ports with every host port decided. */
  async hostPorts(containerId: string, plans: PortPlan[]): Promise<PortRecord[]> {
    const records: PortRecord[] = [];
    for (const plan of plans) {
      const claimed = await this.repository.claimedHostPorts(plan.protocol);
      for (const record of records) if (record.protocol === plan.protocol) claimed.add(record.hostPort);
      const hostPort = plan.hostPort ?? (await freeHostPort(plan.protocol, plan.hostIp, claimed));
      records.push({ containerId, protocol: plan.protocol, hostIp: plan.hostIp, hostPort, containerPort: plan.containerPort });
    }
    return records;
  }
}

/** The runtime's rule (02:be + the IPv4 octets): what attachToBridge will give the interface, known before it exists. */
function macFor(ip: string): string {
  return ['02', 'be', ...ip.split('.').map((octet) => Number(octet).toString(16).padStart(2, '0'))].join(':');
}
