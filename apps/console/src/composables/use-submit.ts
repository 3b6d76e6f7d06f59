import type { BerthApiError } from '@berth/contracts';
import { ref, shallowRef } from 'vue';
import { toBerthApiError } from '../api/berth';

/**
 * A form's submission: busy while it is under way (so it is not sent twice), and the API's
 * problem kept rather than thrown, for the form to show beside its fields. The previous
 * problem is cleared when the form is sent again.
 */
export function useSubmit() {
  const busy = ref(false);
  const error = shallowRef<BerthApiError | null>(null);

  /** Resolves whether `action` succeeded. */
  async function submit(action: () => Promise<unknown>): Promise<boolean> {
    busy.value = true;
    error.value = null;
    try {
      await action();
      return true;
    } catch (caught) {
      error.value = toBerthApiError(caught);
      return false;
    } finally {
      busy.value = false;
    }
  }

  return { busy, error, submit };
}
