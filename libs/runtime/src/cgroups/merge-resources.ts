import type { OciResources } from '../model/oci-spec.js';

/**
 * An update's resources over the stored ones, group by group (`memory`, `cpu`, ...), field by
 * field: `docker update --memory 1g` changes the memory limit and keeps the swap limit, the
 * CPU quota and everything else. Pure; devices never change on a live container.
 */
export function mergeResources(stored: OciResources, patch: OciResources): OciResources {
  const merged: OciResources = structuredClone(stored);
  if (patch.memory) merged.memory = { ...stored.memory, ...patch.memory };
  if (patch.cpu) merged.cpu = { ...stored.cpu, ...patch.cpu };
  if (patch.pids) merged.pids = { ...patch.pids };
  if (patch.blockIO) merged.blockIO = { ...stored.blockIO, ...patch.blockIO };
  if (patch.unified) merged.unified = { ...stored.unified, ...patch.unified };
  return merged;
}

/**
 * What to write for an update: the patch, widened where a cgroup file takes values that
 * belong together. Memory limit and swap go as a pair (v1 orders them against each other, v2
 * derives swap.max from both) and quota and period as a pair (v2's one cpu.max holds both).
 */
export function updateWrites(merged: OciResources, patch: OciResources): OciResources {
  const writes: OciResources = structuredClone(patch);
  delete writes.devices;
  if (patch.memory && (patch.memory.limit !== undefined || patch.memory.swap !== undefined)) {
    writes.memory = { ...patch.memory, limit: merged.memory?.limit, swap: merged.memory?.swap };
    if (writes.memory.limit === undefined) delete writes.memory.limit;
    if (writes.memory.swap === undefined) delete writes.memory.swap;
  }
  if (patch.cpu && (patch.cpu.quota !== undefined || patch.cpu.period !== undefined)) {
    writes.cpu = { ...patch.cpu, quota: merged.cpu?.quota ?? -1, period: merged.cpu?.period ?? 100_000 };
  }
  return writes;
}
