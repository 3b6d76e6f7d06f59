import type { OciResources } from '../model/oci-spec.js';
import { RuntimeError } from '../model/runtime-error.js';
import type { CgroupWrite } from './cgroup-write.js';

/**
 * linux.resources → cgroup v2 file writes. The runtime-spec speaks v1's language (shares,
 * memsw, blkio weights), so several values are converted; the conversions are the ones
 * runc, crun and systemd agree on, so the same spec means the same thing under each.
 */
export function v2Limits(resources: OciResources): CgroupWrite[] {
  const writes: CgroupWrite[] = [];
  const add = (file: string, value: string | number, field: string) =>
    writes.push({ controller: file.slice(0, file.indexOf('.')), file, value: String(value), field });
  const max = (value: number) => (value < 0 ? 'max' : value);

  const { memory, cpu, pids, blockIO } = resources;
  if (memory) {
    if (memory.limit !== undefined) add('memory.max', max(memory.limit), 'memory.limit');
    if (memory.swap !== undefined) add('memory.swap.max', v2SwapMax(memory.swap, memory.limit), 'memory.swap');
    if (memory.reservation !== undefined) add('memory.low', max(memory.reservation), 'memory.reservation');
    if (memory.swappiness !== undefined) throw unsupported('memory.swappiness', 'cgroup v2 has no per-cgroup swappiness');
    if (memory.disableOOMKiller) throw unsupported('memory.disableOOMKiller', 'cgroup v2 cannot disable the OOM killer for a cgroup');
    // As runc: v2 has no kernel TCP limit (socket memory is part of memory.max), and a spec that
    // still sets one runs, with a warning rather than a refusal.
    if (memory.kernelTCP !== undefined) {
      process.emitWarning('linux.resources.memory.kernelTCP is ignored on cgroup v2, as runc does: socket memory counts against memory.limit', {
        type: 'BerthWarning',
        code: 'KERNEL_TCP_IGNORED',
      });
    }
  }
  if (cpu) {
    if (cpu.shares !== undefined) add('cpu.weight', sharesToWeight(cpu.shares), 'cpu.shares');
    if (cpu.quota !== undefined) add('cpu.max', cpu.period === undefined ? `${max(cpu.quota)}` : `${max(cpu.quota)} ${cpu.period}`, 'cpu.quota');
    else if (cpu.period !== undefined) {
      // cpu.max takes "quota [period]": a period alone would need the quota in force, which a
      // pure mapping does not know, and writing "max" would silently drop it.
      throw new RuntimeError('INVALID_RESOURCES', 'linux.resources.cpu.period: on cgroup v2 give cpu.quota together with cpu.period');
    }
    if (cpu.mems) add('cpuset.mems', cpu.mems, 'cpu.mems');
    if (cpu.cpus) add('cpuset.cpus', cpu.cpus, 'cpu.cpus');
    if (cpu.idle !== undefined) add('cpu.idle', cpu.idle, 'cpu.idle');
    if (cpu.realtimeRuntime !== undefined || cpu.realtimePeriod !== undefined) {
      throw unsupported(
        cpu.realtimeRuntime !== undefined ? 'cpu.realtimeRuntime' : 'cpu.realtimePeriod',
        'cgroup v2 has no realtime CPU budget (cpu.rt_*); it exists on cgroup v1 only',
      );
    }
  }
  if (pids) add('pids.max', pids.limit > 0 ? pids.limit : 'max', 'pids.limit');
  if (blockIO) {
    if (blockIO.weight !== undefined) add('io.weight', `default ${blkioToIoWeight(blockIO.weight)}`, 'blockIO.weight');
    for (const [index, device] of (blockIO.weightDevice ?? []).entries()) {
      add('io.weight', `${device.major}:${device.minor} ${blkioToIoWeight(device.weight!)}`, `blockIO.weightDevice[${index}]`);
    }
    const throttles = [
      ['throttleReadBpsDevice', 'rbps'],
      ['throttleWriteBpsDevice', 'wbps'],
      ['throttleReadIOPSDevice', 'riops'],
      ['throttleWriteIOPSDevice', 'wiops'],
    ] as const;
    for (const [key, name] of throttles) {
      for (const [index, device] of (blockIO[key] ?? []).entries()) {
        add('io.max', `${device.major}:${device.minor} ${name}=${device.rate === 0 ? 'max' : device.rate}`, `blockIO.${key}[${index}]`);
      }
    }
  }
  // Written last and as given: the escape hatch for v2 settings the spec has no field for.
  for (const [file, value] of Object.entries(resources.unified ?? {})) add(file, value, `unified.${file}`);
  return writes;
}

/** cpu.shares (2..262144, default 1024) onto cpu.weight (1..10000, default 100). */
export function sharesToWeight(shares: number): number {
  return Math.floor(1 + ((shares - 2) * 9999) / 262142);
}

/** blkio.weight (10..1000) onto io.weight (1..10000). */
export function blkioToIoWeight(weight: number): number {
  return Math.floor(1 + ((weight - 10) * 9999) / 990);
}

/** The spec's swap is memory+swap (v1 memsw); v2's memory.swap.max counts swap alone. */
function v2SwapMax(swap: number, limit: number | undefined): string | number {
  if (swap < 0) return 'max';
  if (limit === undefined || limit < 0)
    throw new RuntimeError('INVALID_RESOURCES', 'linux.resources.memory.swap: on cgroup v2 a swap limit needs memory.limit in the same request');
  return swap - limit;
}

function unsupported(field: string, message: string): RuntimeError {
  return new RuntimeError('NOT_SUPPORTED', `linux.resources.${field}: ${message}`);
}
