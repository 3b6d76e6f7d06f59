import { onBeforeUnmount, onMounted } from 'vue';
import { useEventsStore } from '../../events/stores/events-store';
import { useNetworksStore } from '../../networks/stores/networks-store';
import { useSystemStore } from '../../system/stores/system-store';

/** Counts change in bursts (a create is several events); one refresh after a quiet moment covers them. */
export const DASHBOARD_REFRESH_DELAY_MS = 1000;

/**
 * What the dashboard shows, kept current: host facts and counts load on entry and again
 * after events; recent events arrive live from the shared stream.
 */
export function useLiveDashboard() {
  const system = useSystemStore();
  const networks = useNetworksStore();
  const events = useEventsStore();
  let unsubscribe: (() => void) | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function refresh(): void {
    void system.load();
    void networks.load();
  }

  onMounted(() => {
    refresh();
    unsubscribe = events.subscribe(() => {
      clearTimeout(timer);
      timer = setTimeout(refresh, DASHBOARD_REFRESH_DELAY_MS);
    });
  });
  onBeforeUnmount(() => {
    clearTimeout(timer);
    unsubscribe?.();
  });

  return { system, networks, events, refresh };
}
