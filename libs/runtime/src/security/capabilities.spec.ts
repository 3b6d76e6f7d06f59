import { describe, expect, it } from 'vitest';
import {
  CAPABILITIES,
  CAP_LAST_CAP,
  DOCKER_DEFAULT_CAPABILITIES,
  capabilityHex,
  capabilityMask,
  capabilityName,
  capabilityNumber,
  capabilityPlanFields,
  capabilityWords,
  normalizeCapability,
  resolveCapabilities,
  validateCapabilities,
} from './capabilities.js';

describe('capabilities', () => {
  it('numbers the 41 capabilities as the kernel does', () => {
    expect(CAPABILITIES).toHaveLength(41);
    expect(CAP_LAST_CAP).toBe(40);
    expect(capabilityNumber('CAP_CHOWN')).toBe(0);
    expect(capabilityNumber('CAP_NET_RAW')).toBe(13);
    expect(capabilityNumber('CAP_SYS_ADMIN')).toBe(21);
    expect(capabilityNumber('CAP_AUDIT_WRITE')).toBe(29);
    expect(capabilityNumber('CAP_SETFCAP')).toBe(31);
    expect(capabilityNumber('CAP_SYSLOG')).toBe(34);
    expect(capabilityNumber('CAP_BPF')).toBe(39);
    expect(capabilityName(40)).toBe('CAP_CHECKPOINT_RESTORE');
    expect(() => capabilityName(41)).toThrow(/no capability has number 41/);
  });

  it('accepts names with or without CAP_, in any case', () => {
    expect(normalizeCapability('net_admin')).toBe('CAP_NET_ADMIN');
    expect(normalizeCapability('Cap_Kill')).toBe('CAP_KILL');
    expect(normalizeCapability('all')).toBe('ALL');
    expect(() => normalizeCapability('CAP_FLY')).toThrow(expect.objectContaining({ code: 'INVALID_CAPABILITY' }));
  });

  it('grants Docker’s 14 by default, in all of bounding, effective and permitted, and nothing inheritable or ambient', () => {
    const caps = resolveCapabilities();
    expect(DOCKER_DEFAULT_CAPABILITIES).toHaveLength(14);
    expect([...caps.bounding].sort()).toEqual([...DOCKER_DEFAULT_CAPABILITIES].sort());
    expect(caps.effective).toEqual(caps.bounding);
    expect(caps.permitted).toEqual(caps.bounding);
    expect(caps.inheritable).toEqual([]);
    expect(caps.ambient).toEqual([]);
    expect(caps.bounding).not.toContain('CAP_SYS_ADMIN');
  });

  it('adds and drops, in kernel order', () => {
    const caps = resolveCapabilities({ add: ['sys_ptrace', 'CAP_NET_ADMIN'], drop: ['net_raw', 'MKNOD'] });
    expect(caps.bounding).toContain('CAP_SYS_PTRACE');
    expect(caps.bounding).toContain('CAP_NET_ADMIN');
    expect(caps.bounding).not.toContain('CAP_NET_RAW');
    expect(caps.bounding).not.toContain('CAP_MKNOD');
    expect(caps.bounding.map(capabilityNumber)).toEqual([...caps.bounding.map(capabilityNumber)].sort((a, b) => a - b));
  });

  it('understands ALL on either side, and privileged', () => {
    expect(resolveCapabilities({ drop: ['ALL'], add: ['NET_BIND_SERVICE'] }).bounding).toEqual(['CAP_NET_BIND_SERVICE']);
    expect(resolveCapabilities({ add: ['all'], drop: ['SYS_ADMIN'] }).bounding).toHaveLength(40);
    expect(resolveCapabilities({ privileged: true, drop: ['ALL'] }).bounding).toEqual(CAPABILITIES);
  });

  it('refuses contradictions', () => {
    expect(() => resolveCapabilities({ add: ['KILL'], drop: ['cap_kill'] })).toThrow(/CAP_KILL is both added and dropped/);
    expect(() => resolveCapabilities({ add: ['ALL'], drop: ['ALL'] })).toThrow(/ALL cannot be both added and dropped/);
    expect(() => resolveCapabilities({ add: ['FLY'] })).toThrow(/capabilities\.add\[0\]: unknown capability "FLY"/);
  });

  it('renders sets as 64-bit masks for capset(2)', () => {
    expect(capabilityMask(['CAP_CHOWN', 'CAP_KILL'])).toBe(0b100001n);
    expect(capabilityMask(['CAP_SYSLOG', 'CAP_CHOWN'])).toBe((1n << 34n) | 1n);
    expect(capabilityWords(['CAP_SYSLOG', 'CAP_CHOWN'])).toEqual([1, 4]);
    expect(capabilityHex([])).toBe('0000000000000000');
    expect(capabilityHex(CAPABILITIES)).toBe('000001ffffffffff');
    // Docker's default set, as /proc/<pid>/status shows it in a docker container.
    expect(capabilityHex(DOCKER_DEFAULT_CAPABILITIES)).toBe('00000000a80425fb');
    expect(capabilityPlanFields(resolveCapabilities())).toEqual([
      '00000000a80425fb',
      '00000000a80425fb',
      '00000000a80425fb',
      '0000000000000000',
      '0000000000000000',
    ]);
  });

  it('validates process.capabilities of a spec', () => {
    expect(() => validateCapabilities(undefined)).not.toThrow();
    expect(() => validateCapabilities(resolveCapabilities())).not.toThrow();
    expect(() => validateCapabilities({ bounding: ['NET_RAW'] })).toThrow(/process\.capabilities\.bounding\[0\]: unknown capability "NET_RAW"/);
    expect(() => validateCapabilities({ extra: [] })).toThrow(/process\.capabilities\.extra: unknown set/);
    expect(() => validateCapabilities({ ambient: ['CAP_KILL'], permitted: ['CAP_KILL'] })).toThrow(/CAP_KILL must also be permitted and inheritable/);
  });
});
