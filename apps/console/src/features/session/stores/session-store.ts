import { roleAtLeast, type BerthApiError, type LoginRequest, type RoleName, type WhoAmI } from '@berth/contracts';
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { berth, toBerthApiError } from '../../../api/berth';

export type SessionStatus = 'unknown' | 'signed-in' | 'signed-out';

/**
 * Who is signed in, in which team, with which role. The session itself is the httpOnly
 * cookie the API set; this store only knows what `/auth/me` says about it.
 */
export const useSessionStore = defineStore('session', () => {
  const me = ref<WhoAmI | null>(null);
  const status = ref<SessionStatus>('unknown');
  const error = shallowRef<BerthApiError | null>(null);
  const busy = ref(false);

  const role = computed<RoleName | null>(() => me.value?.role ?? null);

  function can(needed: RoleName): boolean {
    return role.value !== null && roleAtLeast(role.value, needed);
  }

  /** Asks the API who we are; a 401 means signed out, anything else is an error to show. */
  async function load(): Promise<void> {
    try {
      me.value = await berth.auth.me();
      status.value = 'signed-in';
      error.value = null;
    } catch (caught) {
      const failure = toBerthApiError(caught);
      me.value = null;
      status.value = failure.status === 401 ? 'signed-out' : 'unknown';
      error.value = failure.status === 401 ? null : failure;
    }
  }

  async function login(request: LoginRequest): Promise<boolean> {
    busy.value = true;
    try {
      const { csrfToken: _csrf, ...who } = await berth.auth.login(request);
      me.value = who;
      status.value = 'signed-in';
      error.value = null;
      return true;
    } catch (caught) {
      error.value = toBerthApiError(caught);
      return false;
    } finally {
      busy.value = false;
    }
  }

  async function logout(): Promise<void> {
    try {
      await berth.auth.logout();
    } finally {
      // Whatever the API said, this page is no longer signed in (the cookie may be gone already).
      me.value = null;
      status.value = 'signed-out';
    }
  }

  async function switchTeam(team: string): Promise<void> {
    try {
      me.value = await berth.auth.switchTeam(team);
      error.value = null;
    } catch (caught) {
      error.value = toBerthApiError(caught);
    }
  }

  /** Failures are thrown for the form that asked; the API signs the user's other sessions out. */
  async function changePassword(newPassword: string, currentPassword?: string): Promise<void> {
    await berth.auth.changePassword(newPassword, currentPassword);
  }

  return { me, status, error, busy, role, can, load, login, logout, switchTeam, changePassword };
});
