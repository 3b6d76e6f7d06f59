import { describe, expect, it } from 'vitest';
import type { OciNamespaceType, OciSpec } from '../model/oci-spec.js';
import { sysctlNamespace, validateSysctls } from './sysctl.js';

function spec(sysctl: Record<string, string>, namespaces: { type: OciNamespaceType; path?: string }[], extra: Partial<OciSpec> = {}): OciSpec {
  return { ociVersion: '1.1.0', linux: { sysctl, namespaces }, ...extra };
}
const ALL_OWN = (['ipc', 'network', 'uts', 'pid', 'mount'] as const).map((type) => ({ type }));

describe('sysctl allow-list', () => {
  it('knows which namespace each allowed sysctl belongs to', () => {
    expect(sysctlNamespace('kernel.shmmax')).toBe('ipc');
    expect(sysctlNamespace('kernel.sem')).toBe('ipc');
    expect(sysctlNamespace('fs.mqueue.msg_max')).toBe('ipc');
    expect(sysctlNamespace('net.ipv4.ip_forward')).toBe('network');
    expect(sysctlNamespace('kernel.domainname')).toBe('uts');
    expect(sysctlNamespace('kernel.pid_max')).toBeUndefined();
    expect(sysctlNamespace('vm.overcommit_memory')).toBeUndefined();
  });

  it('accepts namespaced sysctls with the container’s own namespaces and says where to write', () => {
    const result = validateSysctls(
      spec(
        { 'kernel.shm_rmid_forced': '1', 'net.ipv4.ip_unprivileged_port_start': '0', 'net/ipv4/conf/eth0.100/forwarding': '1', 'kernel.domainname': 'x' },
        ALL_OWN,
      ),
    );
    expect(result).toEqual([
      { key: 'kernel.shm_rmid_forced', path: '/proc/sys/kernel/shm_rmid_forced', value: '1' },
      { key: 'net.ipv4.ip_unprivileged_port_start', path: '/proc/sys/net/ipv4/ip_unprivileged_port_start', value: '0' },
      { key: 'net.ipv4.conf.eth0/100.forwarding', path: '/proc/sys/net/ipv4/conf/eth0.100/forwarding', value: '1' },
      { key: 'kernel.domainname', path: '/proc/sys/kernel/domainname', value: 'x' },
    ]);
    expect(validateSysctls({ ociVersion: '1.1.0' })).toEqual([]);
  });

  it.each([
    ['a host-wide sysctl', { 'kernel.pid_max': '1' }, ALL_OWN, /linux\.sysctl\["kernel\.pid_max"\]: is not a namespaced sysctl/],
    ['vm.*', { 'vm.swappiness': '1' }, ALL_OWN, /is not a namespaced sysctl/],
    ['net.* in the host network namespace', { 'net.ipv4.ip_forward': '1' }, [{ type: 'uts' as const }], /requires a new network namespace/],
    [
      'net.* in a joined network namespace',
      { 'net.ipv4.ip_forward': '1' },
      [{ type: 'network' as const, path: '/proc/1/ns/net' }],
      /requires a new network namespace/,
    ],
    ['kernel.hostname without uts', { 'kernel.hostname': 'h' }, [{ type: 'ipc' as const }], /requires a new uts namespace/],
    ['ipc sysctl without ipc', { 'kernel.msgmax': '1' }, [{ type: 'network' as const }], /requires a new ipc namespace/],
    ['path traversal', { 'net/../../kernel/core_pattern': '|x' }, ALL_OWN, /is not a sysctl name/],
    ['dots only', { 'net..ipv4': '1' }, ALL_OWN, /is not a sysctl name/],
    ['a newline in the value', { 'net.ipv4.ip_forward': '1\n2' }, ALL_OWN, /may not contain a newline/],
  ])('refuses %s', (_name, sysctl, namespaces, message) => {
    expect(() => validateSysctls(spec(sysctl, namespaces))).toThrow(
      expect.objectContaining({ code: 'INVALID_SYSCTL', message: expect.stringMatching(message) }),
    );
  });

  it('refuses kernel.hostname together with the hostname field', () => {
    expect(() => validateSysctls(spec({ 'kernel.hostname': 'a' }, ALL_OWN, { hostname: 'b' }))).toThrow(/conflicts with the hostname field/);
  });
});
