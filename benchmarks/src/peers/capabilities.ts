import { readFileSync } from 'node:fs';

/** Capability numbers from linux/capability.h that the peers' set-ups depend on. */
export const CAP_SYS_RESOURCE = 24;

/** Whether this process holds `capability` in its effective set (root in a sandbox may not). */
export function hasEffectiveCapability(capability: number): boolean {
  const line = readFileSync('/proc/self/status', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('CapEff:'));
  if (!line) return false;
  return ((BigInt(`0x${line.split(/\s+/)[1]}`) >> BigInt(capability)) & 1n) === 1n;
}
