import type { BerthApiError } from '@berth/contracts';
import { computed, type Ref } from 'vue';

/**
 * The per-field messages of a validation problem (`errors: [{field, message}]`, fields as
 * the API names them: `image`, `resources.memory`, `ports.0.hostPort`), so a form can show
 * each next to its input.
 */
export function useFieldErrors(error: Ref<BerthApiError | null>) {
  const byField = computed(() => {
    const messages = new Map<string, string[]>();
    for (const { field, message } of error.value?.problem?.errors ?? []) {
      messages.set(field, [...(messages.get(field) ?? []), message]);
    }
    return messages;
  });

  /** Messages for `field` and anything nested in it (`ports.0` takes `ports.0.hostPort` too). */
  function errorFor(field: string): string | undefined {
    const found: string[] = [];
    for (const [name, messages] of byField.value) {
      if (name === field || name.startsWith(`${field}.`)) found.push(...messages);
    }
    return found.length > 0 ? found.join('; ') : undefined;
  }

  return { errorFor, hasFieldErrors: computed(() => byField.value.size > 0) };
}
