import type { BerthApiError, BerthEvent } from '@berth/contracts';
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { berth, isAbort, toBerthApiError } from '../../../api/berth';

/** How many events the dashboard keeps; older ones fall off the end. */
export const RECENT_EVENTS_KEPT = 50;
/** Reconnect delays grow to this and stay there while the API is away. */
const MAX_RETRY_DELAY_MS = 10_000;
const FIRST_RETRY_DELAY_MS = 500;

export type EventListener = (event: BerthEvent) => void;

/**
 * The API's event stream, shared: one connection however many pages listen. It loads the
 * recent past once, then follows live events, resuming after the last id it saw when the
 * connection drops, so nothing is missed or repeated. Pages call `subscribe` and the
 * returned function when they leave; the connection closes with the last subscriber.
 */
export const useEventsStore = defineStore('events', () => {
  const recent = ref<BerthEvent[]>([]);
  const connected = ref(false);
  const loading = ref(false);
  const error = shallowRef<BerthApiError | null>(null);

  const listeners = new Set<EventListener>();
  let controller: AbortController | null = null;
  let lastEventId: string | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const newestFirst = computed(() => [...recent.value].reverse());

  function subscribe(listener?: EventListener): () => void {
    const token: EventListener = listener ?? (() => undefined);
    listeners.add(token);
    if (!controller) void connect(FIRST_RETRY_DELAY_MS);
    return () => {
      listeners.delete(token);
      if (listeners.size === 0) disconnect();
    };
  }

  function receive(event: BerthEvent): void {
    lastEventId = event.id;
    recent.value = [...recent.value, event].slice(-RECENT_EVENTS_KEPT);
    for (const listener of listeners) listener(event);
  }

  async function connect(retryDelayMs: number): Promise<void> {
    const own = new AbortController();
    controller = own;
    try {
      if (lastEventId === undefined) {
        loading.value = true;
        const past = await berth.events.query({ limit: RECENT_EVENTS_KEPT });
        recent.value = past;
        // Resume after the newest one seen; with none yet, after id 0, so whatever happens
        // between this query and the stream opening is replayed rather than lost.
        lastEventId = past.at(-1)?.id ?? '0';
        loading.value = false;
      }
      const stream = berth.events.stream({}, { lastEventId, signal: own.signal });
      connected.value = true;
      error.value = null;
      for await (const event of stream) {
        retryDelayMs = FIRST_RETRY_DELAY_MS;
        receive(event);
      }
    } catch (caught) {
      if (own.signal.aborted || isAbort(caught)) return;
      error.value = toBerthApiError(caught);
    } finally {
      loading.value = false;
      if (controller === own) connected.value = false;
    }
    // The stream ended or failed while someone still listens: come back, more slowly each time.
    if (controller === own && listeners.size > 0) {
      retryTimer = setTimeout(() => void connect(Math.min(retryDelayMs * 2, MAX_RETRY_DELAY_MS)), retryDelayMs);
    }
  }

  function disconnect(): void {
    clearTimeout(retryTimer);
    controller?.abort();
    controller = null;
    connected.value = false;
  }

  return { recent, newestFirst, connected, loading, error, subscribe };
});
