import { API_PREFIX } from '../api-paths.js';
import type { Page, PageQuery } from '../page.js';
import type { RegistryCredentialView, RegistryLoginRequest } from '../registry-credentials.js';
import { allPages } from './all-pages.js';
import type { HttpTransport } from './transport.js';

const PATH = `${API_PREFIX}/registry-credentials`;

/** /api/v1/registry-credentials: stored registry logins (yours and your team's), used by pull and push. */
export class RegistryCredentialsClient {
  constructor(private readonly http: HttpTransport) {}

  /** Verifies the login against the registry and stores it (replacing the same owner's login there). */
  login(request: RegistryLoginRequest): Promise<RegistryCredentialView> {
    return this.http.json('POST', PATH, { json: request });
  }

  list(query: PageQuery = {}): Promise<Page<RegistryCredentialView>> {
    return this.http.json('GET', PATH, { query: { ...query } });
  }

  listAll(): Promise<RegistryCredentialView[]> {
    return allPages((page) => this.list(page));
  }

  /** Logout: the stored login is deleted. */
  remove(id: string): Promise<RegistryCredentialView> {
    return this.http.json('DELETE', `${PATH}/${encodeURIComponent(id)}`);
  }
}
