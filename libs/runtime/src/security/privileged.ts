import { readFileSync } from 'node:fs';
import type { OciSpec } from '../model/oci-spec.js';
import { CAPABILITIES } from './capabilities.js';

/** Annotation on a privileged container's state (OCI `state`, `list --format json`). */
export const PRIVILEGED_ANNOTATION = 'berth.privileged';
/** Annotation naming the host range a remapped container's root lives in (`<uid>:<gid>:<size>`). */
export const USERNS_REMAP_ANNOTATION = 'berth.userns-remap';

/**
 * Capabilities this process holds. A privileged container gets these rather than the full
 * list: asking the shim for one we lack (a VM or CI runner without CAP_SYS_MODULE, say)
 * would fail the create instead of running with what there is.
 */
export function heldCapabilities(status = readFileSync('/proc/self/status', 'utf8')): string[] {
  const match = /^CapEff:\s+([0-9a-f]+)$/m.exec(status);
  const mask = match ? BigInt(`0x${match[1]}`) : 0n;
  return CAPABILITIES.filter((_, bit) => (mask >> BigInt(bit)) & 1n);
}

/**
 * `--privileged`, only ever on explicit request: every capability the runtime holds (bounding,
 * effective, permitted; inheritable and ambient stay empty, as in current engines, so a
 * non-root process does not pick them up), no seccomp filter, nothing masked or read-only,
 * every device allowed in the devices cgroup. The spec's other choices (user, namespaces,
 * read-only root, no_new_privs) stay as written. Mutates the spec, which create then saves
 * as the container's config.json so `exec` gets the same.
 */
export function makePrivileged(spec: OciSpec, held: readonly string[] = heldCapabilities()): void {
  const all = [...held];
  spec.process!.capabilities = { bounding: all, effective: [...all], permitted: [...all], inheritable: [], ambient: [] };
  const linux = (spec.linux ??= {});
  delete linux.seccomp;
  linux.maskedPaths = [];
  linux.readonlyPaths = [];
  linux.resources = { ...linux.resources, devices: [{ allow: true, access: 'rwm' }] };
}
