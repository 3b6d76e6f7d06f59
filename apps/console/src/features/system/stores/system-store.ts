import type { BerthApiError, ReadinessResponse, SystemInfo } from '@berth/contracts';
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { berth, toBerthApiError } from '../../../api/berth';

/**
 * What the API says about itself and its host. Readiness and host facts are loaded
 * together because every page that shows one wants the other, and one refresh should
 * give one consistent picture.
 */
export const useSystemStore = defineStore('system', () => {
  const readiness = ref<ReadinessResponse | null>(null);
  const info = ref<SystemInfo | null>(null);
  const loading = ref(false);
  // shallowRef: an Error instance gains nothing from a deep reactive proxy.
  const error = shallowRef<BerthApiError | null>(null);
  const loadedAt = ref<Date | null>(null);

  const ready = computed(() => readiness.value?.status === 'ready');

  // Each load takes a ticket; only the newest may write, so a slow earlier answer
  // cannot overwrite a fresher one when Refresh is pressed twice.
  let latestTicket = 0;

  async function load(): Promise<void> {
    const ticket = ++latestTicket;
    loading.value = true;

    // The client resolves a 503 not-ready answer: its checks are what the dashboard shows.
    const [readinessResult, infoResult] = await Promise.allSettled([berth.system.readiness(), berth.system.info()]);
    if (ticket !== latestTicket) return;

    // A failed part is cleared rather than kept: stale "ready" next to an error would lie.
    readiness.value = readinessResult.status === 'fulfilled' ? readinessResult.value : null;
    info.value = infoResult.status === 'fulfilled' ? infoResult.value : null;
    const failure = [readinessResult, infoResult].find((result) => result.status === 'rejected');
    error.value = failure ? toBerthApiError(failure.reason) : null;
    loadedAt.value = new Date();
    loading.value = false;
  }

  return { readiness, info, loading, error, loadedAt, ready, load };
});
