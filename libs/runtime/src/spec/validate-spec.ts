import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import {
  OCI_NAMESPACE_TYPES,
  type OciIdMapping,
  type OciMount,
  type OciNamespaceType,
  type OciProcess,
  type OciResources,
  type OciSeccomp,
  type OciSpec,
} from '../model/oci-spec.js';
import { RuntimeError } from '../model/runtime-error.js';
import { systemdToCgroupfs } from '../cgroups/systemd-path.js';
import { validateDevices } from './validate-devices.js';
import { validateHooks } from './validate-hooks.js';
import { seccompFilterFlags } from '../seccomp/compile.js';
import { compileSeccompCached } from '../seccomp/compile-cache.js';
import { validateCapabilities } from '../security/capabilities.js';
import { validateSysctls } from '../security/sysctl.js';
import { validateSecurityLabels } from '../security/lsm.js';
import { validateResources } from './validate-resources.js';

/**
 * Checks a config.json before anything is created (no directory, cgroup or process exists
 * yet when this throws), so a bad spec never leaves debris. Every refusal names the field:
 * `INVALID_SPEC` for a spec that is wrong, `NOT_SUPPORTED` for a valid spec asking for
 * something Berth does not do yet (refused rather than silently ignored, because ignoring
 * e.g. seccomp or a memory limit would run the container less confined than asked).
 *
 * The result is the same spec with bundle-relative paths made absolute (root.path, bind
 * sources), so later steps never depend on the current directory.
 */
export interface ValidatedSpec {
  spec: OciSpec & { process: OciProcess; root: { path: string; readonly?: boolean } };
  bundle: string;
}

const RLIMITS = new Set(
  ['AS', 'CORE', 'CPU', 'DATA', 'FSIZE', 'LOCKS', 'MEMLOCK', 'MSGQUEUE', 'NICE', 'NOFILE', 'NPROC', 'RSS', 'RTPRIO', 'RTTIME', 'SIGPENDING', 'STACK'].map(
    (name) => `RLIMIT_${name}`,
  ),
);
/** mount(2) propagation types, as the native core spells them (PLAN.md `root_propagation`). */
const ROOT_PROPAGATIONS: readonly string[] = ['private', 'rprivate', 'slave', 'rslave', 'shared', 'rshared', 'unbindable', 'runbindable'];
/** The shim accepts at most this many uid/gid map lines, like the kernel before 4.15. */
const MAX_ID_MAPPINGS = 32;
const MAX_ID = 0xffff_ffff;

function invalid(field: string, message: string): RuntimeError {
  return new RuntimeError('INVALID_SPEC', `${field}: ${message}`);
}

function unsupported(field: string, message: string): RuntimeError {
  return new RuntimeError('NOT_SUPPORTED', `${field}: ${message}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_ID;
}

function absolutePath(field: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') throw invalid(field, 'must be a non-empty string');
  if (!isAbsolute(value)) throw invalid(field, `"${value}" must be an absolute path`);
  return value;
}

function stringArray(field: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw invalid(field, 'must be an array of strings');
  return value;
}

function isDirectory(path: string): PathKind {
  try {
    return statSync(path).isDirectory() ? 'dir' : 'other';
  } catch {
    // Any failure to stat (ENOENT, EACCES, ELOOP) means we cannot use it as a root.
    return 'missing';
  }
}

/** What a path is, for the checks that the root and bind sources exist. */
export type PathKind = 'dir' | 'other' | 'missing';

export interface ValidateSpecOptions {
  /**
   * Looks a path up: on disk by default. A caller that plans a container before making its
   * bundle (the API) passes what each path will be once made, so the whole spec is checked in
   * memory before anything exists.
   */
  pathKind?: (path: string) => PathKind;
}

export function validateSpec(input: unknown, bundle: string, options: ValidateSpecOptions = {}): ValidatedSpec {
  const pathKind = options.pathKind ?? isDirectory;
  if (!isObject(input)) throw invalid('config.json', 'must be a JSON object');
  const spec = structuredClone(input) as unknown as OciSpec;
  if (typeof spec.ociVersion !== 'string' || !/^1\.\d+\.\d+/.test(spec.ociVersion)) {
    throw invalid('ociVersion', `${JSON.stringify(spec.ociVersion)} is not a 1.x runtime-spec version`);
  }
  const root = validateRoot(spec, bundle, pathKind);
  const process = validateProcess(spec.process);
  const namespaces = validateNamespaces(spec);
  validateIdMappings(spec, namespaces.has('user'), namespaces.get('user'));
  validateWithoutMountNamespace(spec, namespaces.has('mount'));
  // A hostname needs a uts namespace of our own; a joined one belongs to someone else.
  const ownUts = namespaces.has('uts') && namespaces.get('uts') === undefined;
  if (spec.hostname !== undefined) {
    if (typeof spec.hostname !== 'string' || spec.hostname.length > 64) throw invalid('hostname', 'must be a string of at most 64 characters');
    if (!ownUts) throw invalid('hostname', 'setting a hostname requires a new uts namespace in linux.namespaces');
  }
  if (spec.domainname !== undefined && !ownUts) throw invalid('domainname', 'requires a new uts namespace in linux.namespaces');
  spec.mounts = validateMounts(spec.mounts, bundle, pathKind);
  validateLinux(spec);
  return { spec: { ...spec, process, root }, bundle };
}

function validateRoot(spec: OciSpec, bundle: string, pathKind: (path: string) => PathKind): { path: string; readonly?: boolean } {
  if (!isObject(spec.root) || typeof spec.root.path !== 'string' || spec.root.path === '') {
    throw invalid('root.path', 'is required (the container root filesystem, usually "rootfs")');
  }
  if (spec.root.readonly !== undefined && typeof spec.root.readonly !== 'boolean') throw invalid('root.readonly', 'must be a boolean');
  const path = isAbsolute(spec.root.path) ? spec.root.path : join(bundle, spec.root.path);
  const kind = pathKind(path);
  if (kind === 'missing') throw invalid('root.path', `rootfs ${path} does not exist`);
  if (kind === 'other') throw invalid('root.path', `rootfs ${path} is not a directory`);
  return { ...spec.root, path };
}

export function validateProcess(process: unknown): OciProcess {
  if (!isObject(process)) throw invalid('process', 'is required to create a container');
  const args = stringArray('process.args', process['args']);
  if (args.length === 0 || args[0] === '') throw invalid('process.args', 'must name at least the command to run');
  absolutePath('process.cwd', process['cwd']);
  for (const [index, entry] of stringArray('process.env', process['env']).entries()) {
    if (!/^[^=]+=/.test(entry)) throw invalid(`process.env[${index}]`, `"${entry}" must look like KEY=VALUE`);
  }
  const user = process['user'];
  if (!isObject(user) || !isId(user['uid']) || !isId(user['gid'])) throw invalid('process.user', 'needs numeric uid and gid');
  const umask = user['umask'];
  if (umask !== undefined && (!Number.isInteger(umask) || (umask as number) < 0 || (umask as number) > 0o777)) {
    throw invalid('process.user.umask', 'must be a file mode from 0 to 0777 (a JSON number, e.g. 18 for 022)');
  }
  const gids = user['additionalGids'];
  if (gids !== undefined && (!Array.isArray(gids) || !gids.every(isId))) throw invalid('process.user.additionalGids', 'must be an array of gids');
  if (process['terminal'] !== undefined && typeof process['terminal'] !== 'boolean') throw invalid('process.terminal', 'must be a boolean');
  validateRlimits(process['rlimits']);
  const oomScoreAdj = process['oomScoreAdj'];
  if (oomScoreAdj !== undefined && (!Number.isInteger(oomScoreAdj) || Math.abs(oomScoreAdj as number) > 1000)) {
    throw invalid('process.oomScoreAdj', 'must be an integer from -1000 to 1000');
  }
  validateSecurityLabels({ apparmorProfile: process['apparmorProfile'], selinuxLabel: process['selinuxLabel'] });
  if (process['noNewPrivileges'] !== undefined && typeof process['noNewPrivileges'] !== 'boolean')
    throw invalid('process.noNewPrivileges', 'must be a boolean');
  validateCapabilities(process['capabilities']);
  for (const key of ['ioPriority', 'scheduler', 'execCPUAffinity'] as const) {
    if (process[key] !== undefined) throw unsupported(`process.${key}`, 'is not applied by Berth; leave it out');
  }
  return process as unknown as OciProcess;
}

function validateRlimits(rlimits: unknown): void {
  if (rlimits === undefined) return;
  if (!Array.isArray(rlimits)) throw invalid('process.rlimits', 'must be an array');
  const seen = new Set<string>();
  for (const [index, rlimit] of rlimits.entries()) {
    const field = `process.rlimits[${index}]`;
    if (!isObject(rlimit) || typeof rlimit['type'] !== 'string' || !RLIMITS.has(rlimit['type'])) {
      throw invalid(`${field}.type`, `unknown rlimit ${JSON.stringify(isObject(rlimit) ? rlimit['type'] : rlimit)}`);
    }
    const { soft, hard } = rlimit;
    if (typeof soft !== 'number' || typeof hard !== 'number' || soft < 0 || hard < 0 || !Number.isInteger(soft) || !Number.isInteger(hard)) {
      throw invalid(field, 'soft and hard must be non-negative integers');
    }
    if (soft > hard) throw invalid(field, `soft limit ${soft} exceeds hard limit ${hard}`);
    if (seen.has(rlimit['type'])) throw invalid(`${field}.type`, `${rlimit['type']} is set twice`);
    seen.add(rlimit['type']);
  }
}

function validateNamespaces(spec: OciSpec): Map<OciNamespaceType, string | undefined> {
  const result = new Map<OciNamespaceType, string | undefined>();
  const namespaces: unknown = spec.linux?.namespaces ?? [];
  if (!Array.isArray(namespaces)) throw invalid('linux.namespaces', 'must be an array');
  for (const [index, namespace] of namespaces.entries()) {
    const field = `linux.namespaces[${index}]`;
    const type: unknown = isObject(namespace) ? namespace['type'] : undefined;
    if (typeof type !== 'string' || !OCI_NAMESPACE_TYPES.includes(type as OciNamespaceType)) {
      throw invalid(`${field}.type`, `unknown namespace type ${JSON.stringify(type)}; use one of ${OCI_NAMESPACE_TYPES.join(', ')}`);
    }
    const kind = type as OciNamespaceType;
    if (kind === 'time') throw unsupported(`${field}.type`, 'time namespaces are not supported');
    if (result.has(kind)) throw invalid(`${field}.type`, `${kind} namespace is listed twice`);
    const path = (namespace as Record<string, unknown>)['path'];
    if (path !== undefined && path !== '') {
      absolutePath(`${field}.path`, path);
      // Checked here so a missing namespace fails before any directory or cgroup exists.
      try {
        statSync(path as string);
      } catch {
        throw invalid(`${field}.path`, `${path as string} does not exist`);
      }
    }
    result.set(kind, path === '' ? undefined : (path as string | undefined));
  }
  // A type the spec does not list is the runtime's own (runtime-spec: MUST inherit).
  // What the native core cannot order: a new user namespace exists from clone on, and a mount
  // namespace of the host's cannot be joined from inside it.
  const joined = (kind: OciNamespaceType) => result.has(kind) && result.get(kind) !== undefined;
  const fresh = (kind: OciNamespaceType) => result.has(kind) && result.get(kind) === undefined;
  if (fresh('user') && joined('mount')) {
    throw unsupported('linux.namespaces', 'joining a mount namespace by path from a new user namespace is not supported; join the user namespace that owns it');
  }
  return result;
}

function validateIdMappings(spec: OciSpec, userNamespace: boolean, joinedUser: string | undefined): void {
  for (const key of ['uidMappings', 'gidMappings'] as const) {
    const field = `linux.${key}`;
    const mappings: unknown = spec.linux?.[key];
    if (joinedUser !== undefined) {
      if (Array.isArray(mappings) && mappings.length > 0) checkJoinedMappings(field, mappings, joinedUser, key);
      continue;
    }
    if (!userNamespace) {
      if (Array.isArray(mappings) && mappings.length > 0) throw invalid(field, 'only allowed together with a user namespace');
      continue;
    }
    if (!Array.isArray(mappings) || mappings.length === 0) throw invalid(field, 'at least one mapping is required with a user namespace');
    if (mappings.length > MAX_ID_MAPPINGS) throw invalid(field, `at most ${MAX_ID_MAPPINGS} mappings are supported`);
    const ranges: OciIdMapping[] = [];
    for (const [index, mapping] of mappings.entries()) {
      if (!isObject(mapping) || !isId(mapping['containerID']) || !isId(mapping['hostID']) || !isId(mapping['size']) || mapping['size'] === 0) {
        throw invalid(`${field}[${index}]`, 'needs integer containerID, hostID and a size of at least 1');
      }
      const current = mapping as unknown as OciIdMapping;
      for (const other of ranges) {
        if (overlaps(current.containerID, other.containerID, current.size, other.size) || overlaps(current.hostID, other.hostID, current.size, other.size)) {
          throw invalid(`${field}[${index}]`, 'overlaps an earlier mapping');
        }
      }
      ranges.push(current);
    }
  }
}

/**
 * A joined user namespace has its maps already; the spec may repeat them (containerd's CRI does),
 * but not contradict them (runc compares too). Only /proc/<pid>/ns/user (or /proc/self) paths can be compared.
 */
function checkJoinedMappings(field: string, mappings: unknown[], path: string, key: 'uidMappings' | 'gidMappings'): void {
  const pid = /^\/proc\/(\d+|self)\/ns\/user$/.exec(path)?.[1];
  if (pid === undefined) throw invalid(field, `cannot be checked against the joined user namespace ${path}; leave them out (the namespace has its own)`);
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/${key === 'uidMappings' ? 'uid_map' : 'gid_map'}`, 'utf8');
  } catch {
    throw invalid(field, `cannot read the id map of the joined user namespace ${path}`);
  }
  const actual = text
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number).join(' '))
    .sort();
  const wanted = mappings.map((m) => (isObject(m) ? `${String(m['containerID'])} ${String(m['hostID'])} ${String(m['size'])}` : '')).sort();
  if (JSON.stringify(actual) !== JSON.stringify(wanted))
    throw invalid(field, `do not match the id map of the joined user namespace ${path} (${actual.join(', ')})`);
}

/**
 * Without a mount namespace the container runs chrooted in the runtime's own, where every mount
 * it gets stays until delete. Masking or making paths read-only there is refused as runc refuses
 * it ("unable to restrict sys entries without a private MNT namespace").
 */
function validateWithoutMountNamespace(spec: OciSpec, mountNamespace: boolean): void {
  if (mountNamespace) return;
  // The propagation of the runtime's own / is not the container's to change.
  if (spec.linux?.rootfsPropagation) {
    throw invalid('linux.rootfsPropagation', 'needs a mount namespace of the container\'s own (list {"type":"mount"} in linux.namespaces, or leave it out)');
  }
  for (const key of ['maskedPaths', 'readonlyPaths'] as const) {
    if ((spec.linux?.[key]?.length ?? 0) > 0) {
      throw invalid(`linux.${key}`, 'needs a mount namespace of the container\'s own (list {"type":"mount"} in linux.namespaces, or leave it empty)');
    }
  }
}

function overlaps(a: number, b: number, sizeA: number, sizeB: number): boolean {
  return a < b + sizeB && b < a + sizeA;
}

export function isBindMount(mount: OciMount): boolean {
  return mount.type === 'bind' || (mount.options ?? []).some((option) => option === 'bind' || option === 'rbind');
}

function validateMounts(mounts: unknown, bundle: string, pathKind: (path: string) => PathKind): OciMount[] {
  if (mounts === undefined) return [];
  if (!Array.isArray(mounts)) throw invalid('mounts', 'must be an array');
  return mounts.map((mount: unknown, index) => {
    const field = `mounts[${index}]`;
    if (!isObject(mount)) throw invalid(field, 'must be an object');
    absolutePath(`${field}.destination`, mount['destination']);
    if (mount['type'] !== undefined && typeof mount['type'] !== 'string') throw invalid(`${field}.type`, 'must be a string');
    if (mount['source'] !== undefined && typeof mount['source'] !== 'string') throw invalid(`${field}.source`, 'must be a string');
    const options = stringArray(`${field}.options`, mount['options']);
    // The plan joins options with commas, so one option may not contain one.
    const bad = options.find((option) => option.includes(',') || option.includes('\n'));
    if (bad !== undefined) throw invalid(`${field}.options`, `option "${bad}" may not contain a comma or newline`);
    if (mount['uidMappings'] !== undefined || mount['gidMappings'] !== undefined) {
      throw unsupported(field, 'id-mapped mounts are not supported');
    }
    const result = { ...mount } as unknown as OciMount;
    if (isBindMount(result)) {
      if (!result.source) throw invalid(`${field}.source`, 'a bind mount needs a source');
      result.source = isAbsolute(result.source) ? result.source : join(bundle, result.source);
      if (pathKind(result.source) === 'missing') throw invalid(`${field}.source`, `${result.source} does not exist`);
    } else if (!result.type) {
      throw invalid(`${field}.type`, 'is required for a mount that is not a bind mount');
    }
    return result;
  });
}

function validateLinux(spec: OciSpec): void {
  const linux = spec.linux;
  validateHooks(spec.hooks);
  if (linux === undefined) return;
  if (!isObject(linux)) throw invalid('linux', 'must be an object');
  validateSecurityLabels({ mountLabel: (linux as Record<string, unknown>)['mountLabel'] });
  const propagation: unknown = linux.rootfsPropagation;
  if (propagation !== undefined && (typeof propagation !== 'string' || !ROOT_PROPAGATIONS.includes(propagation))) {
    throw invalid('linux.rootfsPropagation', `${JSON.stringify(propagation)} is not one of ${ROOT_PROPAGATIONS.join(', ')}`);
  }
  // Fields of the spec Berth does not apply: refused by name rather than ignored.
  for (const key of ['personality', 'intelRdt', 'timeOffsets', 'memoryPolicy', 'netDevices']) {
    if ((linux as Record<string, unknown>)[key] !== undefined) throw unsupported(`linux.${key}`, 'is not applied by Berth; leave it out');
  }
  if (linux.cgroupsPath !== undefined) {
    if (typeof linux.cgroupsPath !== 'string') throw invalid('linux.cgroupsPath', 'must be a string');
    // systemd's slice:prefix:name (containerd with SystemdCgroup) runs where systemd would put it.
    const path = systemdToCgroupfs(linux.cgroupsPath) ?? linux.cgroupsPath;
    if (path.includes(':')) throw invalid('linux.cgroupsPath', "a path with ':' must be systemd's slice:prefix:name");
    if (path.split('/').includes('..')) throw invalid('linux.cgroupsPath', 'may not contain ".."');
    linux.cgroupsPath = path;
  }
  for (const key of ['maskedPaths', 'readonlyPaths'] as const) {
    for (const [index, path] of stringArray(`linux.${key}`, linux[key]).entries()) absolutePath(`linux.${key}[${index}]`, path);
  }
  const seccomp: unknown = linux.seccomp;
  if (seccomp !== undefined) {
    // Compiling is the validation: every refusal is INVALID_SECCOMP naming the field. Through
    // the cache create compiles with, so a create compiles each profile once, not twice.
    if (!isObject(seccomp)) throw new RuntimeError('INVALID_SECCOMP', 'linux.seccomp: must be an object');
    compileSeccompCached(seccomp as unknown as OciSeccomp);
    seccompFilterFlags(seccomp as unknown as OciSeccomp);
  }
  validateSysctls(spec);
  const deviceRules = validateDevices(linux.devices);
  // Host-specific refusals (no swap accounting, device rules on v2) come from the cgroup manager.
  validateResources(linux.resources);
  if (deviceRules.length > 0) {
    const resources: OciResources = (linux.resources ??= {});
    resources.devices = [...(resources.devices ?? []), ...deviceRules];
  }
}
