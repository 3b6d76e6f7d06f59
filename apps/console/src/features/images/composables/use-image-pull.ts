import type { ImageTransferProgress, PullImageResponse, TransferEvent } from '@berth/contracts';
import { computed, shallowRef } from 'vue';
import { berth } from '../../../api/berth';
import { useImageStream } from './use-image-stream';

/**
 * A pull with its progress per layer (each blob of the image: manifest, config, layers),
 * as the API streams it. When it is done the image list is reloaded.
 */
export function useImagePull() {
  const stream = useImageStream<TransferEvent<PullImageResponse>>();
  /** By blob digest, in the order the blobs were first reported. */
  const layers = shallowRef<ImageTransferProgress[]>([]);

  const totals = computed(() => {
    const bytes = layers.value.reduce((sum, layer) => sum + layer.bytes, 0);
    const total = layers.value.reduce((sum, layer) => sum + layer.total, 0);
    return { bytes, total, done: layers.value.filter((layer) => layer.done).length, count: layers.value.length };
  });

  function pull(reference: string): Promise<PullImageResponse | undefined> {
    layers.value = [];
    return stream.run(
      (signal) => berth.images.pullStream({ reference: reference.trim() }, signal),
      (event) => {
        if (event.event === 'progress') record(event.data);
      },
    );
  }

  function record(progress: ImageTransferProgress): void {
    const index = layers.value.findIndex((layer) => layer.digest === progress.digest);
    layers.value = index === -1 ? [...layers.value, progress] : layers.value.map((layer, at) => (at === index ? progress : layer));
  }

  const { running: pulling, result, error, cancel } = stream;
  return { layers, totals, pulling, result, error, pull, cancel };
}
