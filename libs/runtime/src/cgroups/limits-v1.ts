import type { OciResources } from '../model/oci-spec.js';
import { RuntimeError } from '../model/runtime-error.js';
import type { CgroupWrite } from './cgroup-write.js';
import { v1DeviceWrites } from './devices-v1.js';

/**
 * linux.resources → cgroup v1 file writes, in the order they must happen. Pure: the manager
 * applies them (and knows which files this kernel has). Devices are separate (devices-v1.ts)
 * because they are only written at create, never by an update.
 */
export function v1Limits(resources: OciResources): CgroupWrite[] {
  const writes: CgroupWrite[] = [];
  const add = (controller: string, file: string, value: string | number, field: string) => writes.push({ controller, file, value: String(value), field });

  const { memory, cpu, pids, blockIO } = resources;
  if (memory) {
    // -1 is v1's own "no limit". The limit goes before memsw: the kernel keeps memsw >= limit
    // and the manager swaps the two when that order fails (lowering both at once).
    if (memory.limit !== undefined) add('memory', 'memory.limit_in_bytes', memory.limit, 'memory.limit');
    if (memory.swap !== undefined) add('memory', 'memory.memsw.limit_in_bytes', memory.swap, 'memory.swap');
    if (memory.reservation !== undefined) add('memory', 'memory.soft_limit_in_bytes', memory.reservation, 'memory.reservation');
    if (memory.swappiness !== undefined) add('memory', 'memory.swappiness', memory.swappiness, 'memory.swappiness');
    if (memory.disableOOMKiller !== undefined) add('memory', 'memory.oom_control', memory.disableOOMKiller ? 1 : 0, 'memory.disableOOMKiller');
    if (memory.kernelTCP !== undefined) add('memory', 'memory.kmem.tcp.limit_in_bytes', memory.kernelTCP, 'memory.kernelTCP');
  }
  if (cpu) {
    if (cpu.shares !== undefined) add('cpu', 'cpu.shares', cpu.shares, 'cpu.shares');
    // Period first: a quota is checked against the period in force when it is written.
    if (cpu.period !== undefined) add('cpu', 'cpu.cfs_period_us', cpu.period, 'cpu.period');
    if (cpu.quota !== undefined) add('cpu', 'cpu.cfs_quota_us', cpu.quota, 'cpu.quota');
    // The same order for the realtime pair: the runtime is checked against the period in force.
    if (cpu.realtimePeriod !== undefined) add('cpu', 'cpu.rt_period_us', cpu.realtimePeriod, 'cpu.realtimePeriod');
    if (cpu.realtimeRuntime !== undefined) add('cpu', 'cpu.rt_runtime_us', cpu.realtimeRuntime, 'cpu.realtimeRuntime');
    if (cpu.idle !== undefined) add('cpu', 'cpu.idle', cpu.idle, 'cpu.idle');
    if (cpu.mems) add('cpuset', 'cpuset.mems', cpu.mems, 'cpu.mems');
    if (cpu.cpus) add('cpuset', 'cpuset.cpus', cpu.cpus, 'cpu.cpus');
  }
  if (pids) add('pids', 'pids.max', pids.limit > 0 ? pids.limit : 'max', 'pids.limit');
  if (blockIO) {
    if (blockIO.weight !== undefined) add('blkio', 'blkio.weight', blockIO.weight, 'blockIO.weight');
    for (const [index, device] of (blockIO.weightDevice ?? []).entries()) {
      add('blkio', 'blkio.weight_device', `${device.major}:${device.minor} ${device.weight}`, `blockIO.weightDevice[${index}]`);
    }
    const throttles = [
      ['throttleReadBpsDevice', 'blkio.throttle.read_bps_device'],
      ['throttleWriteBpsDevice', 'blkio.throttle.write_bps_device'],
      ['throttleReadIOPSDevice', 'blkio.throttle.read_iops_device'],
      ['throttleWriteIOPSDevice', 'blkio.throttle.write_iops_device'],
    ] as const;
    for (const [key, file] of throttles) {
      // A rate of 0 removes the device's throttle, in the spec and in v1 alike.
      for (const [index, device] of (blockIO[key] ?? []).entries())
        add('blkio', file, `${device.major}:${device.minor} ${device.rate}`, `blockIO.${key}[${index}]`);
    }
  }
  if (resources.unified && Object.keys(resources.unified).length > 0) {
    throw new RuntimeError('NOT_SUPPORTED', 'linux.resources.unified: cgroup v2 settings cannot be applied on this cgroup v1 host');
  }
  return writes;
}

/** Everything create writes on v1: limits, then the device policy. */
export function v1CreateWrites(resources: OciResources): CgroupWrite[] {
  return [...v1Limits(resources), ...v1DeviceWrites(resources.devices)];
}
