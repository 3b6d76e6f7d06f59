import type { AddMemberRequest, BerthApiError, RoleName, TeamMember } from '@berth/contracts';
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { berth, toBerthApiError } from '../../../api/berth';

/** Members of the team the session acts in. A role change is optimistic and rolls back when refused (the last admin). */
export const useMembersStore = defineStore('members', () => {
  const items = ref<TeamMember[]>([]);
  const loading = ref(false);
  const loaded = ref(false);
  const error = shallowRef<BerthApiError | null>(null);
  const rowErrors = shallowRef<Record<string, BerthApiError>>({});

  async function load(): Promise<void> {
    loading.value = true;
    try {
      items.value = await berth.teams.members();
      error.value = null;
    } catch (caught) {
      error.value = toBerthApiError(caught);
    } finally {
      loading.value = false;
      loaded.value = true;
    }
  }

  /** Failures are thrown for the form that asked (its fields show them). */
  async function add(request: AddMemberRequest): Promise<void> {
    const member = await berth.teams.addMember(request);
    items.value = [...items.value, member];
  }

  async function changeRole(username: string, role: RoleName): Promise<void> {
    const before = items.value;
    items.value = items.value.map((member) => (member.username === username ? { ...member, role } : member));
    try {
      await berth.teams.changeRole(username, role);
      rowErrors.value = without(rowErrors.value, username);
    } catch (caught) {
      items.value = before;
      rowErrors.value = { ...rowErrors.value, [username]: toBerthApiError(caught) };
    }
  }

  async function remove(username: string): Promise<void> {
    const before = items.value;
    items.value = items.value.filter((member) => member.username !== username);
    try {
      await berth.teams.removeMember(username);
    } catch (caught) {
      items.value = before;
      rowErrors.value = { ...rowErrors.value, [username]: toBerthApiError(caught) };
    }
  }

  return { items, loading, loaded, error, rowErrors, load, add, changeRole, remove };
});

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const { [key]: _gone, ...rest } = record;
  return rest;
}
