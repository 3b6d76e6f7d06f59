import type { ImageSummary, LoadImagesResponse, TarBody } from '@berth/contracts';
import { defineStore } from 'pinia';
import { computed } from 'vue';
import { berth } from '../../../api/berth';
import { useListResource } from '../../../composables/use-list-resource';

/**
 * The team's images. Remove is optimistic and rolls back; tag and load answer with the
 * server's result and then reload, since both can change other rows (a tag moves a name).
 */
export const useImagesStore = defineStore('images', () => {
  const list = useListResource<ImageSummary, 'remove' | 'tag'>((image) => image.id);

  /** Every name an image goes by, for the create form's suggestions. */
  const references = computed(() => list.items.value.flatMap((image) => image.repoTags).sort());

  function load(): Promise<void> {
    return list.load(() => berth.images.listAll());
  }

  /** Removes by id (every name of it), resolving false with the problem kept when refused. */
  function remove(id: string): Promise<boolean> {
    return list.removeOptimistically(id, () => berth.images.remove(id), 'remove');
  }

  function tag(id: string, reference: string): Promise<boolean> {
    return list.rowAction(
      id,
      async () => {
        await berth.images.tag(id, reference);
        await load();
      },
      'tag',
    );
  }

  /** Loads a `docker save` or OCI archive; failures are thrown for the form that sent it. */
  async function loadArchive(archive: TarBody): Promise<LoadImagesResponse> {
    const result = await berth.images.load(archive);
    void load();
    return result;
  }

  // actionErrors: the last failed action per image id; pending: the verb under way per id.
  const { items, loading, loaded, error, rowErrors: actionErrors, pending } = list;
  return { items, loading, loaded, error, actionErrors, pending, references, load, remove, tag, loadArchive };
});
