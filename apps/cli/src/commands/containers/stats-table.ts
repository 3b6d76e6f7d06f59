import type { ContainerStatsReading } from '@berth/contracts';
import { formatBytes } from '@berth/runtime/model';
import { shortId } from '../../output/short-id.js';
import { renderTable } from '../../output/table.js';

export interface StatsTarget {
  id: string;
  name: string;
}

/**
 * `docker stats` columns. A container without a memory limit is measured against the host's
 * memory (cgroup v1 reports "no limit" as a huge number), as docker does.
 */
export function renderStats(targets: readonly StatsTarget[], readings: ReadonlyMap<string, ContainerStatsReading>, hostMemory: number): string {
  const rows = targets.map((target) => {
    const reading = readings.get(target.id);
    if (!reading) return [shortId(target.id), target.name, '--', '-- / --', '--', '--'];
    const limit = reading.memory.limit && reading.memory.limit < hostMemory ? reading.memory.limit : hostMemory;
    return [
      shortId(target.id),
      target.name,
      reading.cpuPercent === undefined ? '--' : `${reading.cpuPercent.toFixed(2)}%`,
      `${formatBytes(reading.memory.usage)} / ${formatBytes(limit)}`,
      limit > 0 ? `${((reading.memory.usage / limit) * 100).toFixed(2)}%` : '--',
      String(reading.pids.current),
    ];
  });
  return renderTable(['CONTAINER ID', 'NAME', 'CPU %', 'MEM USAGE / LIMIT', 'MEM %', 'PIDS'], rows);
}
