import { openCgroupManager } from '../cgroups/cgroup-manager.js';
import type { ProcessIdentity } from '../util/proc.js';
import type { ContainerState } from './container-state.js';

/** Beside state.json: what the native `berth-runtime` verbs read (native/STATE.md). */
export const SIDECAR_FILE = 'state.txt';

/**
 * state.json as plain text for the native fast path (`berth-runtime state|start|kill|delete|ps`
 * in C, which parses no JSON): TAB-separated lines with PLAN.md's three escapes, plus the
 * length and FNV-1a hash of the state.json bytes it was made from, so the native side can
 * tell a sidecar that lags state.json and leave the verb to this TypeScript path.
 *
 * Undefined when a string cannot be carried exactly: a lone UTF-16 surrogate, which
 * JSON.stringify prints as `\udXXX` but UTF-8 cannot hold. The native side then always falls back.
 */
export function formatSidecar(state: ContainerState, json: string): string | undefined {
  const strings = [state.id, state.bundle, ...Object.entries(state.annotations).flat()];
  if (strings.some((text) => LONE_SURROGATE.test(text))) return undefined;
  const bytes = Buffer.from(json, 'utf8');
  const lines: string[][] = [
    ['berth-state', '1'],
    ['json', String(bytes.length), fnv1a32(bytes)],
    ['id', state.id],
    ['bundle', state.bundle],
    ['status', state.status],
    ...Object.entries(state.annotations).map(([key, value]) => ['annotation', key, value]),
    ...identityLine('init', state.init),
    ...identityLine('shim', state.shim),
    ...identityLine('creator', state.creator),
    ...(state.handoff ? [['handoff', '1']] : []),
    ...(state.hooks ? [['hooks', '1']] : []),
    ...cgroupLines(state),
  ];
  return lines.map((fields) => `${fields.map(escapeField).join('\t')}\n`).join('');
}

const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function identityLine(name: string, identity: ProcessIdentity | undefined): string[][] {
  return identity ? [[name, String(identity.pid), String(identity.startTime)]] : [];
}

function cgroupLines(state: ContainerState): string[][] {
  const cgroup = openCgroupManager(state.cgroup);
  const freezer = cgroup.freezerFile();
  return [
    ...(freezer ? [['freezer', freezer.version, freezer.path]] : []),
    ...cgroup.procsFiles().map((file) => ['procs', file]),
    ...cgroup.removalGroups().map((group) => ['remove', ...group]),
  ];
}

/** PLAN.md's escapes: backslash, TAB and newline, and nothing else. */
export function escapeField(text: string): string {
  return text.replace(/[\\\t\n]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : '\\n'));
}

/** 32-bit FNV-1a of the bytes, 8 hex digits: cheap to compute in C, enough to see a stale sidecar. */
export function fnv1a32(bytes: Uint8Array): string {
  let hash = 0x811c9dc5;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}
