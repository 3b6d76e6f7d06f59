import type { RoleName, WhoAmI } from '@berth/contracts';
import { useSessionStore } from '../features/session/stores/session-store';

/** Puts the real session store in the state `/auth/me` would leave it in for `role`. Call with a Pinia active. */
export function signInAs(role: RoleName): void {
  const me: WhoAmI = {
    user: { id: 'u1', username: 'ada' },
    team: { id: 't1', name: 'default' },
    role,
    via: 'session',
    token: null,
    teams: [{ id: 't1', name: 'default', role }],
  };
  const session = useSessionStore();
  session.me = me;
  session.status = 'signed-in';
}
