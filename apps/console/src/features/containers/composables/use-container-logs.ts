import type { BerthApiError, LogRecord } from '@berth/contracts';
import { getCurrentScope, onScopeDispose, ref, shallowRef } from 'vue';
import { berth, isAbort, toBerthApiError } from '../../../api/berth';

/** Lines kept on the page; a chatty container would otherwise grow it without bound. */
export const MAX_LOG_LINES = 2000;
/** How much of the past to show when following begins. */
export const LOG_TAIL = 500;

export interface LogLine {
  /** Unique within the page, for v-for keys. */
  key: number;
  stream: LogRecord['stream'];
  text: string;
}

/**
 * A container's output, followed live over SSE: the last {@link LOG_TAIL} lines, then new
 * ones as they are written, until the container stops (`ended`) or the caller leaves.
 * `follow` again picks up after a restart.
 */
export function useContainerLogs(containerId: () => string) {
  const lines = shallowRef<LogLine[]>([]);
  const following = ref(false);
  const ended = ref(false);
  const error = shallowRef<BerthApiError | null>(null);
  let controller: AbortController | undefined;
  let nextKey = 0;

  async function follow(): Promise<void> {
    stop();
    const own = new AbortController();
    controller = own;
    lines.value = [];
    following.value = true;
    ended.value = false;
    error.value = null;
    try {
      for await (const record of berth.containers.followLogs(containerId(), { tail: LOG_TAIL }, own.signal)) {
        append(record);
      }
      if (controller === own) ended.value = true;
    } catch (caught) {
      if (own.signal.aborted || isAbort(caught)) return;
      error.value = toBerthApiError(caught);
    } finally {
      if (controller === own) following.value = false;
    }
  }

  function append(record: LogRecord): void {
    // A record is what one write() produced: it may hold several lines, or end without a newline.
    const texts = record.log.replace(/\n$/, '').split('\n');
    const added = texts.map((text) => ({ key: nextKey++, stream: record.stream, text }));
    lines.value = [...lines.value, ...added].slice(-MAX_LOG_LINES);
  }

  function stop(): void {
    controller?.abort();
    controller = undefined;
    following.value = false;
  }

  // Leaving the page ends the stream; outside a component (specs) the caller closes it.
  if (getCurrentScope()) onScopeDispose(stop);

  return { lines, following, ended, error, follow, stop };
}
