/**
 * Paths hidden from (masked) or made read-only in every non-privileged container. Each
 * one exposes host-wide state through the container's own /proc or /sys: kernel memory
 * (/proc/kcore), the host keyring, timer and scheduler internals that leak what other
 * tenants do, firmware tables, power capping, and the knobs of /proc/sys and sysrq that
 * would change the host. A privileged container gets neither list, as under Docker.
 */
export const DEFAULT_MASKED_PATHS: readonly string[] = [
  '/proc/acpi',
  '/proc/asound',
  '/proc/interrupts',
  '/proc/kcore',
  '/proc/keys',
  '/proc/latency_stats',
  '/proc/sched_debug',
  '/proc/scsi',
  '/proc/timer_list',
  '/proc/timer_stats',
  '/sys/firmware',
  '/sys/devices/virtual/powercap',
];

export const DEFAULT_READONLY_PATHS: readonly string[] = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

/** The two lists for a container, as fresh arrays ready to put in `linux`. */
export function defaultPaths(options: { privileged?: boolean } = {}): { maskedPaths: string[]; readonlyPaths: string[] } {
  if (options.privileged) return { maskedPaths: [], readonlyPaths: [] };
  return { maskedPaths: [...DEFAULT_MASKED_PATHS], readonlyPaths: [...DEFAULT_READONLY_PATHS] };
}
