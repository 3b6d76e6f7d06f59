import { API_PREFIX, READY_PATH, type ReadinessResponse, type SystemInfo } from '@berth/contracts';
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { apiClient, toApiError, type ApiError } from '../../../api/api-client';

export const SYSTEM_INFO_PATH = `${API_PREFIX}/system/info`;

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
  const error = shallowRef<ApiError | null>(null);
  const loadedAt = ref<Date | null>(null);

  const ready = computed(() => readiness.value?.status === 'ready');

  // Each load takes a ticket; only the newest may write, so a slow earlier answer
  // cannot overwrite a fresher one when Refresh is pressed twice.
  let latestTicket = 0;

  async function load(): Promise<void> {
    const ticket = ++latestTicket;
    loading.value = true;

    const [readinessResult, infoResult] = await Promise.allSettled([
      // 503 is how /readyz says "not ready"; its body is the answer we want to show.
      apiClient.get<ReadinessResponse>(READY_PATH, { acceptStatuses: [503] }),
      apiClient.get<SystemInfo>(SYSTEM_INFO_PATH),
    ]);
    if (ticket !== latestTicket) return;

    // A failed part is cleared rather than kept: stale "ready" next to an error would lie.
    readiness.value = readinessResult.status === 'fulfilled' ? readinessResult.value : null;
    info.value = infoResult.status === 'fulfilled' ? infoResult.value : null;
    const failure = [readinessResult, infoResult].find((result) => result.status === 'rejected');
    error.value = failure ? toApiError(failure.reason) : null;
    loadedAt.value = new Date();
    loading.value = false;
  }

  return { readiness, info, loading, error, loadedAt, ready, load };
});
