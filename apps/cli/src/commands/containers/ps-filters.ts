import type { ContainerListQuery, ContainerSummary } from '@berth/contracts';
import type { ContainerStatus } from '@berth/runtime/model';
import { CliError } from '../../cli-error.js';
import { filters } from '../../options/key-values.js';

export const PS_FILTER_KEYS = ['status', 'name', 'label', 'ancestor', 'id'] as const;

/** docker's status words, onto Berth's states (Berth has no restarting, removing or dead). */
const STATUS_WORDS: Record<string, ContainerStatus> = {
  created: 'created',
  creating: 'creating',
  running: 'running',
  paused: 'paused',
  exited: 'stopped',
  stopped: 'stopped',
};

export interface PsSelection {
  query: Omit<ContainerListQuery, 'offset' | 'limit'>;
  /** What the API cannot filter on (several names, ids): checked here. */
  keep(container: ContainerSummary): boolean;
}

/**
 * `ps --filter`: status, label and ancestor go to the server; name and id (any of several
 * matches, as in docker) are checked here, since the API takes one name and no ids.
 */
export function psSelection(all: boolean, entries: readonly string[] | undefined): PsSelection {
  const given = filters(entries, PS_FILTER_KEYS);
  const status = given['status']?.map(statusOf);
  if ((given['ancestor']?.length ?? 0) > 1) throw new CliError('INVALID_FILTER', 'give one ancestor filter at a time');
  const names = given['name'] ?? [];
  const ids = given['id'] ?? [];
  return {
    // A status filter looks at stopped containers too, as in docker.
    query: { all: all || status !== undefined, status, label: given['label'], ancestor: given['ancestor']?.[0] },
    keep: (container) =>
      (names.length === 0 || names.some((name) => container.name.includes(name))) && (ids.length === 0 || ids.some((id) => container.id.startsWith(id))),
  };
}

function statusOf(word: string): ContainerStatus {
  const status = STATUS_WORDS[word];
  if (!status) throw new CliError('INVALID_FILTER', `status=${word} is not a state; use one of ${Object.keys(STATUS_WORDS).join(', ')}`);
  return status;
}
