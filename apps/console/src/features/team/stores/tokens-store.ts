import type { ApiTokenView, BerthApiError, CreatedToken, CreateTokenRequest } from '@berth/contracts';
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { berth, toBerthApiError } from '../../../api/berth';

/** The team's API tokens. The secret of a new one is kept only until the page is left: the API never shows it again. */
export const useTokensStore = defineStore('tokens', () => {
  const items = ref<ApiTokenView[]>([]);
  const loading = ref(false);
  const loaded = ref(false);
  const error = shallowRef<BerthApiError | null>(null);
  const created = ref<CreatedToken | null>(null);
  const rowErrors = shallowRef<Record<string, BerthApiError>>({});

  async function load(): Promise<void> {
    loading.value = true;
    try {
      items.value = await berth.tokens.list();
      error.value = null;
    } catch (caught) {
      error.value = toBerthApiError(caught);
    } finally {
      loading.value = false;
      loaded.value = true;
    }
  }

  /** Failures are thrown for the form that asked. */
  async function create(request: CreateTokenRequest): Promise<CreatedToken> {
    const token = await berth.tokens.create(request);
    const { token: _secret, ...view } = token;
    items.value = [view, ...items.value];
    created.value = token;
    return token;
  }

  async function revoke(id: string): Promise<void> {
    try {
      const revoked = await berth.tokens.revoke(id);
      items.value = items.value.map((token) => (token.id === id ? revoked : token));
    } catch (caught) {
      rowErrors.value = { ...rowErrors.value, [id]: toBerthApiError(caught) };
    }
  }

  function forgetSecret(): void {
    created.value = null;
  }

  return { items, loading, loaded, error, created, rowErrors, load, create, revoke, forgetSecret };
});
