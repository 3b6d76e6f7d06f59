import type { RoleName } from '@berth/contracts';
import type { Router } from 'vue-router';
import { useSessionStore } from './stores/session-store';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable signed out (the login page). */
    public?: boolean;
    /** The least role the page is for (a create form); others are sent to the dashboard. */
    requires?: RoleName;
  }
}

/**
 * Sends a signed-out visitor to the login page (and back where they were going after it),
 * and a role to no page made for a higher one.
 */
export function installSessionGuard(router: Router): void {
  router.beforeEach(async (to) => {
    if (to.meta.public) return true;
    const session = useSessionStore();
    if (session.status === 'unknown') await session.load();
    if (session.status === 'signed-in') return !to.meta.requires || session.can(to.meta.requires) ? true : { name: 'dashboard' };
    return { name: 'login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} };
  });
}
