import { SetMetadata } from '@nestjs/common';

export type Role = 'viewer' | 'operator' | 'admin';

/** Roles in increasing power: each can do everything the one before it can. */
export const ROLES: readonly Role[] = ['viewer', 'operator', 'admin'];

export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** The weaker of two roles: a token never gives more than its owner has in the team. */
export function weakerRole(a: Role, b: Role): Role {
  return roleAtLeast(a, b) ? b : a;
}

/**
 * Who may call a route. Every handler carries exactly one rule (on itself or its controller):
 * the access guard refuses a route without one, and the role × route test lists the routes
 * that lack it, so a new endpoint cannot ship open by accident.
 */
export type AccessRule = { kind: 'public' } | { kind: 'role'; role: Role };

export const ACCESS_RULE = 'berth:access-rule';

/** Reachable without authentication (health, readiness, login). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(ACCESS_RULE, { kind: 'public' } satisfies AccessRule);

/** Needs an authenticated caller whose role in the team is at least `role`. */
export const RequiresRole = (role: Role): MethodDecorator & ClassDecorator => SetMetadata(ACCESS_RULE, { kind: 'role', role } satisfies AccessRule);

/** Methods that change something: audited, and CSRF-checked when the session cookie is the credential. */
export function isMutating(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
}
