import { totalmem } from 'node:os';
import { HttpStatus } from '@nestjs/common';
import type { ResourceRequest } from '@berth/contracts';
import { formatBytes, parseBytes, parseCpus, type OciResources } from '@berth/runtime/model';
import { ProblemException } from '../http/problem.js';

const MAX_PIDS = 4_194_304;

/**
 * `--memory 512m --cpus 1.5 --pids-limit 100 …` → linux.resources. Throws 400 INVALID_RESOURCES
 * naming the field; the runtime checks again against what this host's cgroups accept.
 */
export function toOciResources(request: ResourceRequest = {}): OciResources {
  const resources: OciResources = {};
  const memory = bytes(request.memory, 'resources.memory');
  // A limit above what the host has limits nothing: a typo (900t for 900m), not a plan.
  if (memory !== undefined && memory > totalmem())
    throw invalid('resources.memory', `${String(request.memory)} is more than this host's ${formatBytes(totalmem())} of memory`);
  const swap = request.memorySwap === -1 || request.memorySwap === '-1' ? -1 : bytes(request.memorySwap, 'resources.memorySwap');
  if (memory !== undefined || swap !== undefined) {
    if (swap !== undefined && swap !== -1 && (memory === undefined || swap < memory)) {
      throw invalid('resources.memorySwap', 'must be at least resources.memory (it counts memory plus swap), or -1 for unlimited swap');
    }
    resources.memory = { ...(memory !== undefined ? { limit: memory } : {}), ...(swap !== undefined ? { swap } : {}) };
  }
  const cpu: NonNullable<OciResources['cpu']> = {};
  if (request.cpus !== undefined) {
    const { quotaUs, periodUs } = parse(() => parseCpus(String(request.cpus)), 'resources.cpus');
    cpu.quota = quotaUs;
    cpu.period = periodUs;
  }
  if (request.cpuShares !== undefined) cpu.shares = integerIn(request.cpuShares, 2, 262_144, 'resources.cpuShares');
  if (request.cpusetCpus !== undefined) cpu.cpus = cpuList(request.cpusetCpus, 'resources.cpusetCpus');
  if (request.cpusetMems !== undefined) cpu.mems = cpuList(request.cpusetMems, 'resources.cpusetMems');
  if (Object.keys(cpu).length > 0) resources.cpu = cpu;
  if (request.pidsLimit !== undefined)
    resources.pids = { limit: request.pidsLimit === -1 ? -1 : integerIn(request.pidsLimit, 1, MAX_PIDS, 'resources.pidsLimit') };
  if (request.blkioWeight !== undefined) resources.blockIO = { weight: integerIn(request.blkioWeight, 10, 1000, 'resources.blkioWeight') };
  return resources;
}

function bytes(value: string | number | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = typeof value === 'number' ? value : parse(() => parseBytes(value), field);
  if (!Number.isSafeInteger(parsed) || parsed < 4 * 1024 * 1024) {
    throw invalid(field, `${String(value)} is out of range: give at least 4m`);
  }
  return parsed;
}

function integerIn(value: number, min: number, max: number, field: string): number {
  if (!Number.isInteger(value) || value < min || value > max) throw invalid(field, `${value} must be a whole number from ${min} to ${max}`);
  return value;
}

function cpuList(text: string, field: string): string {
  if (!/^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(text)) throw invalid(field, `"${text}" is not a CPU list like 0-2,4`);
  return text;
}

function parse<T>(read: () => T, field: string): T {
  try {
    return read();
  } catch (error) {
    throw invalid(field, (error as Error).message);
  }
}

function invalid(field: string, message: string): ProblemException {
  return new ProblemException(HttpStatus.BAD_REQUEST, 'INVALID_RESOURCES', `${field}: ${message}`, [{ field, message }]);
}
