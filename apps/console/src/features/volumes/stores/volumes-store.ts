import type { CreateVolumeRequest, VolumeDetail, VolumeSummary } from '@berth/contracts';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { berth } from '../../../api/berth';
import { useListResource, without } from '../../../composables/use-list-resource';

/** Named volumes of the team. Remove is optimistic and rolls back when refused (a volume in use). */
export const useVolumesStore = defineStore('volumes', () => {
  const list = useListResource<VolumeSummary, 'remove'>((volume) => volume.name);
  const details = ref<Record<string, VolumeDetail>>({});

  function load(): Promise<void> {
    return list.load(() => berth.volumes.listAll());
  }

  /** Failures are thrown for the form that asked. */
  async function create(request: CreateVolumeRequest): Promise<VolumeSummary> {
    const volume = await berth.volumes.create(request);
    list.upsert(volume);
    return volume;
  }

  async function inspect(name: string): Promise<void> {
    await list.rowAction(name, async () => {
      details.value = { ...details.value, [name]: await berth.volumes.inspect(name) };
    });
  }

  async function remove(name: string): Promise<boolean> {
    const removed = await list.removeOptimistically(name, () => berth.volumes.remove(name), 'remove');
    if (removed) details.value = without(details.value, name);
    return removed;
  }

  const { items, loading, loaded, error, rowErrors: actionErrors, pending: removing } = list;
  return { items, loading, loaded, error, details, actionErrors, removing, load, create, inspect, remove };
});
