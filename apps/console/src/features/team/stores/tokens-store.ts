import type { ApiTokenView, CreatedToken, CreateTokenRequest } from '@berth/contracts';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { berth } from '../../../api/berth';
import { useListResource } from '../../../composables/use-list-resource';

/** The team's API tokens. The secret of a new one is kept only until the page is left: the API never shows it again. */
export const useTokensStore = defineStore('tokens', () => {
  const list = useListResource<ApiTokenView>((token) => token.id);
  const created = ref<CreatedToken | null>(null);

  function load(): Promise<void> {
    return list.load(() => berth.tokens.listAll());
  }

  /** Failures are thrown for the form that asked. */
  async function create(request: CreateTokenRequest): Promise<CreatedToken> {
    const token = await berth.tokens.create(request);
    const { token: _secret, ...view } = token;
    list.items.value = [view, ...list.items.value];
    created.value = token;
    return token;
  }

  async function revoke(id: string): Promise<void> {
    await list.rowAction(id, async () => {
      const revoked = await berth.tokens.revoke(id);
      list.items.value = list.items.value.map((token) => (token.id === id ? revoked : token));
    });
  }

  function forgetSecret(): void {
    created.value = null;
  }

  const { items, loading, loaded, error, rowErrors } = list;
  return { items, loading, loaded, error, created, rowErrors, load, create, revoke, forgetSecret };
});
