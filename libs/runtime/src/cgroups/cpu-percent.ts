/**
 * CPU use between two readings as a percentage of one CPU (200 = two CPUs busy), from the
 * cgroup's cumulative usage and the wall clock. Undefined when no time passed or the
 * counter went backwards (the cgroup was recreated), rather than a misleading number.
 */
export function cpuPercent(previous: { usageNs: number; atNs: bigint }, current: { usageNs: number; atNs: bigint }): number | undefined {
  const wallNs = Number(current.atNs - previous.atNs);
  const usedNs = current.usageNs - previous.usageNs;
  if (wallNs <= 0 || usedNs < 0) return undefined;
  return Math.round((usedNs / wallNs) * 100 * 100) / 100;
}
