import { describe, expect, it } from 'vitest';
import { defaultSpec } from '../spec/default-spec.js';
import { heldCapabilities, makePrivileged } from './privileged.js';

describe('privileged mode', () => {
  it('reads the capabilities this process holds from CapEff', () => {
    expect(heldCapabilities('CapInh:\t0000000000000000\nCapEff:\t0000000000000005\n')).toEqual(['CAP_CHOWN', 'CAP_DAC_READ_SEARCH']);
    expect(heldCapabilities('CapEff:\t0000000000000000\n')).toEqual([]);
  });

  it('grants the held capabilities and removes seccomp, masked and read-only paths and the device deny-list', () => {
    const spec = defaultSpec({ arch: 'x86_64' });
    makePrivileged(spec, ['CAP_SYS_ADMIN', 'CAP_NET_ADMIN']);
    expect(spec.process!.capabilities).toEqual({
      bounding: ['CAP_SYS_ADMIN', 'CAP_NET_ADMIN'],
      effective: ['CAP_SYS_ADMIN', 'CAP_NET_ADMIN'],
      permitted: ['CAP_SYS_ADMIN', 'CAP_NET_ADMIN'],
      inheritable: [],
      ambient: [],
    });
    expect(spec.linux!.seccomp).toBeUndefined();
    expect(spec.linux!.maskedPaths).toEqual([]);
    expect(spec.linux!.readonlyPaths).toEqual([]);
    expect(spec.linux!.resources!.devices).toEqual([{ allow: true, access: 'rwm' }]);
    // What privileged does not touch: the user, namespaces, no_new_privs.
    expect(spec.process!.noNewPrivileges).toBe(true);
    expect(spec.linux!.namespaces).toEqual(defaultSpec({ arch: 'x86_64' }).linux!.namespaces);
  });
});
