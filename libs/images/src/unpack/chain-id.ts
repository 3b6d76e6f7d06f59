import { createHash } from 'node:crypto';
import type { Digest } from '../reference/digest.js';

/**
 * The OCI chain ID of a stack of layers (by their uncompressed diff IDs): the first is its
 * own diff ID; each next is sha256("<previous chain ID> <diff ID>"). It names a snapshot:
 * the same stack unpacked once is shared by every image and container using it.
 */
export function chainIds(diffIds: readonly Digest[]): Digest[] {
  const chain: Digest[] = [];
  for (const diffId of diffIds) {
    const previous = chain[chain.length - 1];
    chain.push(previous ? (`sha256:${createHash('sha256').update(`${previous} ${diffId}`).digest('hex')}` as Digest) : diffId);
  }
  return chain;
}
