import { writeFileSync } from 'node:fs';
import { chmod, chown, mkdir, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { cgroupManagerFor, defaultCgroupPath, type CgroupManager } from '../cgroups/cgroup-manager.js';
import { SpawnLauncher } from '../native/shim-launcher.js';
import { RuntimeError } from '../model/runtime-error.js';
import { createPlan, type CreatePlanInput, type SeccompPlan } from '../plan/launch-plan.js';
import { compileDeviceProgram } from '../cgroups/device-program.js';
import { seccompFilterFlags } from '../seccomp/compile.js';
import { compileSeccompCached } from '../seccomp/compile-cache.js';
import { storeProgram } from '../native/program-store.js';
import { makePrivileged, PRIVILEGED_ANNOTATION, USERNS_REMAP_ANNOTATION } from '../security/privileged.js';
import { shiftedRootfs } from '../security/shifted-rootfs.js';
import { ensureRemapRange, type RemapRange } from '../security/subordinate-ids.js';
import { loadSpec } from '../spec/load-spec.js';
import { validateContainerId } from '../spec/container-id.js';
import { validateSpec, type ValidatedSpec } from '../spec/validate-spec.js';
import type { ContainerState } from '../state/container-state.js';
import { initFromFiles, shimFromFiles } from '../state/refresh-status.js';
import { identify } from '../util/proc.js';
import { writeFileAtomic } from '../util/files.js';
import type { RuntimeContext } from './context.js';
import { OCI_VERSION } from '../model/oci-spec.js';
import { runHooks } from './hooks.js';
import { teardown } from './teardown.js';

export interface CreateOptions {
  /** The OCI bundle: a directory holding config.json (and usually rootfs/). */
  bundle: string;
  /** Written with the container's init pid once created (runc's --pid-file). */
  pidFile?: string;
  /**
   * Makes the root an overlay: these read-only directories (top first) below a fresh
   * per-container upper dir, mounted on the spec's root.path inside the container only.
   */
  overlay?: {
    lowerDirs: string[];
    /**
     * Where the container's writes go; default: fresh dirs in its state dir, removed with
     * it. An engine that re-creates a container on every start (restart keeps the files, as
     * in Docker) passes its own, with `workDir` on the same file system.
     */
    upperDir?: string;
    workDir?: string;
  };
  /** A tiny init as PID 1 that reaps orphans and forwards signals (`docker run --init`). */
  init?: boolean;
  /**
   * Log rotation: max bytes of container.log, total number of files kept. `dir`: where the
   * log lives (created if missing); default the state dir. A log dir outside it outlives the
   * runtime container, so an engine keeps one log across restarts; records are appended.
   */
  log?: { maxSize?: number; maxFiles?: number; dir?: string };
  /**
   * 'remap': when the spec has no user namespace of its own, give the container one that maps
   * its ids 0..65535 onto the `berth` range of /etc/subuid and /etc/subgid (added on first
   * use), so container root is an unprivileged host uid. Without `overlay`, and where the kernel
   * and filesystem allow it, the root filesystem is an idmapped mount of itself (nothing is
   * copied; the container writes into it as it would without remapping). Otherwise the root
   * filesystem (or each overlay lower dir) is replaced by a copy owned by the range, below a
   * per-container overlay upper dir. A spec with its own user namespace keeps it. Default: no
   * remapping.
   */
  userns?: 'remap';
  /**
   * How a remapped rootfs gets its owners: 'auto' (default) tries an idmapped mount and falls
   * back to 'shifted-copy'. The environment variable BERTH_REMAP_ROOTFS=shifted-copy forces the
   * copy for every container of the process.
   */
  remapRootfs?: 'auto' | 'shifted-copy';
  /**
   * Every capability the runtime holds, no seccomp, nothing masked or read-only, all devices
   * (see security/privileged.ts). Only by this explicit request; recorded in state.json and
   * reported as the annotation `berth.privileged=true`.
   */
  privileged?: boolean;
  /**
   * Open file descriptors of this process handed to the container process as its fds 3, 4, …
   * (like Go's ExtraFiles; the CLI's `--preserve-fds N` passes its own 3 … N+2, as runc does).
   * Every other descriptor stays out of the container. The runtime's copies are closed once
   * the container has its own, so a pipe's reader sees EOF when the container closes it.
   */
  extraFiles?: number[];
  /**
   * 'inherit' is runc's model, for callers such as containerd's shim: the container's fds 0–2
   * are this process's own (pipes, FIFOs, whatever they are), no Berth shim stays behind (no
   * container.log, no attach socket), and when create returns the container process, waiting
   * on its start gate, belongs to this process's subreaper, which reaps it and gets its exit
   * status. Berth records no exit code for it (state `handoff`). Default: the shim holds the
   * container's stdio and logs it.
   */
  stdio?: 'inherit';
  /**
   * With stdio 'inherit' and a spec asking for a terminal: a unix socket the pty master is sent
   * to (runc's --console-socket), as one SCM_RIGHTS message naming /dev/pts/N.
   */
  consoleSocket?: string;
}

/** As many as the native core takes (BERTH_MAX_PRESERVED_FDS). */
const MAX_EXTRA_FILES = 1024;

/** What create changed in the spec on behalf of the options, remembered in the state. */
interface Confinement {
  remap?: RemapRange & { rootfs: 'idmapped' | 'shifted-copy' };
  /** Overlay lower dirs replacing options.overlay (the remapped copies). */
  lowerDirs?: string[];
}

/**
 * `create`: validate, claim the id, make the cgroup, hand the plan to the shim, record.
 * Until the shim reports the container blocked on its start gate, every step is undone on
 * failure, in reverse.
 */
export async function create(context: RuntimeContext, id: string, options: CreateOptions): Promise<ContainerState> {
  try {
    return await createOnce(context, id, options);
  } catch (error) {
    // The failed attempt was undone completely (id released), so the copy path starts clean.
    if (!isIdmapUnsupported(error) || options.remapRootfs === 'shifted-copy') throw error;
    idmapWorks = false;
    return createOnce(context, id, { ...options, remapRootfs: 'shifted-copy' });
  }
}

/**
 * Whether idmapped rootfs mounts work here: unknown until the first remapped create tries one.
 * Per process, because the answer depends on the kernel and the filesystem, and a refusal costs
 * a failed container creation each time it is rediscovered.
 */
let idmapWorks: boolean | undefined;

/** The shim's way of saying the kernel or filesystem refused the idmap (namespaces.c). */
function isIdmapUnsupported(error: unknown): boolean {
  return error instanceof RuntimeError && error.code === 'ENOTSUP' && error.message.includes('idmapped mount unsupported');
}

async function createOnce(context: RuntimeContext, id: string, options: CreateOptions): Promise<ContainerState> {
  validateContainerId(id);
  const { bundle, spec: raw } = await loadSpec(options.bundle);
  const validated = validateSpec(raw, bundle);
  await validateOptions(options);
  // Before the id is claimed: the range and the shifted copy are shared, not per-container
  // debris a failed create would have to undo.
  const confinement = await confine(context, validated, options);
  requireMountNamespace(validated, options, confinement);
  const layout = await context.hostLayout();

  const dir = await context.root.claim(id);
  const creator = await identify(process.pid);
  let state: ContainerState = {
    id,
    bundle,
    rootfs: validated.spec.root.path,
    status: 'creating',
    created: new Date().toISOString(),
    annotations: { ...validated.spec.annotations, ...confinementAnnotations(options, confinement) },
    ...(options.privileged ? { privileged: true } : {}),
    ...(confinement.remap ? { usernsRemap: confinement.remap } : {}),
    ...(options.log?.dir ? { logDir: options.log.dir } : {}),
    owner: process.getuid?.() ?? 0,
    creator,
    cgroup: {},
  };
  let cgroup: CgroupManager | undefined;
  try {
    await writeFileAtomic(join(dir, 'config.json'), `${JSON.stringify(validated.spec, null, 2)}\n`, 0o600);
    await context.root.write(state);

    const cgroupsPath = validated.spec.linux?.cgroupsPath;
    cgroup = cgroupsPath ? cgroupManagerFor(layout, cgroupsPath) : cgroupManagerFor(layout, defaultCgroupPath(id, context.cgroupParent), true);
    await cgroup.create();
    state = { ...state, cgroup: cgroup.record() };
    await context.root.write(state);
    // Before the shim places the process: a container never runs a moment unconfined.
    await cgroup.apply(validated.spec.linux?.resources ?? {}, 'create');

    if (options.log?.dir) await mkdir(options.log.dir, { recursive: true, mode: 0o700 });
    const planPath = join(dir, 'plan');
    writeFileSync(planPath, await planFor(context, id, dir, validated, cgroup, options, confinement), { mode: 0o600 });
    // Descriptors cannot travel to the fork server: a create that passes some spawns its shim.
    const handoff = options.stdio === 'inherit';
    const launcher = options.extraFiles?.length || handoff ? new SpawnLauncher(context.shim, options.extraFiles ?? [], handoff) : context.launcher;
    await launcher.create(planPath, `creating container ${id}`).catch((error: unknown) => {
      throw asHookFailure(error);
    });
    if (confinement.remap?.rootfs === 'idmapped') idmapWorks = true;

    const init = await initFromFiles(dir);
    // Handed off, the container process is the only one left: its life is the container's.
    const shim = handoff ? init : await shimFromFiles(dir);
    if (!shim || !init) throw new RuntimeError('ESRCH', `container ${id} exited during create`);
    const { hooks } = validated.spec;
    // Runtime-namespace hooks of create: the container's namespaces exist, its process waits at the start gate.
    const hookState = { ociVersion: OCI_VERSION, id, status: 'creating' as const, pid: init.pid, bundle, annotations: state.annotations };
    await runHooks('prestart', hooks?.prestart, hookState);
    await runHooks('createRuntime', hooks?.createRuntime, hookState);
    // start waits for startContainer's outcome and runs poststart; delete runs poststop.
    const later = (hooks?.poststart?.length ?? 0) + (hooks?.poststop?.length ?? 0) + (hooks?.startContainer?.length ?? 0) > 0;
    state = { ...state, status: 'created', shim, init, creator: undefined, ...(handoff ? { handoff: true } : {}), ...(later ? { hooks: true } : {}) };
    await context.root.write(state);
    if (options.pidFile) await writeFileAtomic(options.pidFile, `${init.pid}`);
    return state;
  } catch (error) {
    // The shim cleans up after its own failures; teardown covers everything else we made.
    const record = cgroup ? { ...state, cgroup: cgroup.record() } : state;
    try {
      await teardown(context, record);
    } catch (cleanup) {
      throw new RuntimeError((error as RuntimeError).code ?? 'EIO', `${(error as Error).message} (and cleaning up failed: ${(cleanup as Error).message})`, {
        cause: error,
      });
    }
    throw error;
  }
}

/** A createContainer hook that failed inside the container: the same code as every other hook failure. */
function asHookFailure(error: unknown): unknown {
  if (error instanceof RuntimeError && /hooks\.createContainer\[\d+\]/.test(error.message)) {
    return new RuntimeError('HOOK_FAILED', error.message, { cause: error });
  }
  return error;
}

/** An overlay or a remapped root is mounted in the container's own mount namespace; without one it would land in ours. */
function requireMountNamespace(validated: ValidatedSpec, options: CreateOptions, confinement: Confinement): void {
  if (validated.spec.linux?.namespaces?.some((namespace) => namespace.type === 'mount')) return;
  if (options.overlay || confinement.remap) {
    throw new RuntimeError(
      'INVALID_ARGUMENT',
      `${options.overlay ? 'overlay' : 'userns remap'}: needs a mount namespace of the container's own; list {"type":"mount"} in linux.namespaces`,
    );
  }
}

async function validateOptions(options: CreateOptions): Promise<void> {
  for (const [index, dir] of (options.overlay?.lowerDirs ?? []).entries()) {
    const field = `overlay.lowerDirs[${index}]`;
    if (!isAbsolute(dir)) throw new RuntimeError('INVALID_ARGUMENT', `${field}: "${dir}" must be an absolute path`);
    // Overlay options are comma and colon separated; such paths cannot be expressed.
    if (/[,:]/.test(dir)) throw new RuntimeError('INVALID_ARGUMENT', `${field}: "${dir}" may not contain ',' or ':'`);
    const info = await stat(dir).catch(() => undefined);
    if (!info?.isDirectory()) throw new RuntimeError('INVALID_ARGUMENT', `${field}: ${dir} is not a directory`);
  }
  if (options.overlay && options.overlay.lowerDirs.length === 0) {
    throw new RuntimeError('INVALID_ARGUMENT', 'overlay.lowerDirs: at least one lower directory is required');
  }
  if (options.remapRootfs !== undefined && options.remapRootfs !== 'auto' && options.remapRootfs !== 'shifted-copy') {
    throw new RuntimeError('INVALID_ARGUMENT', `remapRootfs: "${String(options.remapRootfs)}" is not supported; use 'auto' or 'shifted-copy'`);
  }
  if (options.userns !== undefined && options.userns !== 'remap') {
    throw new RuntimeError('INVALID_ARGUMENT', `userns: "${String(options.userns)}" is not supported; use 'remap' or leave it out`);
  }
  // Privileges inside a remapped user namespace are not the host's: reporting such a
  // container as privileged would mislead, so the combination is refused (as Docker does).
  if (options.privileged && options.userns === 'remap') {
    throw new RuntimeError('INVALID_ARGUMENT', 'privileged and userns remapping cannot be combined');
  }
  for (const [index, fd] of (options.extraFiles ?? []).entries()) {
    if (!Number.isInteger(fd) || fd < 0) throw new RuntimeError('INVALID_ARGUMENT', `extraFiles[${index}]: ${String(fd)} is not a file descriptor`);
  }
  if (options.stdio !== undefined && options.stdio !== 'inherit') {
    throw new RuntimeError('INVALID_ARGUMENT', `stdio: "${String(options.stdio)}" is not supported; use 'inherit' or leave it out`);
  }
  if (options.consoleSocket !== undefined && options.stdio !== 'inherit') throw new RuntimeError('INVALID_ARGUMENT', "consoleSocket: needs stdio 'inherit'");
  if (options.consoleSocket !== undefined && !isAbsolute(options.consoleSocket)) {
    throw new RuntimeError('INVALID_ARGUMENT', `consoleSocket: "${options.consoleSocket}" must be an absolute path`);
  }
  if ((options.extraFiles?.length ?? 0) > MAX_EXTRA_FILES) throw new RuntimeError('INVALID_ARGUMENT', `extraFiles: at most ${MAX_EXTRA_FILES} descriptors`);
  for (const [field, dir] of [
    ['overlay.upperDir', options.overlay?.upperDir],
    ['overlay.workDir', options.overlay?.workDir],
    ['log.dir', options.log?.dir],
  ] as const) {
    if (dir !== undefined && !isAbsolute(dir)) throw new RuntimeError('INVALID_ARGUMENT', `${field}: "${dir}" must be an absolute path`);
  }
  if (options.overlay?.upperDir && /[,:]/.test(options.overlay.upperDir + (options.overlay.workDir ?? ''))) {
    throw new RuntimeError('INVALID_ARGUMENT', "overlay.upperDir, overlay.workDir: may not contain ',' or ':'");
  }
  if ((options.overlay?.upperDir === undefined) !== (options.overlay?.workDir === undefined)) {
    throw new RuntimeError('INVALID_ARGUMENT', 'overlay.upperDir and overlay.workDir: give both or neither');
  }
  const { maxSize, maxFiles } = options.log ?? {};
  if (maxSize !== undefined && (!Number.isInteger(maxSize) || maxSize < 0))
    throw new RuntimeError('INVALID_ARGUMENT', 'log.maxSize: must be a whole number of bytes');
  if (maxFiles !== undefined && (!Number.isInteger(maxFiles) || maxFiles < 1 || maxFiles > 1000)) {
    throw new RuntimeError('INVALID_ARGUMENT', 'log.maxFiles: must be from 1 to 1000');
  }
}

async function planFor(
  context: RuntimeContext,
  id: string,
  dir: string,
  validated: ValidatedSpec,
  cgroup: CgroupManager,
  options: CreateOptions,
  confinement: Confinement,
): Promise<string> {
  let overlay;
  const lowerDirs = confinement.lowerDirs ?? options.overlay?.lowerDirs;
  if (lowerDirs) {
    const upperDir = options.overlay?.upperDir ?? join(dir, 'upper');
    const workDir = options.overlay?.workDir ?? join(dir, 'work');
    await mkdir(upperDir, { mode: 0o755, recursive: true });
    await mkdir(workDir, { mode: 0o700, recursive: true });
    // The overlay is mounted (and copies up) as the container's root, a host uid of the range.
    const { remap } = confinement;
    if (remap) {
      await chmod(dir, 0o711);
      for (const path of [upperDir, workDir]) await chown(path, remap.uid, remap.gid);
    }
    overlay = { lowerDirs, upperDir, workDir };
  }
  return createPlan({
    seccomp: await writeSeccomp(context, dir, validated),
    id,
    stateDir: dir,
    spec: validated.spec,
    cgroupProcs: cgroup.procsFiles(),
    oomControl: cgroup.oomControlFile(),
    deviceProgram: await writeDeviceProgram(context, dir, validated, cgroup),
    overlay,
    init: options.init,
    idmapRootfs: confinement.remap?.rootfs === 'idmapped',
    preserveFds: options.extraFiles?.length,
    log: options.log,
    handoff: handoffPlan(validated, options),
    hookState: { ociVersion: OCI_VERSION, id, bundle: validated.bundle, annotations: validated.spec.annotations },
  });
}

/** The plan's handoff: the caller's stderr sits right after the extra files (SpawnLauncher). */
function handoffPlan(validated: ValidatedSpec, options: CreateOptions): CreatePlanInput['handoff'] {
  if (options.stdio !== 'inherit') return undefined;
  const terminal = validated.spec.process.terminal === true;
  if (terminal && !options.consoleSocket) {
    throw new RuntimeError('INVALID_ARGUMENT', 'process.terminal is true: --console-socket is required to receive the pty master');
  }
  if (!terminal && options.consoleSocket) {
    throw new RuntimeError('INVALID_ARGUMENT', '--console-socket needs process.terminal true in config.json (there is no pty to send)');
  }
  return { stderrFd: 3 + (options.extraFiles?.length ?? 0), consoleSocket: options.consoleSocket };
}

/**
 * Applies `privileged` and `userns: 'remap'` to the validated spec (which create then saves
 * as config.json, so exec sees the same confinement).
 */
async function confine(context: RuntimeContext, validated: ValidatedSpec, options: CreateOptions): Promise<Confinement> {
  const { spec } = validated;
  if (options.privileged) makePrivileged(spec);
  if (options.userns !== 'remap') return {};
  const linux = (spec.linux ??= {});
  // The spec's own user namespace is a deliberate choice; remapping is the default for the rest.
  if (linux.namespaces?.some((namespace) => namespace.type === 'user')) return {};
  const remap = await ensureRemapRange(context.remap.files);
  linux.namespaces = [...(linux.namespaces ?? []), { type: 'user' }];
  linux.uidMappings = [{ containerID: 0, hostID: remap.uid, size: remap.size }];
  linux.gidMappings = [{ containerID: 0, hostID: remap.gid, size: remap.size }];
  // Overlay lowers stay on the copy: each would need its own idmapped clone, mounted by path.
  const copy = options.remapRootfs === 'shifted-copy' || process.env.BERTH_REMAP_ROOTFS === 'shifted-copy' || idmapWorks === false || options.overlay;
  if (!copy) return { remap: { ...remap, rootfs: 'idmapped' } };
  const lowerDirs: string[] = [];
  for (const source of options.overlay?.lowerDirs ?? [spec.root.path]) lowerDirs.push(await shiftedRootfs(source, remap, context.remap.cacheDir));
  return { remap: { ...remap, rootfs: 'shifted-copy' }, lowerDirs };
}

function confinementAnnotations(options: CreateOptions, confinement: Confinement): Record<string, string> {
  const annotations: Record<string, string> = {};
  if (options.privileged) annotations[PRIVILEGED_ANNOTATION] = 'true';
  const { remap } = confinement;
  if (remap) annotations[USERNS_REMAP_ANNOTATION] = `${remap.uid}:${remap.gid}:${remap.size}`;
  return annotations;
}

/**
 * Where the device policy is an eBPF program (cgroup v2): compiled into `<state dir>/devices.bpf`
 * (0600), and kept for the native create, which cannot compile one (native/program-store.ts).
 */
async function writeDeviceProgram(
  context: RuntimeContext,
  dir: string,
  validated: ValidatedSpec,
  cgroup: CgroupManager,
): Promise<{ path: string; cgroupDir: string } | undefined> {
  const cgroupDir = cgroup.deviceProgramCgroup();
  if (cgroupDir === undefined) return undefined;
  const path = join(dir, 'devices.bpf');
  const rules = validated.spec.linux?.resources?.devices ?? [];
  const program = compileDeviceProgram(rules);
  writeFileSync(path, program, { mode: 0o600 });
  await storeProgram(context.root.path, context.shim, { kind: 'devices', input: rules, program, flags: 0 });
  return { path, cgroupDir };
}

/** The file the shim reads before pivot_root; also what every exec plan points at. */
export const SECCOMP_FILE = 'seccomp.bpf';

/**
 * Compiles linux.seccomp into `<state dir>/seccomp.bpf` (0600); undefined = unconfined. The
 * program is also kept for the native create, which cannot compile one (program-store.ts).
 */
async function writeSeccomp(context: RuntimeContext, dir: string, validated: ValidatedSpec): Promise<SeccompPlan | undefined> {
  const seccomp = validated.spec.linux?.seccomp;
  if (!seccomp) return undefined;
  const path = join(dir, SECCOMP_FILE);
  const program = compileSeccompCached(seccomp);
  const flags = seccompFilterFlags(seccomp);
  writeFileSync(path, program, { mode: 0o600 });
  await storeProgram(context.root.path, context.shim, { kind: 'seccomp', input: seccomp, program, flags });
  return { path, flags };
}
