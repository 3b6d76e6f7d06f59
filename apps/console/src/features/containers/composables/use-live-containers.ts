import { onBeforeUnmount, onMounted } from 'vue';
import { useEventsStore } from '../../events/stores/events-store';
import { useContainersStore } from '../stores/containers-store';

/**
 * Keeps the containers store current while the calling page is shown: listens to the
 * event stream, which reloads the list and any open detail. `onReady` runs on entry
 * (loading what the page shows).
 */
export function useLiveContainers(onReady: () => void) {
  const containers = useContainersStore();
  const events = useEventsStore();
  let unsubscribe: (() => void) | undefined;

  onMounted(() => {
    onReady();
    unsubscribe = events.subscribe((event) => containers.applyEvent(event));
  });
  onBeforeUnmount(() => unsubscribe?.());

  return { containers, events };
}
