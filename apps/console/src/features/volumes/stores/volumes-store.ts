import type { BerthApiError, CreateVolumeRequest, VolumeDetail, VolumeSummary } from '@berth/contracts';
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { berth, toBerthApiError } from '../../../api/berth';

/** Named volumes of the team. Remove is optimistic and rolls back when refused (a volume in use). */
export const useVolumesStore = defineStore('volumes', () => {
  const items = ref<VolumeSummary[]>([]);
  const loading = ref(false);
  const loaded = ref(false);
  const error = shallowRef<BerthApiError | null>(null);
  const details = ref<Record<string, VolumeDetail>>({});
  const actionErrors = shallowRef<Record<string, BerthApiError>>({});
  const removing = ref<Record<string, true>>({});

  let latestTicket = 0;

  async function load(): Promise<void> {
    const ticket = ++latestTicket;
    loading.value = true;
    try {
      const list = await berth.volumes.list();
      if (ticket !== latestTicket) return;
      items.value = list;
      error.value = null;
    } catch (caught) {
      if (ticket === latestTicket) error.value = toBerthApiError(caught);
    } finally {
      if (ticket === latestTicket) {
        loading.value = false;
        loaded.value = true;
      }
    }
  }

  /** Failures are thrown for the form that asked. */
  async function create(request: CreateVolumeRequest): Promise<VolumeSummary> {
    const volume = await berth.volumes.create(request);
    items.value = [...items.value.filter((item) => item.name !== volume.name), volume];
    return volume;
  }

  async function inspect(name: string): Promise<void> {
    try {
      details.value = { ...details.value, [name]: await berth.volumes.inspect(name) };
      actionErrors.value = without(actionErrors.value, name);
    } catch (caught) {
      actionErrors.value = { ...actionErrors.value, [name]: toBerthApiError(caught) };
    }
  }

  async function remove(name: string): Promise<boolean> {
    const index = items.value.findIndex((item) => item.name === name);
    const removed = items.value[index];
    items.value = items.value.filter((item) => item.name !== name);
    removing.value = { ...removing.value, [name]: true };
    actionErrors.value = without(actionErrors.value, name);
    try {
      await berth.volumes.remove(name);
      details.value = without(details.value, name);
      return true;
    } catch (caught) {
      if (removed && !items.value.some((item) => item.name === name)) {
        const restored = [...items.value];
        restored.splice(Math.min(index, restored.length), 0, removed);
        items.value = restored;
      }
      actionErrors.value = { ...actionErrors.value, [name]: toBerthApiError(caught) };
      return false;
    } finally {
      removing.value = without(removing.value, name);
    }
  }

  return { items, loading, loaded, error, details, actionErrors, removing, load, create, inspect, remove };
});

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const { [key]: _dropped, ...rest } = record;
  return rest;
}
