import type { OciDeviceRule } from '../model/oci-spec.js';

/**
 * What every container may use whatever its spec says: the nodes the shim creates in /dev
 * (and the pty machinery), without which ordinary programs fail. Plus `mknod` (not read or
 * write) of any node, as container engines allow, so images that create nodes while they
 * set themselves up still work: a node made that way is useless unless a rule allows it.
 */
export const DEFAULT_ALLOWED_DEVICES: readonly OciDeviceRule[] = [
  { allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' }, // null
  { allow: true, type: 'c', major: 1, minor: 5, access: 'rwm' }, // zero
  { allow: true, type: 'c', major: 1, minor: 7, access: 'rwm' }, // full
  { allow: true, type: 'c', major: 1, minor: 8, access: 'rwm' }, // random
  { allow: true, type: 'c', major: 1, minor: 9, access: 'rwm' }, // urandom
  { allow: true, type: 'c', major: 5, minor: 0, access: 'rwm' }, // tty
  { allow: true, type: 'c', major: 5, minor: 1, access: 'rwm' }, // console
  { allow: true, type: 'c', major: 5, minor: 2, access: 'rwm' }, // ptmx
  { allow: true, type: 'c', major: 136, access: 'rwm' }, // pts/*
  { allow: true, type: 'c', access: 'm' },
  { allow: true, type: 'b', access: 'm' },
];

export const DENY_ALL_DEVICES: OciDeviceRule = { allow: false, type: 'a', access: 'rwm' };

/**
 * The device policy of a container, in order, later rules winning: deny everything, allow
 * the defaults, then the spec's rules. A spec rule that denies everything means "start from
 * nothing" — for a container that is the default policy, so the defaults are allowed again
 * right after it rather than leaving /dev/null unusable. Both the v1 devices controller and
 * the v2 eBPF program are made from this one list, so a spec means the same on either host.
 */
export function devicePolicy(rules: readonly OciDeviceRule[] = []): { rule: OciDeviceRule; field: string }[] {
  const standard = (field: string) => [DENY_ALL_DEVICES, ...DEFAULT_ALLOWED_DEVICES].map((rule) => ({ rule, field }));
  const policy = standard('default device policy');
  for (const [index, rule] of rules.entries()) {
    const field = `devices[${index}]`;
    if (isDenyAll(rule)) policy.push(...standard(field));
    else policy.push({ rule, field });
  }
  return policy;
}

function isDenyAll(rule: OciDeviceRule): boolean {
  return !rule.allow && (rule.type ?? 'a') === 'a' && ['r', 'w', 'm'].every((letter) => (rule.access ?? 'rwm').includes(letter));
}
