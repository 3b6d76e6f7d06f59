import type { OciDeviceRule, OciSpec } from '../model/oci-spec.js';
import { RuntimeError } from '../model/runtime-error.js';

export type OciDevice = NonNullable<NonNullable<OciSpec['linux']>['devices']>[number];

/**
 * Checks `linux.devices` (nodes the runtime makes in the container) and returns the device
 * rules that let the container use them, as runc adds them: after the spec's own
 * `resources.devices`, so a node the spec asks for is never unusable.
 */
export function validateDevices(devices: unknown): OciDeviceRule[] {
  if (devices === undefined) return [];
  if (!Array.isArray(devices)) throw invalid('linux.devices', 'must be an array');
  const seen = new Set<string>();
  const rules: OciDeviceRule[] = [];
  for (const [index, device] of (devices as unknown[]).entries()) {
    const field = `linux.devices[${index}]`;
    if (typeof device !== 'object' || device === null || Array.isArray(device)) throw invalid(field, 'must be an object');
    const d = device as Partial<OciDevice>;
    if (typeof d.path !== 'string' || !d.path.startsWith('/') || d.path.endsWith('/') || d.path.split('/').includes('..')) {
      throw invalid(`${field}.path`, 'must be an absolute file path without ".."');
    }
    if (seen.has(d.path)) throw invalid(`${field}.path`, `${d.path} is listed twice`);
    seen.add(d.path);
    if (d.type !== 'c' && d.type !== 'b' && d.type !== 'u' && d.type !== 'p') throw invalid(`${field}.type`, 'must be c, b, u or p');
    const fifo = d.type === 'p';
    for (const [key, max] of [
      ['major', 0xfff],
      ['minor', 0xfffff],
    ] as const) {
      const value = d[key];
      if (value === undefined ? !fifo : !Number.isInteger(value) || value < 0 || value > max) {
        throw invalid(`${field}.${key}`, fifo ? `must be a number from 0 to ${max}, or left out` : `is required: a number from 0 to ${max}`);
      }
    }
    if (d.fileMode !== undefined && (!Number.isInteger(d.fileMode) || d.fileMode < 0 || d.fileMode > 0o7777)) {
      throw invalid(`${field}.fileMode`, 'must be permission bits (0 to 0o7777)');
    }
    for (const key of ['uid', 'gid'] as const) {
      const value = d[key];
      if (value !== undefined && (!Number.isInteger(value) || value < 0 || value >= 2 ** 32 - 1)) throw invalid(`${field}.${key}`, 'must be a container id');
    }
    // A fifo is no device to the device controller: nothing to allow.
    if (!fifo) rules.push({ allow: true, type: d.type === 'b' ? 'b' : 'c', major: d.major, minor: d.minor, access: 'rwm' });
  }
  return rules;
}

function invalid(field: string, message: string): RuntimeError {
  return new RuntimeError('INVALID_SPEC', `${field}: ${message}`);
}
