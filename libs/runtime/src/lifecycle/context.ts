import { join } from 'node:path';
import { DEFAULT_CGROUP_PARENT, openCgroupManager } from '../cgroups/cgroup-manager.js';
import { detectHostLayout, type HostLayout } from '../cgroups/host-layout.js';
import { canDo, statusesFor, type ContainerAction } from '../model/container-status.js';
import { RuntimeError } from '../model/runtime-error.js';
import type { SubordinateFiles } from '../security/subordinate-ids.js';
import { subordinateFilesFromEnv } from '../security/subordinate-ids.js';
import { SpawnLauncher, type ShimLauncher } from '../native/shim-launcher.js';
import type { ContainerState } from '../state/container-state.js';
import { refreshStatus } from '../state/refresh-status.js';
import type { StateRoot } from '../state/state-root.js';

/** What every verb needs: where state lives, the native core, and the host's cgroup layout. */
export interface RuntimeContext {
  root: StateRoot;
  shim: string;
  /** Runs `berth-shim create` (a fork server in a long-lived process, else a plain spawn). */
  launcher: ShimLauncher;
  /** Parent of the containers' cgroups that name no cgroupsPath (relative to our own cgroup). */
  cgroupParent: string;
  hostLayout(): Promise<HostLayout>;
  /** User-namespace remapping: where the `berth` id range is recorded, where shifted root filesystems are cached. */
  remap: RemapConfig;
  /** delete answers once processes, shim and cgroups are gone; the moved-aside directory is removed after (RuntimeOptions). */
  removeInBackground?: boolean;
}

export interface RemapConfig {
  files: SubordinateFiles;
  cacheDir: string;
}

/**
 * Defaults: /etc/subuid and /etc/subgid (or BERTH_SUBUID_FILE / BERTH_SUBGID_FILE), and the
 * cache in the state root (or BERTH_REMAP_CACHE), which no container id can name because ids
 * cannot start with a dot.
 */
export function defaultRemapConfig(root: StateRoot, env: NodeJS.ProcessEnv = process.env): RemapConfig {
  return { files: subordinateFilesFromEnv(env), cacheDir: env['BERTH_REMAP_CACHE'] || join(root.path, '.remap-rootfs') };
}

export function makeContext(
  root: StateRoot,
  shim: string,
  cgroupParent = DEFAULT_CGROUP_PARENT,
  launcher: ShimLauncher = new SpawnLauncher(shim),
  remap: Partial<RemapConfig> = {},
  givenLayout?: HostLayout,
): RuntimeContext {
  let layout: Promise<HostLayout> | undefined = givenLayout && Promise.resolve(givenLayout);
  const defaults = defaultRemapConfig(root);
  // Mounts do not change under a running runtime often enough to re-read them per container.
  return {
    root,
    shim,
    launcher,
    cgroupParent,
    hostLayout: () => (layout ??= detectHostLayout()),
    remap: { files: remap.files ?? defaults.files, cacheDir: remap.cacheDir ?? defaults.cacheDir },
  };
}

/** Reads state.json, refreshes the status from the kernel and saves it if it changed. */
export async function loadContainer(context: RuntimeContext, id: string): Promise<ContainerState> {
  const recorded = await context.root.read(id);
  const state = await refreshStatus(context.root.dir(id), recorded, () => openCgroupManager(recorded.cgroup).isFrozen());
  if (JSON.stringify(state) !== JSON.stringify(recorded)) await context.root.write(state);
  return state;
}

/** The status machine's guard, as an error a person can act on. */
export function requireAction(state: ContainerState, action: ContainerAction): void {
  if (!canDo(action, state.status)) {
    const verb = action === 'forceDelete' ? 'delete --force' : action;
    throw new RuntimeError('INVALID_STATUS', `cannot ${verb} container ${state.id}: it is ${state.status}; ${verb} needs ${statusesFor(action).join(' or ')}`);
  }
}
