import type { ContainerStatus } from '../model/container-status.js';
import type { CgroupRecord } from '../cgroups/cgroup-manager.js';
import type { ProcessIdentity } from '../util/proc.js';

/**
 * What the runtime remembers about one container, in `<root>/<id>/state.json`. The disk is
 * the truth about what runs (DESIGN.md): any process can construct a Runtime on the same
 * root and pick up from here; the kernel (shim alive? exit.json?) corrects `status`.
 */
export interface ContainerState {
  id: string;
  bundle: string;
  /** Absolute rootfs (the overlay mount point when the root is an overlay). */
  rootfs: string;
  status: ContainerStatus;
  /** RFC 3339, when create began. */
  created: string;
  annotations: Record<string, string>;
  /** Created with CreateOptions.privileged (also the annotation `berth.privileged=true`). */
  privileged?: boolean;
  /**
   * The host range container ids 0.. map to, when created with `userns: 'remap'`, and how the
   * rootfs was made to show the right owners: an idmapped mount of it, or a shifted copy.
   */
  usernsRemap?: { uid: number; gid: number; size: number; rootfs: 'idmapped' | 'shifted-copy' };
  /** Host uid that created the container (runc's `owner`). */
  owner: number;
  /** The create call in progress; lets a later process tell a crashed create from a live one. */
  creator?: ProcessIdentity;
  shim?: ProcessIdentity;
  /** The container's PID 1 as the host sees it. */
  init?: ProcessIdentity;
  cgroup: CgroupRecord;
  /** Set once the container has stopped. */
  exit?: ExitStatus;
  /**
   * Created with CreateOptions.stdio 'inherit': no Berth shim stays; `shim` is the container
   * process itself and its exit status goes to the caller's subreaper, not to exit.json.
   */
  handoff?: boolean;
  /** The spec has startContainer, poststart or poststop hooks: start and delete read them from config.json. */
  hooks?: boolean;
  /** Where container.log lives when not in the state dir (CreateOptions.log.dir). */
  logDir?: string;
}

/**
 * The shim's exit.json, plus `lost` when the shim died without writing one. A handed-off
 * container's status went to the caller's subreaper: `reapedByCaller`, exitCode -1 (unknown).
 */
export interface ExitStatus {
  exitCode: number;
  reapedByCaller?: boolean;
  signal: string | null;
  oomKilled: boolean;
  finishedAt: string;
  lost?: boolean;
}
