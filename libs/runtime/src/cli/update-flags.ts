import { parseBytes, parseCpus } from '../model/limits.js';
import type { OciResources } from '../model/oci-spec.js';
import { RuntimeError } from '../model/runtime-error.js';

/** `berth-runtime update` flags, as runc and `docker update` spell them. */
export interface UpdateFlags {
  memory?: string;
  memorySwap?: string;
  memoryReservation?: string;
  cpus?: string;
  cpuShares?: string;
  cpuQuota?: string;
  cpuPeriod?: string;
  cpusetCpus?: string;
  cpusetMems?: string;
  pidsLimit?: string;
  blkioWeight?: string;
}

/**
 * Flags → a resources patch, on top of a `--resources` file's content when given (flags win,
 * as in runc). Sizes take units (`512m`); `-1` means no limit where the kernel has one.
 */
export function resourcesFromFlags(flags: UpdateFlags, base: OciResources = {}): OciResources {
  const resources: OciResources = structuredClone(base);
  const memory = { ...resources.memory };
  if (flags.memory !== undefined) memory.limit = bytesOrUnlimited('--memory', flags.memory);
  if (flags.memorySwap !== undefined) memory.swap = bytesOrUnlimited('--memory-swap', flags.memorySwap);
  if (flags.memoryReservation !== undefined) memory.reservation = bytesOrUnlimited('--memory-reservation', flags.memoryReservation);
  if (Object.keys(memory).length > 0) resources.memory = memory;

  const cpu = { ...resources.cpu };
  if (flags.cpus !== undefined) {
    if (flags.cpuQuota !== undefined || flags.cpuPeriod !== undefined)
      throw new RuntimeError('INVALID_ARGUMENT', '--cpus cannot be combined with --cpu-quota or --cpu-period');
    const { quotaUs, periodUs } = parseCpus(flags.cpus);
    Object.assign(cpu, { quota: quotaUs, period: periodUs });
  }
  if (flags.cpuQuota !== undefined) cpu.quota = integer('--cpu-quota', flags.cpuQuota);
  if (flags.cpuPeriod !== undefined) cpu.period = integer('--cpu-period', flags.cpuPeriod);
  if (flags.cpuShares !== undefined) cpu.shares = integer('--cpu-shares', flags.cpuShares);
  if (flags.cpusetCpus !== undefined) cpu.cpus = flags.cpusetCpus;
  if (flags.cpusetMems !== undefined) cpu.mems = flags.cpusetMems;
  if (Object.keys(cpu).length > 0) resources.cpu = cpu;

  if (flags.pidsLimit !== undefined) resources.pids = { limit: integer('--pids-limit', flags.pidsLimit) };
  if (flags.blkioWeight !== undefined) resources.blockIO = { ...resources.blockIO, weight: integer('--blkio-weight', flags.blkioWeight) };
  return resources;
}

function bytesOrUnlimited(flag: string, text: string): number {
  if (text.trim() === '-1') return -1;
  try {
    return parseBytes(text);
  } catch (error) {
    throw new RuntimeError('INVALID_ARGUMENT', `${flag}: ${(error as Error).message}`, { cause: error });
  }
}

function integer(flag: string, text: string): number {
  if (!/^-?\d+$/.test(text.trim())) throw new RuntimeError('INVALID_ARGUMENT', `${flag} "${text}" must be a whole number`);
  return Number(text);
}
