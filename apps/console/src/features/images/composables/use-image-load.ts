import type { BerthApiError, LoadImagesResponse, TarBody } from '@berth/contracts';
import { ref, shallowRef } from 'vue';
import { toBerthApiError } from '../../../api/berth';
import { useImagesStore } from '../stores/images-store';

/** Uploading a `docker save` or OCI archive: whether it is under way, what it loaded, or why not. */
export function useImageLoad() {
  const images = useImagesStore();
  const loading = ref(false);
  const result = shallowRef<LoadImagesResponse | null>(null);
  const error = shallowRef<BerthApiError | null>(null);

  async function load(archive: TarBody): Promise<void> {
    loading.value = true;
    error.value = null;
    result.value = null;
    try {
      result.value = await images.loadArchive(archive);
    } catch (caught) {
      error.value = toBerthApiError(caught);
    } finally {
      loading.value = false;
    }
  }

  return { loading, result, error, load };
}
