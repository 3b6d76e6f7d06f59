import type { OciBlockIO, OciResources } from '../model/oci-spec.js';
import { RuntimeError } from '../model/runtime-error.js';

/**
 * Checks `linux.resources` (at create) or an update's resources before any cgroup file is
 * written, so a typo fails with the field's name instead of a bare EINVAL from the kernel
 * half-way through applying. Host-specific refusals (no swap accounting, device rules on v2)
 * come later, from the cgroup manager, because only it knows the host.
 *
 * `INVALID_RESOURCES`: the value is wrong. `NOT_SUPPORTED`: valid, but Berth does not apply it
 * (refused rather than ignored, so a container never runs less confined than asked).
 */
export function validateResources(input: unknown, field = 'linux.resources'): OciResources {
  if (input === undefined) return {};
  if (!isObject(input)) throw invalid(field, 'must be an object');
  const known = new Set(['devices', 'memory', 'cpu', 'pids', 'blockIO', 'hugepageLimits', 'network', 'rdma', 'unified']);
  for (const key of Object.keys(input)) if (!known.has(key)) throw invalid(`${field}.${key}`, 'is not a resource the runtime-spec defines');
  const resources = input as OciResources;
  validateMemory(resources.memory, `${field}.memory`);
  validateCpu(resources.cpu, `${field}.cpu`);
  if (resources.pids !== undefined) {
    if (!isObject(resources.pids)) throw invalid(`${field}.pids`, 'must be an object');
    integer(`${field}.pids.limit`, resources.pids.limit, -1);
  }
  validateBlockIO(resources.blockIO, `${field}.blockIO`);
  validateDevices(resources.devices, `${field}.devices`);
  if (nonEmpty(resources.hugepageLimits)) throw unsupported(`${field}.hugepageLimits`, 'hugepage limits are not supported');
  if (nonEmpty(resources.network)) throw unsupported(`${field}.network`, 'net_cls/net_prio settings are not supported');
  if (nonEmpty(resources.rdma)) throw unsupported(`${field}.rdma`, 'rdma limits are not supported');
  if (resources.unified !== undefined) {
    if (!isObject(resources.unified)) throw invalid(`${field}.unified`, 'must be an object of file name to value');
    for (const [file, value] of Object.entries(resources.unified)) {
      // A key is a file inside the container's own cgroup, never a path out of it.
      if (!/^[a-z][a-z0-9_]*\.[a-z0-9_.]+$/.test(file)) throw invalid(`${field}.unified.${file}`, 'must name a cgroup interface file such as memory.high');
      if (typeof value !== 'string') throw invalid(`${field}.unified.${file}`, 'must be a string');
    }
  }
  return resources;
}

function validateMemory(memory: OciResources['memory'], field: string): void {
  if (memory === undefined) return;
  if (!isObject(memory)) throw invalid(field, 'must be an object');
  const limit = bytesOrUnlimited(`${field}.limit`, memory.limit);
  bytesOrUnlimited(`${field}.reservation`, memory.reservation);
  const swap = bytesOrUnlimited(`${field}.swap`, memory.swap);
  // The runtime-spec's swap is memory+swap together (v1's memsw), so it cannot be below the limit.
  if (limit !== undefined && limit > 0 && swap !== undefined && swap > 0 && swap < limit) {
    throw invalid(`${field}.swap`, `${swap} is below memory.limit ${limit}; swap is the limit of memory plus swap, so it must be at least the memory limit`);
  }
  if (swap !== undefined && swap > 0 && (limit === undefined || limit < 0)) {
    throw invalid(`${field}.swap`, 'a memory+swap limit needs a memory limit as well');
  }
  if (memory.swappiness !== undefined) integer(`${field}.swappiness`, memory.swappiness, 0, 100);
  if (memory.disableOOMKiller !== undefined && typeof memory.disableOOMKiller !== 'boolean') throw invalid(`${field}.disableOOMKiller`, 'must be a boolean');
  // As runc: the kernel deprecated kmem limits (and v2 never had them); a spec that still sets
  // one runs, with a warning rather than a refusal, and the limit is not applied.
  if (memory.kernel !== undefined) {
    bytesOrUnlimited(`${field}.kernel`, memory.kernel);
    process.emitWarning(`${field}.kernel is deprecated and ignored, as runc does: the kernel no longer enforces kmem limits`, {
      type: 'BerthWarning',
      code: 'KERNEL_MEMORY_IGNORED',
    });
  }
  // Applied on cgroup v1 (memory.kmem.tcp.limit_in_bytes); the v2 manager refuses it.
  bytesOrUnlimited(`${field}.kernelTCP`, memory.kernelTCP);
}

function validateCpu(cpu: OciResources['cpu'], field: string): void {
  if (cpu === undefined) return;
  if (!isObject(cpu)) throw invalid(field, 'must be an object');
  // The kernel's own bounds, so the message can say them.
  if (cpu.shares !== undefined) integer(`${field}.shares`, cpu.shares, 2, 262_144);
  if (cpu.quota !== undefined && cpu.quota !== -1)
    integer(`${field}.quota`, cpu.quota, 1000, Number.MAX_SAFE_INTEGER, 'microseconds, at least 1000 (or -1 for no limit)');
  if (cpu.period !== undefined) integer(`${field}.period`, cpu.period, 1000, 1_000_000, 'microseconds, from 1000 to 1000000');
  for (const key of ['cpus', 'mems'] as const) {
    const value = cpu[key];
    if (value === undefined || value === '') continue;
    if (typeof value !== 'string' || !/^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(value)) {
      throw invalid(`${field}.${key}`, `${JSON.stringify(value)} must be a list like "0-2,4"`);
    }
  }
  // Where the hierarchy has no realtime budget (v2), the cgroup manager refuses them.
  if (cpu.realtimePeriod !== undefined) integer(`${field}.realtimePeriod`, cpu.realtimePeriod, 1000, 1_000_000, 'microseconds, from 1000 to 1000000');
  if (cpu.realtimeRuntime !== undefined)
    integer(`${field}.realtimeRuntime`, cpu.realtimeRuntime, -1, 1_000_000, 'microseconds, at most the period (or -1 for no limit)');
  if (cpu.idle !== undefined) integer(`${field}.idle`, cpu.idle, 0, 1, '0 or 1');
}

function validateBlockIO(input: unknown, field: string): void {
  if (input === undefined) return;
  if (!isObject(input)) throw invalid(field, 'must be an object');
  const blockIO = input as OciBlockIO;
  if (blockIO.weight !== undefined) integer(`${field}.weight`, blockIO.weight, 10, 1000);
  if (blockIO.leafWeight !== undefined) throw unsupported(`${field}.leafWeight`, 'leaf weights are not supported');
  if (!Array.isArray(blockIO.weightDevice ?? [])) throw invalid(`${field}.weightDevice`, 'must be an array');
  for (const [index, device] of (blockIO.weightDevice ?? []).entries()) {
    const item = `${field}.weightDevice[${index}]`;
    deviceNumber(item, device);
    if (device.weight === undefined) throw invalid(`${item}.weight`, 'is required');
    integer(`${item}.weight`, device.weight, 10, 1000);
    if (device.leafWeight !== undefined) throw unsupported(`${item}.leafWeight`, 'leaf weights are not supported');
  }
  for (const key of ['throttleReadBpsDevice', 'throttleWriteBpsDevice', 'throttleReadIOPSDevice', 'throttleWriteIOPSDevice'] as const) {
    const list: unknown = blockIO[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw invalid(`${field}.${key}`, 'must be an array');
    for (const [index, device] of (list as Record<string, unknown>[]).entries()) {
      deviceNumber(`${field}.${key}[${index}]`, device);
      integer(`${field}.${key}[${index}].rate`, device['rate'], 0);
    }
  }
}

function validateDevices(devices: unknown, field: string): void {
  if (devices === undefined) return;
  if (!Array.isArray(devices)) throw invalid(field, 'must be an array');
  for (const [index, rule] of devices.entries()) {
    const item = `${field}[${index}]`;
    if (!isObject(rule) || typeof rule['allow'] !== 'boolean') throw invalid(`${item}.allow`, 'must be a boolean');
    if (rule['type'] !== undefined && !['a', 'b', 'c', 'u', 'p'].includes(rule['type'] as string)) {
      throw invalid(`${item}.type`, `${JSON.stringify(rule['type'])} must be one of a, b, c, u, p`);
    }
    for (const key of ['major', 'minor']) if (rule[key] !== undefined && rule[key] !== -1) integer(`${item}.${key}`, rule[key], 0);
    if (rule['access'] !== undefined && (typeof rule['access'] !== 'string' || !/^(?!.*(.).*\1)[rwm]{0,3}$/.test(rule['access']))) {
      throw invalid(`${item}.access`, `${JSON.stringify(rule['access'])} must be some of r, w and m`);
    }
  }
}

function deviceNumber(field: string, device: unknown): void {
  if (!isObject(device)) throw invalid(field, 'must be an object with major and minor');
  integer(`${field}.major`, device['major'], 0);
  integer(`${field}.minor`, device['minor'], 0);
}

/** A byte count, or -1 for "no limit" (the runtime-spec's convention). */
function bytesOrUnlimited(field: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (value === -1) return -1;
  return integer(field, value, 1, Number.MAX_SAFE_INTEGER, 'bytes, a positive whole number (or -1 for no limit)');
}

function integer(field: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER, what?: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(
      field,
      `${JSON.stringify(value)} must be ${what ?? (max === Number.MAX_SAFE_INTEGER ? `a whole number of at least ${min}` : `a whole number from ${min} to ${max}`)}`,
    );
  }
  return value;
}

function nonEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.length > 0;
  return typeof value !== 'object' || Object.keys(value).length > 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(field: string, message: string): RuntimeError {
  return new RuntimeError('INVALID_RESOURCES', `${field}: ${message}`);
}

function unsupported(field: string, message: string): RuntimeError {
  return new RuntimeError('NOT_SUPPORTED', `${field}: ${message}`);
}
