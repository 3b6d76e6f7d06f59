import type { Page } from './page.js';

/** Roles in a team, in increasing power: viewer reads; operator runs and changes; admin also manages members, tokens, bind mounts and privileged containers. */
export const ROLE_NAMES = ['viewer', 'operator', 'admin'] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

export function roleAtLeast(role: RoleName, needed: RoleName): boolean {
  return ROLE_NAMES.indexOf(role) >= ROLE_NAMES.indexOf(needed);
}

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,62}$/;
export const TEAM_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,62}$/;

/** Session cookie names and the header that proves a cookie-authenticated change comes from the console. */
export const CSRF_COOKIE_NAME = 'berth_csrf';
export const CSRF_HEADER_NAME = 'X-CSRF-Token';

/**
 * Either a password or an API token of a user (exchanged for a console session). A session
 * opened with a token stays bound to it: the token's team, at most the token's role, and it
 * ends when the token is revoked or expires.
 */
export type LoginRequest = { username: string; password: string } | { token: string };

export interface WhoAmI {
  user: { id: string; username: string } | null;
  team: { id: string; name: string };
  role: RoleName;
  via: 'session' | 'token';
  /** The token the caller uses, or the one its session was opened with. */
  token: { id: string; name: string } | null;
  /** The teams the caller may act in: the user's, for a password session; only the token's team with a token or a session opened with one. */
  teams: TeamMembershipView[];
}

export interface LoginResponse extends WhoAmI {
  /** Echo in the X-CSRF-Token header on every change made with the session cookie. */
  csrfToken: string;
}

export interface TeamMembershipView {
  id: string;
  name: string;
  role: RoleName;
}

export interface TeamMember {
  username: string;
  displayName: string | null;
  role: RoleName;
  since: string;
}

/** Adds an existing user, or creates the user when a password is given and the name is new. */
export interface AddMemberRequest {
  username: string;
  role: RoleName;
  password?: string;
  displayName?: string;
}

export interface ApiTokenView {
  id: string;
  name: string;
  /** The first characters of the secret, to tell tokens apart. */
  prefix: string;
  role: RoleName;
  owner: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface CreateTokenRequest {
  name: string;
  role: RoleName;
  /** Days until it expires; absent for a token that does not expire. */
  expiresInDays?: number;
}

export interface CreatedToken extends ApiTokenView {
  /** The secret, shown this once; only its hash is kept. */
  token: string;
}

export type AuditOutcomeName = 'success' | 'failure' | 'denied';

export interface AuditRecordView {
  id: string;
  at: string;
  actor: string | null;
  userId: string | null;
  tokenId: string | null;
  sessionId: string | null;
  action: string;
  method: string;
  path: string;
  target: string | null;
  status: number;
  outcome: AuditOutcomeName;
  errorCode: string | null;
  ip: string | null;
}

export interface AuditQuery {
  actor?: string;
  /** A route name ("containers.start") or a feature ("containers"). */
  action?: string;
  target?: string;
  outcome?: AuditOutcomeName;
  /** ISO 8601 time. */
  since?: string;
  until?: string;
  offset?: number;
  limit?: number;
}

/** A page of `GET /audit`. */
export type AuditList = Page<AuditRecordView>;
