import { isIPv4 } from 'node:net';
import { networkInterfaces } from 'node:os';
import { HttpStatus } from '@nestjs/common';
import type { PortBindingRequest } from '@berth/contracts';
import { ProblemException } from '../http/problem.js';

/** A requested port with its defaults; hostPort still open when the request left it out. */
export interface PortPlan {
  containerPort: number;
  protocol: 'tcp' | 'udp';
  hostIp: string;
  hostPort?: number;
}

/** Only this host reaches a published port unless the request says otherwise. */
export const DEFAULT_HOST_IP = '127.0.0.1';

/** Defaults and the checks that need no kernel: an address of this host, no mapping twice. */
export function planPorts(requested: PortBindingRequest[]): PortPlan[] {
  const plans = requested.map((port) => ({
    containerPort: port.containerPort,
    protocol: port.protocol ?? 'tcp',
    hostIp: port.hostIp ?? DEFAULT_HOST_IP,
    hostPort: port.hostPort,
  }));
  const seen = new Set<string>();
  for (const [index, plan] of plans.entries()) {
    if (!isIPv4(plan.hostIp)) throw invalid(`ports[${index}].hostIp: ${plan.hostIp} is not an IPv4 address`);
    if (plan.hostIp !== '0.0.0.0' && !isLocalAddress(plan.hostIp))
      throw invalid(`ports[${index}].hostIp: ${plan.hostIp} is not an address of this host; use one it has, or 0.0.0.0`);
    if (plan.hostPort === undefined) continue;
    const key = `${plan.protocol}/${plan.hostPort}`;
    if (seen.has(key)) throw invalid(`ports[${index}]: ${plan.protocol} host port ${plan.hostPort} is given twice`);
    seen.add(key);
  }
  return plans;
}

/** 127.0.0.0/8 is all local (the kernel's local route), plus every address of an interface. */
function isLocalAddress(address: string): boolean {
  if (address.startsWith('127.')) return true;
  return Object.values(networkInterfaces()).some((entries) => entries?.some((entry) => entry.address === address));
}

function invalid(detail: string): ProblemException {
  return new ProblemException(HttpStatus.BAD_REQUEST, 'INVALID_PORT', detail);
}
