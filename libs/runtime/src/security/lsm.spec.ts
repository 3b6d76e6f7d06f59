import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostSecurityModules, validateSecurityLabels } from './lsm.js';

/** Reads a sysfs-shaped tree: the real /sys, and temp trees with and without the modules. */
describe('host security modules and the spec fields that need them', () => {
  let bare: string;
  let full: string;
  beforeAll(async () => {
    bare = await mkdtemp(join(tmpdir(), 'berth-lsm-bare-'));
    full = await mkdtemp(join(tmpdir(), 'berth-lsm-full-'));
    await mkdir(join(full, 'kernel/security/apparmor'), { recursive: true });
    await mkdir(join(full, 'fs/selinux'), { recursive: true });
    await writeFile(join(full, 'fs/selinux/enforce'), '1');
  });
  afterAll(async () => {
    await rm(bare, { recursive: true, force: true });
    await rm(full, { recursive: true, force: true });
  });

  it('sees AppArmor and SELinux only where the kernel publishes them', () => {
    expect(hostSecurityModules(bare)).toEqual({ apparmor: false, selinux: false });
    expect(hostSecurityModules(full)).toEqual({ apparmor: true, selinux: true });
  });

  it('says the host lacks the module when it does, and that Berth does not apply it when it has one', () => {
    expect(() => validateSecurityLabels({ apparmorProfile: 'p' }, hostSecurityModules(bare))).toThrow(
      expect.objectContaining({ code: 'NOT_SUPPORTED', message: expect.stringMatching(/^process\.apparmorProfile: this host has no AppArmor/) }),
    );
    expect(() => validateSecurityLabels({ selinuxLabel: 'l' }, hostSecurityModules(full))).toThrow(
      expect.objectContaining({ code: 'NOT_SUPPORTED', message: expect.stringMatching(/^process\.selinuxLabel: Berth does not apply SELinux labels/) }),
    );
    expect(() => validateSecurityLabels({ mountLabel: 'l' }, hostSecurityModules(bare))).toThrow(/^linux\.mountLabel: this host has no SELinux/);
  });

  it('lets a spec without labels through', () => {
    expect(() => validateSecurityLabels({ apparmorProfile: '', selinuxLabel: undefined }, hostSecurityModules(bare))).not.toThrow();
  });

  it('on this host: what the real /sys says decides the message', () => {
    const modules = hostSecurityModules();
    expect(() => validateSecurityLabels({ apparmorProfile: 'x' })).toThrow(modules.apparmor ? /Berth does not apply AppArmor/ : /this host has no AppArmor/);
  });
});
