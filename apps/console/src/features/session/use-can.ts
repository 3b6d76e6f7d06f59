import type { RoleName } from '@berth/contracts';
import { useSessionStore } from './stores/session-store';

/**
 * What the signed-in role allows, so a page offers only what the API would accept:
 * `v-if="can('operator')"` around a Create button. The API checks again on every call.
 */
export function useCan(): { can(role: RoleName): boolean } {
  const session = useSessionStore();
  return { can: (role) => session.can(role) };
}
