import { SetMetadata } from '@nestjs/common';
import type { Role } from './principal.js';

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
