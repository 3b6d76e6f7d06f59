import { OCI_VERSION } from '../model/oci-spec.js';
import type { ContainerState } from '../state/container-state.js';

/** Output formats of `list` and `ps`, shaped like runc's so scripts written for it keep working. */

/** Left-aligned columns separated by at least three spaces (runc uses a tabwriter). */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return (
    rows
      .map((row) =>
        row
          .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]! + 3)))
          .join('')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

function pidOf(container: ContainerState): number {
  return container.status === 'created' || container.status === 'running' ? (container.init?.pid ?? 0) : 0;
}

export function listTable(containers: ContainerState[]): string {
  const rows = [['ID', 'PID', 'STATUS', 'BUNDLE', 'CREATED', 'OWNER']];
  for (const c of containers) rows.push([c.id, String(pidOf(c)), c.status, c.bundle, c.created, c.owner === 0 ? 'root' : String(c.owner)]);
  return table(rows);
}

/** runc's `list --format json`: an array of container summaries. */
export function listJson(containers: ContainerState[]): string {
  const summaries = containers.map((c) => ({
    ociVersion: OCI_VERSION,
    id: c.id,
    pid: pidOf(c),
    status: c.status,
    bundle: c.bundle,
    rootfs: c.rootfs,
    created: c.created,
    annotations: c.annotations,
    owner: c.owner === 0 ? 'root' : String(c.owner),
  }));
  return `${JSON.stringify(summaries)}\n`;
}

/** Keeps `ps` output lines (after the header) whose PID column is one of the container's. */
export function filterPsOutput(output: string, pids: readonly number[]): string {
  const [header = '', ...lines] = output.split('\n');
  const pidColumn = header.trim().split(/\s+/).indexOf('PID');
  const wanted = new Set(pids);
  const kept = lines.filter((line) => line.trim() !== '' && wanted.has(Number(line.trim().split(/\s+/)[pidColumn])));
  return [header, ...kept].join('\n') + '\n';
}
