import type { AddMemberRequest, RoleName, TeamMember } from '@berth/contracts';
import { defineStore } from 'pinia';
import { berth } from '../../../api/berth';
import { useListResource } from '../../../composables/use-list-resource';

/** Members of the team the session acts in. A role change is optimistic and rolls back when refused (the last admin). */
export const useMembersStore = defineStore('members', () => {
  const list = useListResource<TeamMember>((member) => member.username);

  function load(): Promise<void> {
    return list.load(() => berth.teams.allMembers());
  }

  /** Failures are thrown for the form that asked (its fields show them). */
  async function add(request: AddMemberRequest): Promise<void> {
    const member = await berth.teams.addMember(request);
    list.items.value = [...list.items.value, member];
  }

  async function changeRole(username: string, role: RoleName): Promise<void> {
    await list.updateOptimistically(
      username,
      (member) => ({ ...member, role }),
      () => berth.teams.changeRole(username, role),
    );
  }

  async function remove(username: string): Promise<void> {
    await list.removeOptimistically(username, () => berth.teams.removeMember(username));
  }

  const { items, loading, loaded, error, rowErrors } = list;
  return { items, loading, loaded, error, rowErrors, load, add, changeRole, remove };
});
