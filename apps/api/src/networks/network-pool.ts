import { HttpStatus } from '@nestjs/common';
import { formatIpv4, parseIpv4, parseSubnet } from '../engine/runtime-adapter.js';
import { ProblemException } from '../http/problem.js';

/** Where networks get their subnets when the request names none, as Docker's default-address-pools. */
export const NETWORK_POOL_ENV = 'BERTH_NETWORK_POOL';
/** Each network gets one /24: 253 containers. */
const BLOCK_PREFIX = 24;

/**
 * The /24 blocks of the pool, in order. Which of them is free is decided by the catalogue
 * (the subnet column is unique) and by the host (ensureBridge refuses a subnet that overlaps
 * a route or an address the host has).
 */
export function poolBlocks(pool: string): string[] {
  let block;
  try {
    block = parseSubnet(pool);
  } catch (error) {
    throw new ProblemException(HttpStatus.INTERNAL_SERVER_ERROR, 'INVALID_CONFIG', `${NETWORK_POOL_ENV}=${pool}: ${(error as Error).message}`);
  }
  if (block.prefix > BLOCK_PREFIX) {
    throw new ProblemException(HttpStatus.INTERNAL_SERVER_ERROR, 'INVALID_CONFIG', `${NETWORK_POOL_ENV}=${pool} must be a /${BLOCK_PREFIX} or wider`);
  }
  const first = parseIpv4(block.network);
  const count = 2 ** (BLOCK_PREFIX - block.prefix);
  return Array.from({ length: count }, (_, index) => `${formatIpv4(first + index * 256)}/${BLOCK_PREFIX}`);
}

/** The first host address of a subnet: the bridge's own, as Docker gives the gateway. */
export function gatewayOf(subnet: string): string {
  return formatIpv4(parseIpv4(parseSubnet(subnet).network) + 1);
}

export function prefixOf(subnet: string): number {
  return parseSubnet(subnet).prefix;
}
