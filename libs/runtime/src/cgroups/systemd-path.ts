import { RuntimeError } from '../model/runtime-error.js';

/**
 * systemd's cgroupsPath form, `slice:prefix:name` (what containerd passes with
 * `SystemdCgroup = true`, e.g. `kubepods-besteffort-pod1.slice:cri-containerd:abc`), as the
 * cgroupfs path systemd itself would use, so a host without systemd runs the container in the
 * same place: the slice expanded into its ancestors (`a-b.slice` → `/a.slice/a-b.slice`), then
 * the unit `prefix-name.scope` (or `name` itself when it is a slice). Same rules as runc's
 * systemd driver (ExpandSlice, getUnitName). Undefined for a path not of that form.
 */
export function systemdToCgroupfs(path: string, field = 'linux.cgroupsPath'): string | undefined {
  const parts = path.split(':');
  if (parts.length !== 3) return undefined;
  const [slice, prefix, name] = parts as [string, string, string];
  if (name === '') throw new RuntimeError('INVALID_SPEC', `${field}: "${path}": the name after the second ':' is empty`);
  const parent = expandSlice(slice === '' ? 'system.slice' : slice, field);
  const unit = name.endsWith('.slice') ? name : `${prefix === '' ? '' : `${prefix}-`}${name}.scope`;
  if (unit.includes('/')) throw new RuntimeError('INVALID_SPEC', `${field}: "${path}": a unit name may not contain '/'`);
  return `${parent === '/' ? '' : parent}/${unit}`;
}

/** `a-b-c.slice` → `/a.slice/a-b.slice/a-b-c.slice`; `-.slice` is the root. */
function expandSlice(slice: string, field: string): string {
  const bad = (why: string) => new RuntimeError('INVALID_SPEC', `${field}: slice "${slice}" ${why}`);
  if (!slice.endsWith('.slice')) throw bad("must end in '.slice'");
  if (slice.includes('/')) throw bad("may not contain '/'");
  if (slice === '-.slice') return '/';
  const stem = slice.slice(0, -'.slice'.length);
  if (stem === '' || stem.startsWith('-') || stem.endsWith('-') || stem.includes('--')) throw bad("has an empty part between '-'");
  const words = stem.split('-');
  return words.map((_, index) => `/${words.slice(0, index + 1).join('-')}.slice`).join('');
}
