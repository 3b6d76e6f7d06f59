import type { CreateNetworkRequest, NetworkDetail, NetworkSummary } from '@berth/contracts';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { berth } from '../../../api/berth';
import { useListResource, without } from '../../../composables/use-list-resource';

/** Bridge networks of the team. Remove is optimistic and rolls back when refused (a network in use). */
export const useNetworksStore = defineStore('networks', () => {
  const list = useListResource<NetworkSummary, 'remove'>((network) => network.name);
  const details = ref<Record<string, NetworkDetail>>({});

  function load(): Promise<void> {
    return list.load(() => berth.networks.listAll());
  }

  /** Failures are thrown for the form that asked. */
  async function create(request: CreateNetworkRequest): Promise<NetworkSummary> {
    const network = await berth.networks.create(request);
    list.upsert(network);
    return network;
  }

  async function inspect(name: string): Promise<void> {
    await list.rowAction(name, async () => {
      details.value = { ...details.value, [name]: await berth.networks.inspect(name) };
    });
  }

  async function remove(name: string): Promise<boolean> {
    const removed = await list.removeOptimistically(name, () => berth.networks.remove(name), 'remove');
    if (removed) details.value = without(details.value, name);
    return removed;
  }

  const { items, loading, loaded, error, rowErrors: actionErrors, pending: removing } = list;
  return { items, loading, loaded, error, details, actionErrors, removing, load, create, inspect, remove };
});
