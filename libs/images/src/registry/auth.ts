import { ImageError } from '../image-error.js';

/** A user name and password (or a personal access token in the password). */
export interface RegistryCredentials {
  username: string;
  password: string;
}

/** One challenge from a `WWW-Authenticate` header: `Bearer realm="…",service="…",scope="…"`. */
export interface AuthChallenge {
  /** Lowercased, since RFC 9110 makes the scheme case-insensitive. */
  scheme: string;
  /** Parameter names lowercased for the same reason; values as sent. */
  params: Record<string, string>;
}

/**
 * Parses a `WWW-Authenticate` value into its challenges (RFC 9110 §11.6.1). A header may carry
 * several (`Bearer realm=…, Basic realm=…`), and quoted values may hold commas (`scope` often
 * does: `repository:a:pull,push`), so splitting on commas is not enough.
 */
export function parseWwwAuthenticate(header: string): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  let position = 0;
  const skip = (pattern: RegExp) => {
    while (position < header.length && pattern.test(header[position]!)) position++;
  };
  const token = () => {
    const match = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/.exec(header.slice(position));
    if (!match) return undefined;
    position += match[0].length;
    return match[0];
  };
  const quoted = () => {
    let value = '';
    position++; // opening quote
    while (position < header.length && header[position] !== '"') {
      // A backslash quotes the next character (quoted-pair).
      if (header[position] === '\\' && position + 1 < header.length) position++;
      value += header[position];
      position++;
    }
    position++; // closing quote
    return value;
  };
  while (position < header.length) {
    skip(/[\s,]/);
    const scheme = token();
    if (!scheme) break;
    const challenge: AuthChallenge = { scheme: scheme.toLowerCase(), params: {} };
    challenges.push(challenge);
    for (;;) {
      skip(/[\s,]/);
      const start = position;
      const name = token();
      skip(/\s/);
      if (!name || header[position] !== '=') {
        // Not `name=`: the next challenge's scheme starts here.
        position = start;
        break;
      }
      position++;
      skip(/\s/);
      const value = header[position] === '"' ? quoted() : (token() ?? '');
      challenge.params[name.toLowerCase()] = value;
    }
  }
  return challenges;
}

interface CachedToken {
  header: string;
  expiresAt: number;
}

/** Fetches a URL with headers; the client passes its own so tests and retries apply uniformly. */
export type TokenFetch = (url: URL, headers: Record<string, string>) => Promise<Response>;

/**
 * What the client sends in `Authorization` for a registry, learned from its challenges: nothing
 * until the registry asks; then Basic with the credentials, or a bearer token fetched from the
 * realm the registry named, cached per scope (`repository:app:pull` differs from `…:pull,push`).
 */
export class RegistryAuth {
  private basic = false;
  private readonly tokens = new Map<string, CachedToken>();
  // Concurrent blob transfers hit the same 401 together; one token request serves them all.
  private readonly pending = new Map<string, Promise<void>>();

  constructor(
    private readonly registry: string,
    private readonly credentials: RegistryCredentials | undefined,
    private readonly fetchToken: TokenFetch,
  ) {}

  /** The `Authorization` value for a request in this scope, if anything is known yet. */
  header(scope: string): string | undefined {
    const cached = this.tokens.get(scope);
    if (cached && cached.expiresAt > Date.now()) return cached.header;
    if (cached) this.tokens.delete(scope);
    if (this.basic && this.credentials) return basicHeader(this.credentials);
    return undefined;
  }

  /**
   * Answers a 401 to a request that carried `sent`: learns how to authenticate for `scope`, or
   * throws when it cannot. Concurrent requests fail together before anything is known, so a
   * request refused without the current credential just retries with it.
   */
  async challenged(wwwAuthenticate: string | null, scope: string, registryMessage: string, sent: string | undefined): Promise<void> {
    const current = this.header(scope);
    if (current && current !== sent) return;
    const challenges = parseWwwAuthenticate(wwwAuthenticate ?? '');
    const bearer = challenges.find((challenge) => challenge.scheme === 'bearer');
    if (bearer) {
      const inFlight = this.pending.get(scope);
      if (inFlight) return inFlight;
      const request = this.requestToken(bearer, scope).finally(() => this.pending.delete(scope));
      this.pending.set(scope, request);
      return request;
    }
    if (challenges.some((challenge) => challenge.scheme === 'basic')) {
      if (!this.credentials) throw authFailed(this.registry, `it requires a user name and password${registryMessage}`);
      if (sent) throw authFailed(this.registry, `it refused the credentials for ${this.credentials.username}${registryMessage}`);
      this.basic = true;
      return;
    }
    throw authFailed(this.registry, `it answered 401 with no challenge Berth understands (${wwwAuthenticate ?? 'none'})${registryMessage}`);
  }

  private async requestToken(challenge: AuthChallenge, scope: string): Promise<void> {
    const realm = challenge.params['realm'];
    if (!realm) throw authFailed(this.registry, 'its Bearer challenge names no realm');
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw authFailed(this.registry, `its token realm "${realm}" is not a URL`);
    }
    if (challenge.params['service']) url.searchParams.set('service', challenge.params['service']);
    // The challenge's scope is what the registry wants for this request; ours covers the
    // operation as a whole (pull,push), so ask for both when they differ.
    const scopes = new Set([scope, challenge.params['scope']].filter((value): value is string => !!value));
    for (const value of scopes) url.searchParams.append('scope', value);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.credentials) headers['Authorization'] = basicHeader(this.credentials);
    const response = await this.fetchToken(url, headers);
    if (response.status === 401 || response.status === 403) {
      throw authFailed(
        this.registry,
        `its token service ${url.origin} refused ${this.credentials ? this.credentials.username : 'anonymous access'}: ${await response.text().catch(() => '')}`.trim(),
      );
    }
    if (!response.ok) {
      throw new ImageError('REGISTRY_ERROR', `token service ${url.origin} for ${this.registry} answered ${response.status}`);
    }
    const body = (await response.json().catch(() => ({}))) as { token?: string; access_token?: string; expires_in?: number };
    const token = body.token ?? body.access_token;
    if (!token) throw new ImageError('REGISTRY_ERROR', `token service ${url.origin} for ${this.registry} answered without a token`);
    // The token spec's default lifetime is 60 s; renew a little early so a request is never sent with a stale one.
    const lifetime = Math.max((body.expires_in ?? 60) - 10, 5) * 1000;
    this.tokens.set(scope, { header: `Bearer ${token}`, expiresAt: Date.now() + lifetime });
  }
}

function basicHeader(credentials: RegistryCredentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

export function authFailed(registry: string, why: string): ImageError {
  return new ImageError('REGISTRY_AUTH_FAILED', `registry ${registry} refused access: ${why}`);
}
