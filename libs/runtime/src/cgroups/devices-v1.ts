import type { OciDeviceRule } from '../model/oci-spec.js';
import type { CgroupWrite } from './cgroup-write.js';

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

const DENY_ALL: OciDeviceRule = { allow: false, type: 'a', access: 'rwm' };

/**
 * The v1 devices controller's writes: deny everything, allow the defaults, then the spec's
 * rules in order (later rules win, as in the kernel's list). A spec rule that denies
 * everything means "start from nothing" — for a container that is the default policy, so
 * the defaults are allowed again right after it rather than leaving /dev/null unusable.
 */
export function v1DeviceWrites(rules: readonly OciDeviceRule[] = []): CgroupWrite[] {
  const writes = [DENY_ALL, ...DEFAULT_ALLOWED_DEVICES].map((rule) => toWrite(rule, 'default device policy'));
  for (const [index, rule] of rules.entries()) {
    const field = `devices[${index}]`;
    if (isDenyAll(rule)) {
      writes.push(...[DENY_ALL, ...DEFAULT_ALLOWED_DEVICES].map((standard) => toWrite(standard, field)));
      continue;
    }
    const write = toWrite(rule, field);
    if (write.value !== '') writes.push(write);
  }
  return writes;
}

function isDenyAll(rule: OciDeviceRule): boolean {
  return !rule.allow && (rule.type ?? 'a') === 'a' && hasAll(rule.access ?? 'rwm');
}

function hasAll(access: string): boolean {
  return ['r', 'w', 'm'].every((letter) => access.includes(letter));
}

/** `c 1:3 rwm`; absent or -1 numbers are `*`; `u` is a character device. */
export function deviceRuleText(rule: OciDeviceRule): string {
  const type = rule.type === 'u' ? 'c' : (rule.type ?? 'a');
  // The devices controller does not govern fifos; an empty access grants or revokes nothing.
  const access = rule.access ?? 'rwm';
  if (type === 'p' || access === '') return '';
  if (type === 'a') return `a *:* ${access}`;
  const number = (value: number | undefined) => (value === undefined || value < 0 ? '*' : String(value));
  return `${type} ${number(rule.major)}:${number(rule.minor)} ${access}`;
}

function toWrite(rule: OciDeviceRule, field: string): CgroupWrite {
  return { controller: 'devices', file: rule.allow ? 'devices.allow' : 'devices.deny', value: deviceRuleText(rule), field };
}
