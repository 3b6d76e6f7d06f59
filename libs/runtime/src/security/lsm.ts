import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RuntimeError } from '../model/runtime-error.js';

/** Which Linux security modules this host runs, read from where the kernel publishes them. */
export interface HostSecurityModules {
  apparmor: boolean;
  selinux: boolean;
}

/**
 * AppArmor is active when securityfs shows its directory (or the module says enabled, for a host
 * whose securityfs is not mounted); SELinux when selinuxfs is mounted. `sys` is for tests.
 */
export function hostSecurityModules(sys = '/sys'): HostSecurityModules {
  return {
    apparmor: existsSync(join(sys, 'kernel/security/apparmor')) || readsYes(join(sys, 'module/apparmor/parameters/enabled')),
    selinux: existsSync(join(sys, 'fs/selinux/enforce')),
  };
}

function readsYes(path: string): boolean {
  try {
    return readFileSync(path, 'utf8').trim() === 'Y';
  } catch {
    // No such module parameter: the module is not built in.
    return false;
  }
}

/**
 * process.apparmorProfile, process.selinuxLabel and linux.mountLabel: Berth applies none of them,
 * so each is refused with why — the host lacks the module, or Berth does not apply it yet — and
 * never ignored: a container asking for a profile would otherwise run without it.
 */
export function validateSecurityLabels(
  labels: { apparmorProfile?: unknown; selinuxLabel?: unknown; mountLabel?: unknown },
  modules: HostSecurityModules = hostSecurityModules(),
): void {
  const refuse = (field: string, module: 'AppArmor' | 'SELinux', present: boolean, where: string) =>
    new RuntimeError(
      'NOT_SUPPORTED',
      present
        ? `${field}: Berth does not apply ${module} ${module === 'AppArmor' ? 'profiles' : 'labels'}; leave it out to run without one`
        : `${field}: this host has no ${module} (no ${where}), so it cannot be applied; leave it out`,
    );
  if (labels.apparmorProfile) throw refuse('process.apparmorProfile', 'AppArmor', modules.apparmor, '/sys/kernel/security/apparmor');
  if (labels.selinuxLabel) throw refuse('process.selinuxLabel', 'SELinux', modules.selinux, '/sys/fs/selinux');
  if (labels.mountLabel) throw refuse('linux.mountLabel', 'SELinux', modules.selinux, '/sys/fs/selinux');
}
