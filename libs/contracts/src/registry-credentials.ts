/** Whose a stored registry login is: the caller's own, or the whole team's. */
export type RegistryCredentialScope = 'user' | 'team';

/** `POST /registry-credentials` (`berth login`): verified against the registry, then stored. */
export interface RegistryLoginRequest {
  /** `127.0.0.1:5000`, `ghcr.io`, `docker.io` (a URL such as `https://ghcr.io/` is accepted too). */
  registry: string;
  username: string;
  /** A password or access token: encrypted at rest, never returned. */
  password: string;
  /** Default `user`: only you; `team` (team admins): every member's pulls and pushes. */
  scope?: RegistryCredentialScope;
  /** Speak plain HTTP to this registry when verifying (loopback registries always are). */
  insecure?: boolean;
}

/** A stored registry login, as every listing shows it: never the secret. */
export interface RegistryCredentialView {
  id: string;
  registry: string;
  username: string;
  scope: RegistryCredentialScope;
  /** The user's name, or the team's. */
  owner: string;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}
