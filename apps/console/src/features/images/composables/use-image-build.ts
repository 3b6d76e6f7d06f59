import type { BerthApiError, BuildImageResponse, BuildStepEvent, TarBody } from '@berth/contracts';
import { getCurrentScope, onScopeDispose, ref, shallowRef } from 'vue';
import { berth, isAbort, toBerthApiError } from '../../../api/berth';
import { useImagesStore } from '../stores/images-store';

/** Build output kept on the page; a long build's early lines fall off. */
export const MAX_BUILD_LOG_LINES = 5000;

export interface BuildLogLine {
  key: number;
  text: string;
}

/**
 * A build from an uploaded context tar, with its log live: each line the build printed
 * (the server's log already heads each instruction), and the step under way. When it is
 * done the image list is reloaded.
 */
export function useImageBuild() {
  const images = useImagesStore();
  const log = shallowRef<BuildLogLine[]>([]);
  const step = shallowRef<BuildStepEvent | null>(null);
  const building = ref(false);
  const result = shallowRef<BuildImageResponse | null>(null);
  const error = shallowRef<BerthApiError | null>(null);
  let controller: AbortController | undefined;
  let nextKey = 0;

  async function build(tag: string, context: TarBody, options: { dockerfile?: string } = {}): Promise<BuildImageResponse | undefined> {
    cancel();
    const own = new AbortController();
    controller = own;
    log.value = [];
    step.value = null;
    result.value = null;
    error.value = null;
    building.value = true;
    try {
      const query = { tag: tag.trim(), ...(options.dockerfile?.trim() ? { dockerfile: options.dockerfile.trim() } : {}) };
      for await (const event of berth.images.buildStream(query, context, own.signal)) {
        if (event.event === 'step') step.value = event.data;
        else if (event.event === 'log') append(event.data.line);
        else if (event.event === 'done') {
          result.value = event.data;
        }
      }
      void images.load();
      return result.value ?? undefined;
    } catch (caught) {
      if (!own.signal.aborted && !isAbort(caught)) error.value = toBerthApiError(caught);
      return undefined;
    } finally {
      if (controller === own) building.value = false;
    }
  }

  function append(text: string): void {
    log.value = [...log.value, { key: nextKey++, text: text.replace(/\n$/, '') }].slice(-MAX_BUILD_LOG_LINES);
  }

  function cancel(): void {
    controller?.abort();
    controller = undefined;
    building.value = false;
  }

  if (getCurrentScope()) onScopeDispose(cancel);

  return { log, step, building, result, error, build, cancel };
}
