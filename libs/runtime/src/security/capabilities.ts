import { DEFAULT_CAPABILITIES } from '../model/default-capabilities.js';
import type { OciProcess } from '../model/oci-spec.js';
import { RuntimeError } from '../model/runtime-error.js';

/**
 * Linux capabilities by name and number (linux/capability.h). The number is the bit the
 * native core sets with capset(2) and PR_CAPBSET_DROP, so the order here is the ABI.
 */
// prettier-ignore
export const CAPABILITIES: readonly string[] = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_DAC_READ_SEARCH', 'CAP_FOWNER', 'CAP_FSETID', 'CAP_KILL', 'CAP_SETGID', 'CAP_SETUID',
  'CAP_SETPCAP', 'CAP_LINUX_IMMUTABLE', 'CAP_NET_BIND_SERVICE', 'CAP_NET_BROADCAST', 'CAP_NET_ADMIN', 'CAP_NET_RAW', 'CAP_IPC_LOCK',
  'CAP_IPC_OWNER', 'CAP_SYS_MODULE', 'CAP_SYS_RAWIO', 'CAP_SYS_CHROOT', 'CAP_SYS_PTRACE', 'CAP_SYS_PACCT', 'CAP_SYS_ADMIN',
  'CAP_SYS_BOOT', 'CAP_SYS_NICE', 'CAP_SYS_RESOURCE', 'CAP_SYS_TIME', 'CAP_SYS_TTY_CONFIG', 'CAP_MKNOD', 'CAP_LEASE',
  'CAP_AUDIT_WRITE', 'CAP_AUDIT_CONTROL', 'CAP_SETFCAP', 'CAP_MAC_OVERRIDE', 'CAP_MAC_ADMIN', 'CAP_SYSLOG', 'CAP_WAKE_ALARM',
  'CAP_BLOCK_SUSPEND', 'CAP_AUDIT_READ', 'CAP_PERFMON', 'CAP_BPF', 'CAP_CHECKPOINT_RESTORE',
];

/** CAP_LAST_CAP of the newest kernel this table knows. */
export const CAP_LAST_CAP = CAPABILITIES.length - 1;

const NUMBERS = new Map(CAPABILITIES.map((name, bit) => [name, bit]));

/** Docker's default set; the list itself lives in the browser-safe model. */
export const DOCKER_DEFAULT_CAPABILITIES: readonly string[] = DEFAULT_CAPABILITIES;

function invalid(field: string, message: string): RuntimeError {
  return new RuntimeError('INVALID_CAPABILITY', `${field}: ${message}`);
}

/** `net_admin`, `NET_ADMIN` and `CAP_NET_ADMIN` all name CAP_NET_ADMIN; `all` stays `ALL`. */
export function normalizeCapability(name: string, field = 'capability'): string {
  const upper = name.trim().toUpperCase();
  if (upper === 'ALL') return 'ALL';
  const full = upper.startsWith('CAP_') ? upper : `CAP_${upper}`;
  if (!NUMBERS.has(full)) throw invalid(field, `unknown capability ${JSON.stringify(name)}`);
  return full;
}

export function capabilityNumber(name: string): number {
  const full = normalizeCapability(name);
  if (full === 'ALL') throw invalid('capability', '"ALL" is not a single capability');
  return NUMBERS.get(full)!;
}

export function capabilityName(bit: number): string {
  const name = CAPABILITIES[bit];
  if (name === undefined) throw invalid('capability', `no capability has number ${bit}`);
  return name;
}

export const CAPABILITY_SETS = ['bounding', 'effective', 'permitted', 'inheritable', 'ambient'] as const;
export type CapabilitySet = (typeof CAPABILITY_SETS)[number];

export interface CapabilityRequest {
  add?: readonly string[];
  drop?: readonly string[];
  /** Every capability, like `docker run --privileged`; add/drop are then ignored. */
  privileged?: boolean;
}

export type OciCapabilities = Required<NonNullable<OciProcess['capabilities']>>;

/**
 * Docker's `--cap-add`/`--cap-drop`: start from the default 14 (or none with drop ALL, or
 * all with add ALL), drop, then add. Naming the same capability in both lists is refused
 * because either reading would surprise someone.
 *
 * The result fills the five OCI sets the way current engines do: bounding = permitted =
 * effective = the set; inheritable and ambient empty, so a non-root process or a file
 * capability cannot pick capabilities up across exec (the lesson of CVE-2022-24769).
 */
export function resolveCapabilities(request: CapabilityRequest = {}): OciCapabilities {
  if (request.privileged) return fiveSets([...CAPABILITIES]);
  const add = (request.add ?? []).map((name, index) => normalizeCapability(name, `capabilities.add[${index}]`));
  const drop = (request.drop ?? []).map((name, index) => normalizeCapability(name, `capabilities.drop[${index}]`));
  if (add.includes('ALL') && drop.includes('ALL')) throw invalid('capabilities', 'ALL cannot be both added and dropped');
  const both = add.find((name) => name !== 'ALL' && drop.includes(name));
  if (both !== undefined) throw invalid('capabilities', `${both} is both added and dropped`);

  let set = new Set<string>(drop.includes('ALL') ? [] : add.includes('ALL') ? CAPABILITIES : DOCKER_DEFAULT_CAPABILITIES);
  for (const name of drop) set.delete(name);
  for (const name of add) if (name !== 'ALL') set.add(name);
  // Kernel order keeps the config.json and the plan stable whatever order the user wrote.
  set = new Set(CAPABILITIES.filter((name) => set.has(name)));
  return fiveSets([...set]);
}

function fiveSets(names: string[]): OciCapabilities {
  return { bounding: [...names], effective: [...names], permitted: [...names], inheritable: [], ambient: [] };
}

/** Checks `process.capabilities` of a spec: every name must be a known CAP_* (exact spelling, as the OCI spec requires). */
export function validateCapabilities(capabilities: unknown): void {
  if (capabilities === undefined) return;
  if (typeof capabilities !== 'object' || capabilities === null || Array.isArray(capabilities)) throw invalid('process.capabilities', 'must be an object');
  for (const [set, names] of Object.entries(capabilities)) {
    const field = `process.capabilities.${set}`;
    if (!CAPABILITY_SETS.includes(set as CapabilitySet)) throw invalid(field, `unknown set; use ${CAPABILITY_SETS.join(', ')}`);
    if (!Array.isArray(names)) throw invalid(field, 'must be an array of capability names');
    names.forEach((name: unknown, index) => {
      if (typeof name !== 'string' || !NUMBERS.has(name)) throw invalid(`${field}[${index}]`, `unknown capability ${JSON.stringify(name)}`);
    });
  }
  const { ambient = [], permitted = [], inheritable = [] } = capabilities as OciCapabilities;
  // The kernel refuses PR_CAP_AMBIENT_RAISE otherwise; saying so here names the field.
  const missing = ambient.find((name) => !permitted.includes(name) || !inheritable.includes(name));
  if (missing !== undefined) throw invalid('process.capabilities.ambient', `${missing} must also be permitted and inheritable`);
}

/** A capability set as the 64-bit mask capset(2) and /proc/<pid>/status use. */
export function capabilityMask(names: readonly string[] = []): bigint {
  let mask = 0n;
  for (const name of names) mask |= 1n << BigInt(capabilityNumber(name));
  return mask;
}

/** The mask as the two u32 words of `struct __user_cap_data_struct[2]` (version 3): low, high. */
export function capabilityWords(names: readonly string[] = []): [number, number] {
  const mask = capabilityMask(names);
  return [Number(mask & 0xffff_ffffn), Number(mask >> 32n)];
}

/** 16 hex digits, no prefix: what the proposed `capabilities` plan directive carries. */
export function capabilityHex(names: readonly string[] = []): string {
  return capabilityMask(names).toString(16).padStart(16, '0');
}

/** The five fields of the proposed plan directive, in its order: bounding effective permitted inheritable ambient. */
export function capabilityPlanFields(capabilities: OciProcess['capabilities'] = {}): string[] {
  return CAPABILITY_SETS.map((set) => capabilityHex(capabilities[set]));
}
