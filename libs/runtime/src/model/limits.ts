import { RuntimeError } from './runtime-error.js';

/**
 * Sizes and CPU counts as people write them (`512m`, `1.5g`, `1.5` CPUs), read the same
 * way by the console's form and by the engine. Units are binary, like Docker's:
 * `k` = 1024 bytes.
 */

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  t: 1024 ** 4,
};

const SIZE_PATTERN = /^(\d+(?:\.\d+)?)\s*([bkmgt]?)(?:i?b)?$/i;

/** `512m` → 536870912. Refuses negative, fractional-byte and unit-less garbage input. */
export function parseBytes(text: string): number {
  const match = SIZE_PATTERN.exec(text.trim());
  if (!match) {
    throw new RuntimeError('INVALID_SIZE', `"${text}" is not a size; write a number with an optional unit b, k, m, g or t (for example 512m)`);
  }
  const bytes = Number(match[1]) * UNITS[match[2]!.toLowerCase()]!;
  if (!Number.isSafeInteger(Math.round(bytes))) {
    throw new RuntimeError('INVALID_SIZE', `"${text}" is too large`);
  }
  return Math.round(bytes);
}

/** 536870912 → `512MiB`; exact multiples use the largest unit, others one decimal. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes}B`;
  const names = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = -1;
  while (value >= 1024 && unit < names.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const shown = Number.isInteger(value) ? String(value) : value.toFixed(1);
  return `${shown}${names[unit]}`;
}

/** The CFS period Berth uses, as Docker does: CPUs × period = quota. */
export const CPU_PERIOD_US = 100_000;

/** `1.5` → { quota: 150000, period: 100000 }. At least 0.01 CPU, as the kernel needs 1 ms. */
export function parseCpus(text: string): { quotaUs: number; periodUs: number } {
  const cpus = Number(text.trim());
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !Number.isFinite(cpus) || cpus < 0.01) {
    throw new RuntimeError('INVALID_CPUS', `"${text}" is not a CPU count; write a number of CPUs of at least 0.01 (for example 1.5)`);
  }
  return { quotaUs: Math.round(cpus * CPU_PERIOD_US), periodUs: CPU_PERIOD_US };
}

/** { quota: 150000, period: 100000 } → `1.5`. */
export function formatCpus(quotaUs: number, periodUs: number = CPU_PERIOD_US): string {
  return String(Math.round((quotaUs / periodUs) * 100) / 100);
}
