import type { RegistryCredentialView, RegistryLoginRequest } from '@berth/contracts';
import { defineStore } from 'pinia';
import { berth } from '../../../api/berth';
import { useListResource } from '../../../composables/use-list-resource';

/**
 * Registry logins the server keeps for pulls and pushes: the user's own and the team's. The
 * password goes to the server once, in the login request; no answer ever carries it back.
 */
export const useRegistriesStore = defineStore('registries', () => {
  const list = useListResource<RegistryCredentialView>((login) => login.id);

  function load(): Promise<void> {
    return list.load(() => berth.registryCredentials.listAll());
  }

  /** The server checks the login with the registry first; its refusal is thrown for the form. */
  async function login(request: RegistryLoginRequest): Promise<RegistryCredentialView> {
    const stored = await berth.registryCredentials.login(request);
    // A second login for the same registry and owner replaces the first.
    list.items.value = [...list.items.value.filter((login) => login.id !== stored.id), stored].sort((a, b) => a.registry.localeCompare(b.registry));
    return stored;
  }

  async function remove(id: string): Promise<void> {
    await list.rowAction(id, async () => {
      await berth.registryCredentials.remove(id);
      list.items.value = list.items.value.filter((login) => login.id !== id);
    });
  }

  const { items, loading, loaded, error, rowErrors } = list;
  return { items, loading, loaded, error, rowErrors, load, login, remove };
});
