import type { ContainerSummary } from './containers.js';
import { humanDuration } from './human-time.js';

/** The STATUS column of `ps`, worded as docker words it: "Up 5 minutes", "Exited (3) 2 hours ago". */
export function containerStateText(container: ContainerSummary, now = Date.now()): string {
  const since = (iso: string | null) => humanDuration(Math.max(0, now - (iso ? Date.parse(iso) : now)));
  switch (container.status) {
    case 'running':
      return `Up ${since(container.startedAt)}${healthText(container)}`;
    case 'paused':
      return `Up ${since(container.startedAt)} (Paused)`;
    case 'stopped':
      return container.finishedAt ? `Exited (${container.exitCode ?? 0}) ${since(container.finishedAt)} ago` : `Exited (${container.exitCode ?? 0})`;
    case 'created':
      return 'Created';
    case 'creating':
      return 'Creating';
  }
}

/** Docker's suffix: " (health: starting)", " (healthy)", " (unhealthy)"; nothing without a check. */
function healthText(container: ContainerSummary): string {
  if (!container.health) return '';
  return container.health === 'starting' ? ' (health: starting)' : ` (${container.health})`;
}
