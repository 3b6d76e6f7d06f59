import type { BerthApiError } from '@berth/contracts';
import { getCurrentScope, onScopeDispose, ref, shallowRef } from 'vue';
import { isAbort, toBerthApiError } from '../../../api/berth';
import { useImagesStore } from '../stores/images-store';

/** What the image streams (pull, build) send: progress events, then `done` with the result. */
export interface ImageStreamEvent {
  event: string;
  data: unknown;
}

/** The result a stream's `done` event carries. */
type DoneData<E extends ImageStreamEvent> = Extract<E, { event: 'done' }>['data'];

/**
 * One streamed image operation at a time, the part pull and build share: starting another
 * cancels the first, leaving the page cancels it, a cancel is not shown as a failure, the
 * `done` event's data is the result, and the image list is reloaded afterwards.
 */
export function useImageStream<E extends ImageStreamEvent>() {
  const images = useImagesStore();
  const running = ref(false);
  const result = shallowRef<DoneData<E> | null>(null);
  const error = shallowRef<BerthApiError | null>(null);
  let controller: AbortController | undefined;

  /** Reads the stream `open` starts, handing every event but `done` to `onEvent`. */
  async function run(open: (signal: AbortSignal) => AsyncIterable<E>, onEvent: (event: E) => void): Promise<DoneData<E> | undefined> {
    cancel();
    const own = new AbortController();
    controller = own;
    result.value = null;
    error.value = null;
    running.value = true;
    try {
      for await (const event of open(own.signal)) {
        if (event.event === 'done') result.value = event.data as DoneData<E>;
        else onEvent(event);
      }
      void images.load();
      return result.value ?? undefined;
    } catch (caught) {
      if (!own.signal.aborted && !isAbort(caught)) error.value = toBerthApiError(caught);
      return undefined;
    } finally {
      // A newer run owns `running` now; this one only ended because that one cancelled it.
      if (controller === own) running.value = false;
    }
  }

  function cancel(): void {
    controller?.abort();
    controller = undefined;
    running.value = false;
  }

  if (getCurrentScope()) onScopeDispose(cancel);

  return { running, result, error, run, cancel };
}
