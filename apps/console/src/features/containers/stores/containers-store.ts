import type { BerthApiError, BerthEvent, ContainerDetail, ContainerListQuery, ContainerSummary, CreateContainerRequest } from '@berth/contracts';
import type { ContainerStatus } from '@berth/runtime/model';
import { defineStore } from 'pinia';
import { computed, reactive, ref, shallowRef } from 'vue';
import { berth, toBerthApiError } from '../../../api/berth';
import { useListResource, without } from '../../../composables/use-list-resource';
import { OPTIMISTIC_STATUS, type ContainerVerb } from '../container-verbs';

export type StatusFilter = 'all' | ContainerStatus;

export interface ContainerFilters {
  status: StatusFilter;
  /** Part of the name. */
  name: string;
}

/** Events arrive in bursts (create, start, …); one reload after a short quiet answers them all. */
const EVENT_RELOAD_DELAY_MS = 250;

/**
 * Containers of the caller's team: the filtered list, the details of those opened, and the
 * verbs. Verbs are optimistic (the status changes at once) and roll back on failure; the
 * event stream keeps both list and details current while a page listens.
 */
export const useContainersStore = defineStore('containers', () => {
  const list = useListResource<ContainerSummary, ContainerVerb>((container) => container.id);
  const { items, loading, loaded, error } = list;
  const filters = reactive<ContainerFilters>({ status: 'all', name: '' });

  const details = ref<Record<string, ContainerDetail>>({});
  const detailErrors = shallowRef<Record<string, BerthApiError>>({});
  /** The verb under way per container id, to disable its buttons meanwhile. */
  const pending = list.pending;
  /** The last failed verb per container id, shown next to it until the next try. */
  const actionErrors = list.rowErrors;

  const running = computed(() => items.value.filter((item) => item.status === 'running').length);

  let reloadTimer: ReturnType<typeof setTimeout> | undefined;

  function listQuery(): ContainerListQuery {
    const name = filters.name.trim() || undefined;
    return filters.status === 'all' ? { all: true, name } : { all: true, status: [filters.status], name };
  }

  function load(): Promise<void> {
    return list.load(() => berth.containers.listAll(listQuery()));
  }

  function setFilters(next: Partial<ContainerFilters>): Promise<void> {
    Object.assign(filters, next);
    return load();
  }

  async function inspect(id: string): Promise<ContainerDetail | undefined> {
    try {
      const detail = await berth.containers.inspect(id);
      // Keyed by what the page asked for (a name works too) and by the id events carry.
      details.value = { ...details.value, [id]: detail };
      replaceWith(detail);
      detailErrors.value = without(detailErrors.value, id);
      return detail;
    } catch (caught) {
      detailErrors.value = { ...detailErrors.value, [id]: toBerthApiError(caught) };
      return undefined;
    }
  }

  /** Creates the container, starts it when asked, and puts it in the list; failures are thrown for the form. */
  async function create(request: CreateContainerRequest, options: { start: boolean }): Promise<ContainerDetail> {
    let detail = await berth.containers.create(request);
    if (options.start) detail = await berth.containers.start(detail.id);
    details.value = { ...details.value, [detail.id]: detail };
    void load();
    return detail;
  }

  /** Runs one verb on one container; resolves false (with the error kept) when it failed. */
  async function act(id: string, verb: ContainerVerb): Promise<boolean> {
    if (verb === 'remove') return list.removeOptimistically(id, () => callVerb(id, verb), verb);
    // Not list.updateOptimistically: an opened container's details change status too.
    const rollback = setStatusOptimistically(id, OPTIMISTIC_STATUS[verb]);
    const ok = await list.rowAction(
      id,
      async () => {
        const answer = await callVerb(id, verb);
        if (answer) replaceWith(answer);
      },
      verb,
    );
    if (!ok) rollback();
    return ok;
  }

  /** The same verb on several containers at once; resolves to the ids it failed for. */
  async function actOnMany(ids: readonly string[], verb: ContainerVerb): Promise<string[]> {
    const results = await Promise.all(ids.map(async (id) => ({ id, ok: await act(id, verb) })));
    return results.filter((result) => !result.ok).map((result) => result.id);
  }

  function callVerb(id: string, verb: ContainerVerb): Promise<ContainerDetail | void> {
    const containers = berth.containers;
    switch (verb) {
      case 'start':
        return containers.start(id);
      case 'stop':
        return containers.stop(id);
      case 'restart':
        return containers.restart(id);
      case 'pause':
        return containers.pause(id);
      case 'unpause':
        return containers.unpause(id);
      case 'kill':
        return containers.kill(id);
      case 'remove':
        return containers.remove(id, { force: true });
    }
  }

  function setStatusOptimistically(id: string, status: ContainerStatus | undefined): () => void {
    const summaryBefore = items.value.find((item) => item.id === id);
    const detailBefore = details.value[id];
    if (status) patchStatus(id, status);
    return () => {
      if (summaryBefore) items.value = items.value.map((item) => (item.id === id ? summaryBefore : item));
      if (detailBefore) details.value = { ...details.value, [id]: detailBefore, [detailBefore.id]: detailBefore };
    };
  }

  function patchStatus(id: string, status: ContainerStatus): void {
    items.value = items.value.map((item) => (item.id === id ? { ...item, status } : item));
    const detail = details.value[id];
    if (detail) details.value = { ...details.value, [id]: { ...detail, status } };
  }

  function replaceWith(detail: ContainerDetail): void {
    items.value = items.value.map((item) => (item.id === detail.id ? summaryOf(detail) : item));
    const keys = Object.keys(details.value).filter((key) => details.value[key]!.id === detail.id);
    details.value = { ...details.value, ...Object.fromEntries([detail.id, ...keys].map((key) => [key, detail])) };
  }

  /** Keeps the list and open details current from the event stream. */
  function applyEvent(event: BerthEvent): void {
    if (event.type !== 'container') return;
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(() => void load(), EVENT_RELOAD_DELAY_MS);
    // exec_start/exec_die change nothing about the container itself.
    if (event.action.startsWith('exec_')) return;
    if (event.action === 'destroy') return;
    if (details.value[event.actorId]) void inspect(event.actorId);
  }

  return {
    items,
    filters,
    loading,
    loaded,
    error,
    details,
    detailErrors,
    pending,
    actionErrors,
    running,
    load,
    setFilters,
    inspect,
    create,
    act,
    actOnMany,
    applyEvent,
  };
});

function summaryOf(detail: ContainerDetail): ContainerSummary {
  const { id, name, image, imageId, command, status, exitCode, createdAt, startedAt, finishedAt, labels, health } = detail;
  return { id, name, image, imageId, command, status, exitCode, createdAt, startedAt, finishedAt, labels, health };
}
