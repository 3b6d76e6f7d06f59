import type { OciMount, OciProcess, OciSpec } from '../model/oci-spec.js';
import { capabilityPlanFields } from '../security/capabilities.js';
import { validateSysctls } from '../security/sysctl.js';
import { isBindMount } from '../spec/validate-spec.js';
import { PlanWriter } from './plan-text.js';

/**
 * Turns a validated spec into the flat plan the native core reads. Pure: no file system,
 * no kernel, so it is unit-tested as text. Defaults the shim already applies (PATH, /dev
 * nodes, cwd `/`) are not repeated here.
 */
export interface CreatePlanInput {
  id: string;
  stateDir: string;
  /** A validated spec: root.path and bind sources are absolute. */
  spec: OciSpec & { process: OciProcess; root: { path: string; readonly?: boolean } };
  /** `cgroup.procs` files the shim writes the container's pid into, one per hierarchy. */
  cgroupProcs: readonly string[];
  /** memory.oom_control (v1) or memory.events (v2), read by the shim at exit. */
  oomControl?: string;
  /** cgroup v2: the compiled device policy (a host path) and the cgroup directory the shim attaches it to. */
  deviceProgram?: { path: string; cgroupDir: string };
  /** Overlay of read-only lower dirs (top first) mounted on root.path inside the container. */
  overlay?: { lowerDirs: readonly string[]; upperDir: string; workDir: string };
  init?: boolean;
  /** The shim idmaps the (bind) rootfs into the container's user namespace. */
  idmapRootfs?: boolean;
  /** How many descriptors, from 3 up, of the shim's caller the container process gets. */
  preserveFds?: number;
  log?: { maxSize?: number; maxFiles?: number; dir?: string };
  /** The compiled linux.seccomp (a host path, written 0600 into the state dir) and its seccomp(2) flags. */
  seccomp?: SeccompPlan;
  /**
   * runc's model (PLAN.md `handoff`): the container keeps the caller's fds 0 and 1, takes the
   * caller's fd `stderrFd` as its stderr, and is left to the caller's subreaper when the shim
   * exits after create; with a terminal, the pty master goes to `consoleSocket`.
   */
  handoff?: { stderrFd: number; consoleSocket?: string };
  /** What createContainer and startContainer hooks read on stdin, but for the status and pid. */
  hookState?: { ociVersion: string; id: string; bundle: string; annotations?: Record<string, string> };
}

/** The phases the container process runs itself; the others run in lifecycle/hooks.ts. */
const CONTAINER_HOOK_PHASES = [
  ['createContainer', 'creating'],
  // runc's state for it: the start gate has opened, the command is not running yet.
  ['startContainer', 'created'],
] as const;

export interface SeccompPlan {
  path: string;
  flags: number;
}

/**
 * Spec mounts the shim provides itself, keyed by destination and the type that asks for the
 * standard thing. The shim's versions are the ones that also work in a user namespace (device
 * binds instead of mknod, sysfs fallback, one fresh cgroup mount per hierarchy), so a spec
 * written for runc (`berth-runtime spec`) gets them. `/dev/shm` is not here: its size is
 * a real choice of the spec.
 */
const PROVIDED_BY_SHIM: Readonly<Record<string, readonly string[]>> = {
  '/proc': ['proc'],
  '/dev': ['tmpfs'],
  '/dev/pts': ['devpts'],
  '/dev/mqueue': ['mqueue'],
  '/sys': ['sysfs'],
  '/sys/fs/cgroup': ['cgroup', 'cgroup2'],
};

export function isProvidedByShim(mount: OciMount): boolean {
  return PROVIDED_BY_SHIM[mount.destination]?.includes(mount.type ?? '') ?? false;
}

/** Without a timeout of its own a hook may take this long (as lifecycle/hooks.ts). */
const DEFAULT_HOOK_TIMEOUT_S = 30;

function writeContainerHooks(plan: PlanWriter, input: CreatePlanInput): void {
  for (const [phase, status] of CONTAINER_HOOK_PHASES) {
    const hooks = input.spec.hooks?.[phase] ?? [];
    if (hooks.length === 0) continue;
    for (const hook of hooks) {
      plan.directive('hook', phase, hook.timeout ?? DEFAULT_HOOK_TIMEOUT_S, hook.path);
      for (const arg of hook.args ?? []) plan.directive('hook_arg', arg);
      for (const entry of hook.env ?? []) plan.directive('hook_env', entry);
    }
    const state = input.hookState ?? { ociVersion: input.spec.ociVersion, id: input.id, bundle: '' };
    // The pid goes between the two halves: only the container knows it (PLAN.md `hook_state`).
    const before = `{"ociVersion":${JSON.stringify(state.ociVersion)},"id":${JSON.stringify(state.id)},"status":"${status}","pid":`;
    const after = `,"bundle":${JSON.stringify(state.bundle)},"annotations":${JSON.stringify(state.annotations ?? {})}}`;
    plan.directive('hook_state', phase, before, after);
  }
}

/** rlimit values are u64 in the spec; anything from 2^63 up means "no limit". */
function rlimitValue(value: number): string | number {
  return value >= 2 ** 63 ? 'unlimited' : value;
}

function writeProcess(plan: PlanWriter, process: OciProcess, seccomp?: SeccompPlan): void {
  plan.directive('cwd', process.cwd);
  plan.directive('user', process.user.uid, process.user.gid);
  if (process.user.umask !== undefined) plan.directive('umask', process.user.umask);
  for (const gid of process.user.additionalGids ?? []) plan.directive('additional_gid', gid);
  for (const rlimit of process.rlimits ?? []) plan.directive('rlimit', rlimit.type, rlimitValue(rlimit.soft), rlimitValue(rlimit.hard));
  if (process.oomScoreAdj !== undefined) plan.directive('oom_score_adj', process.oomScoreAdj);
  plan.flag('no_new_privileges', process.noNewPrivileges);
  // Absent: the process keeps what it inherits (root's full set), as runc does without the field.
  if (process.capabilities) plan.directive('capabilities', ...capabilityPlanFields(process.capabilities));
  for (const entry of process.env ?? []) plan.directive('env', entry);
  for (const arg of process.args ?? []) plan.directive('arg', arg);
  plan.flag('terminal', process.terminal);
  if (seccomp) plan.directive('seccomp', seccomp.path, seccomp.flags);
}

function writeMount(plan: PlanWriter, mount: OciMount): void {
  const bind = isBindMount(mount);
  const type = bind ? 'bind' : (mount.type ?? 'none');
  // A pseudo-filesystem's source is informational; the type is a fine stand-in.
  const source = mount.source ?? type;
  const options = (mount.options ?? []).filter((option) => option !== '');
  if (bind && !options.includes('bind') && !options.includes('rbind')) options.unshift('bind');
  if (options.length > 0) plan.directive('mount', mount.destination, type, source, options.join(','));
  else plan.directive('mount', mount.destination, type, source);
}

export function createPlan(input: CreatePlanInput): string {
  const { spec } = input;
  const plan = new PlanWriter().directive('id', input.id).directive('state_dir', input.stateDir).directive('rootfs', spec.root.path);
  if (input.overlay) plan.directive('overlay', input.overlay.lowerDirs.join(':'), input.overlay.upperDir, input.overlay.workDir);
  plan.flag('readonly_root', spec.root.readonly);
  if (spec.linux?.rootfsPropagation) plan.directive('root_propagation', spec.linux.rootfsPropagation);
  plan.flag('idmap_rootfs', input.idmapRootfs);

  for (const namespace of spec.linux?.namespaces ?? []) {
    // The shim always makes a mount namespace; listing it is harmless but joining is refused earlier.
    if (namespace.path) plan.directive('namespace', namespace.type, namespace.path);
    else plan.directive('namespace', namespace.type);
  }
  // A joined user namespace has its maps; only a new one gets them written.
  const newUser = spec.linux?.namespaces?.some((namespace) => namespace.type === 'user' && !namespace.path) ?? false;
  for (const mapping of newUser ? (spec.linux?.uidMappings ?? []) : []) plan.directive('uid_map', mapping.containerID, mapping.hostID, mapping.size);
  for (const mapping of newUser ? (spec.linux?.gidMappings ?? []) : []) plan.directive('gid_map', mapping.containerID, mapping.hostID, mapping.size);
  if (spec.hostname !== undefined && spec.hostname !== '') plan.directive('hostname', spec.hostname);
  if (spec.domainname !== undefined && spec.domainname !== '') plan.directive('domainname', spec.domainname);

  for (const mount of spec.mounts ?? []) if (!isProvidedByShim(mount)) writeMount(plan, mount);
  for (const device of spec.linux?.devices ?? []) {
    // runc's defaults: 0666 (rw for all; the device rule decides), owned by container root.
    const { path, type, major = 0, minor = 0, fileMode = 0o666, uid = 0, gid = 0 } = device;
    plan.directive('device', path, type, major, minor, fileMode, uid, gid);
  }
  for (const path of spec.linux?.maskedPaths ?? []) plan.directive('masked_path', path);
  for (const path of spec.linux?.readonlyPaths ?? []) plan.directive('readonly_path', path);
  for (const procs of input.cgroupProcs) plan.directive('cgroup_procs', procs);
  if (input.oomControl) plan.directive('oom_control', input.oomControl);
  if (input.deviceProgram) plan.directive('device_program', input.deviceProgram.path, input.deviceProgram.cgroupDir);
  for (const sysctl of validateSysctls(spec)) plan.directive('sysctl', sysctl.path, sysctl.value);

  writeContainerHooks(plan, input);
  writeProcess(plan, spec.process, input.seccomp);
  plan.flag('init', input.init);
  if (input.preserveFds) plan.directive('preserve_fds', input.preserveFds);
  if (input.handoff) plan.directive('handoff', input.handoff.stderrFd);
  if (input.handoff?.consoleSocket) plan.directive('console_socket', input.handoff.consoleSocket);
  if (input.log?.dir) plan.directive('log_dir', input.log.dir);
  if (input.log?.maxSize) plan.directive('log_max_size', input.log.maxSize);
  if (input.log?.maxFiles) plan.directive('log_max_files', input.log.maxFiles);
  return plan.text();
}

/**
 * The process an `exec` runs, in the container's namespaces and cgroups, with its own
 * capabilities and the container's seccomp filter (the same file create wrote).
 */
export function execPlan(
  process: OciProcess,
  cgroupProcs: readonly string[],
  seccomp?: SeccompPlan,
  terminal?: ExecTerminal,
  handoff?: CreatePlanInput['handoff'],
): string {
  const plan = new PlanWriter();
  for (const procs of cgroupProcs) plan.directive('cgroup_procs', procs);
  writeProcess(plan, process, seccomp);
  if (terminal?.size) plan.directive('console_size', terminal.size.rows, terminal.size.cols);
  if (terminal?.resizeFd !== undefined) plan.directive('resize_fd', terminal.resizeFd);
  if (handoff) plan.directive('handoff', handoff.stderrFd);
  if (handoff?.consoleSocket) plan.directive('console_socket', handoff.consoleSocket);
  return plan.text();
}

/** A remote terminal for an exec: its first size, and the caller's fd that carries resizes. */
export interface ExecTerminal {
  size?: { rows: number; cols: number };
  resizeFd?: number;
}
