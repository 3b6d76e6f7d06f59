import type { OciDeviceRule } from '../model/oci-spec.js';
import type { CgroupWrite } from './cgroup-write.js';
import { devicePolicy } from './device-policy.js';

/** The v1 devices controller's writes: the device policy, rule by rule, into devices.allow / devices.deny. */
export function v1DeviceWrites(rules: readonly OciDeviceRule[] = []): CgroupWrite[] {
  return devicePolicy(rules)
    .map(({ rule, field }) => toWrite(rule, field))
    .filter((write) => write.value !== '');
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
