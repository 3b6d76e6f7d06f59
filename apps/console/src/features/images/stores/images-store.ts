import type { BerthApiError, ImageSummary, LoadImagesResponse, TarBody } from '@berth/contracts';
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { berth, toBerthApiError } from '../../../api/berth';

/**
 * The team's images. Remove is optimistic and rolls back; tag and load answer with the
 * server's result and then reload, since both can change other rows (a tag moves a name).
 */
export const useImagesStore = defineStore('images', () => {
  const items = ref<ImageSummary[]>([]);
  const loading = ref(false);
  const loaded = ref(false);
  const error = shallowRef<BerthApiError | null>(null);
  /** The last failed action per image id. */
  const actionErrors = shallowRef<Record<string, BerthApiError>>({});
  const pending = ref<Record<string, 'remove' | 'tag'>>({});

  /** Every name an image goes by, for the create form's suggestions. */
  const references = computed(() => items.value.flatMap((image) => image.repoTags).sort());

  let latestTicket = 0;

  async function load(): Promise<void> {
    const ticket = ++latestTicket;
    loading.value = true;
    try {
      const list = await berth.images.list();
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

  /** Removes by id (every name of it), resolving false with the problem kept when refused. */
  async function remove(id: string): Promise<boolean> {
    const index = items.value.findIndex((image) => image.id === id);
    const removed = items.value[index];
    items.value = items.value.filter((image) => image.id !== id);
    pending.value = { ...pending.value, [id]: 'remove' };
    actionErrors.value = without(actionErrors.value, id);
    try {
      await berth.images.remove(id);
      return true;
    } catch (caught) {
      if (removed && !items.value.some((image) => image.id === id)) {
        const restored = [...items.value];
        restored.splice(Math.min(index, restored.length), 0, removed);
        items.value = restored;
      }
      actionErrors.value = { ...actionErrors.value, [id]: toBerthApiError(caught) };
      return false;
    } finally {
      pending.value = without(pending.value, id);
    }
  }

  async function tag(id: string, reference: string): Promise<boolean> {
    pending.value = { ...pending.value, [id]: 'tag' };
    actionErrors.value = without(actionErrors.value, id);
    try {
      await berth.images.tag(id, reference);
      await load();
      return true;
    } catch (caught) {
      actionErrors.value = { ...actionErrors.value, [id]: toBerthApiError(caught) };
      return false;
    } finally {
      pending.value = without(pending.value, id);
    }
  }

  /** Loads a `docker save` or OCI archive; failures are thrown for the form that sent it. */
  async function loadArchive(archive: TarBody): Promise<LoadImagesResponse> {
    const result = await berth.images.load(archive);
    void load();
    return result;
  }

  return { items, loading, loaded, error, actionErrors, pending, references, load, remove, tag, loadArchive };
});

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const { [key]: _dropped, ...rest } = record;
  return rest;
}
