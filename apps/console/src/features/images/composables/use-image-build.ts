import type { BuildEvent, BuildImageResponse, BuildStepEvent, TarBody } from '@berth/contracts';
import { shallowRef } from 'vue';
import { berth } from '../../../api/berth';
import { useImageStream } from './use-image-stream';

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
  const stream = useImageStream<BuildEvent>();
  const log = shallowRef<BuildLogLine[]>([]);
  const step = shallowRef<BuildStepEvent | null>(null);
  let nextKey = 0;

  function build(tag: string, context: TarBody, options: { dockerfile?: string } = {}): Promise<BuildImageResponse | undefined> {
    log.value = [];
    step.value = null;
    const query = { tag: tag.trim(), ...(options.dockerfile?.trim() ? { dockerfile: options.dockerfile.trim() } : {}) };
    return stream.run(
      (signal) => berth.images.buildStream(query, context, signal),
      (event) => {
        if (event.event === 'step') step.value = event.data;
        else if (event.event === 'log') append(event.data.line);
      },
    );
  }

  function append(text: string): void {
    log.value = [...log.value, { key: nextKey++, text: text.replace(/\n$/, '') }].slice(-MAX_BUILD_LOG_LINES);
  }

  const { running: building, result, error, cancel } = stream;
  return { log, step, building, result, error, build, cancel };
}
