import type { BerthApiError, ImageTransferProgress, PullImageResponse } from '@berth/contracts';
import { computed, getCurrentScope, onScopeDispose, ref, shallowRef } from 'vue';
import { berth, isAbort, toBerthApiError } from '../../../api/berth';
import { useImagesStore } from '../stores/images-store';

/**
 * A pull with its progress per layer (each blob of the image: manifest, config, layers),
 * as the API streams it. When it is done the image list is reloaded.
 */
export function useImagePull() {
  const images = useImagesStore();
  /** By blob digest, in the order the blobs were first reported. */
  const layers = shallowRef<ImageTransferProgress[]>([]);
  const pulling = ref(false);
  const result = shallowRef<PullImageResponse | null>(null);
  const error = shallowRef<BerthApiError | null>(null);
  let controller: AbortController | undefined;

  const totals = computed(() => {
    const bytes = layers.value.reduce((sum, layer) => sum + layer.bytes, 0);
    const total = layers.value.reduce((sum, layer) => sum + layer.total, 0);
    return { bytes, total, done: layers.value.filter((layer) => layer.done).length, count: layers.value.length };
  });

  async function pull(reference: string): Promise<PullImageResponse | undefined> {
    cancel();
    const own = new AbortController();
    controller = own;
    layers.value = [];
    result.value = null;
    error.value = null;
    pulling.value = true;
    try {
      for await (const event of berth.images.pullStream({ reference: reference.trim() }, own.signal)) {
        if (event.event === 'progress') record(event.data);
        else if (event.event === 'done') result.value = event.data;
      }
      void images.load();
      return result.value ?? undefined;
    } catch (caught) {
      if (!own.signal.aborted && !isAbort(caught)) error.value = toBerthApiError(caught);
      return undefined;
    } finally {
      if (controller === own) pulling.value = false;
    }
  }

  function record(progress: ImageTransferProgress): void {
    const index = layers.value.findIndex((layer) => layer.digest === progress.digest);
    layers.value = index === -1 ? [...layers.value, progress] : layers.value.map((layer, at) => (at === index ? progress : layer));
  }

  function cancel(): void {
    controller?.abort();
    controller = undefined;
    pulling.value = false;
  }

  if (getCurrentScope()) onScopeDispose(cancel);

  return { layers, totals, pulling, result, error, pull, cancel };
}
