import type { OciNamespaceType, OciSpec } from '../model/oci-spec.js';
import { RuntimeError } from '../model/runtime-error.js';

/**
 * `linux.sysctl`: only the sysctls the kernel namespaces may be set, and only when the
 * container has its own copy of that namespace. Anything else would change the host (or a
 * neighbour whose namespace was joined), which is exactly what a container must not do.
 * The list is the one the OCI runtime-spec documents and runc enforces.
 */
const IPC_SYSCTLS = new Set([
  'kernel.msgmax',
  'kernel.msgmnb',
  'kernel.msgmni',
  'kernel.sem',
  'kernel.shmall',
  'kernel.shmmax',
  'kernel.shmmni',
  'kernel.shm_rmid_forced',
]);
const UTS_SYSCTLS = new Set(['kernel.hostname', 'kernel.domainname']);

export interface ResolvedSysctl {
  /** Dotted name, as written in the spec with any `/` form converted. */
  key: string;
  /** The file the native core writes, e.g. /proc/sys/net/ipv4/ip_forward. */
  path: string;
  value: string;
}

function invalid(field: string, message: string): RuntimeError {
  return new RuntimeError('INVALID_SYSCTL', `${field}: ${message}`);
}

/** The namespace a sysctl belongs to, or undefined when it is not namespaced (refused). */
export function sysctlNamespace(key: string): OciNamespaceType | undefined {
  if (IPC_SYSCTLS.has(key) || key.startsWith('fs.mqueue.')) return 'ipc';
  if (key.startsWith('net.')) return 'network';
  if (UTS_SYSCTLS.has(key)) return 'uts';
  return undefined;
}

/**
 * sysctl(8)'s two spellings: `net.ipv4.ip_forward`, or with `/` as the separator when the
 * name contains one, so a dot can be part of a component (`net/ipv4/conf/eth0.100/forwarding`).
 * Returns the components, refusing anything that could step outside /proc/sys.
 */
function components(field: string, key: string): string[] {
  const separator = key.includes('/') ? '/' : '.';
  const parts = key.split(separator);
  if (!/^[A-Za-z0-9_.\-/]+$/.test(key) || parts.some((part) => part === '' || part === '.' || part === '..')) {
    throw invalid(field, `${JSON.stringify(key)} is not a sysctl name`);
  }
  return parts;
}

/**
 * Checks `linux.sysctl` of a spec and returns what to write, in spec order. Throws
 * INVALID_SYSCTL naming the key for a sysctl that is not namespaced, whose namespace is not
 * a new one of the container's own, or whose value cannot be written as one line.
 */
export function validateSysctls(spec: OciSpec): ResolvedSysctl[] {
  const sysctl: unknown = spec.linux?.sysctl;
  if (sysctl === undefined) return [];
  if (typeof sysctl !== 'object' || sysctl === null || Array.isArray(sysctl)) throw invalid('linux.sysctl', 'must be an object of name → value');
  const own = new Set((spec.linux?.namespaces ?? []).filter((namespace) => !namespace.path).map((namespace) => namespace.type));
  return Object.entries(sysctl as Record<string, unknown>).map(([name, value]) => {
    const field = `linux.sysctl["${name}"]`;
    const parts = components(field, name);
    const key = parts.map((part) => part.replaceAll('.', '/')).join('.');
    const namespace = sysctlNamespace(parts.join('.'));
    if (namespace === undefined) throw invalid(field, 'is not a namespaced sysctl; setting it would change the host');
    if (!own.has(namespace)) throw invalid(field, `requires a new ${namespace} namespace of the container's own in linux.namespaces`);
    // Two sources for one value would make the result depend on which is applied last.
    if (key === 'kernel.hostname' && spec.hostname !== undefined) throw invalid(field, 'conflicts with the hostname field; set only one');
    if (key === 'kernel.domainname' && spec.domainname !== undefined) throw invalid(field, 'conflicts with the domainname field; set only one');
    if (typeof value !== 'string') throw invalid(field, 'value must be a string');
    if (value.includes('\n')) throw invalid(field, 'value may not contain a newline');
    return { key, path: `/proc/sys/${parts.join('/')}`, value };
  });
}
