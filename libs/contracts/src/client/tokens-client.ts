import type { ApiTokenView, CreatedToken, CreateTokenRequest } from '../access.js';
import { API_PREFIX } from '../api-paths.js';
import type { Page, PageQuery } from '../page.js';
import { allPages } from './all-pages.js';
import type { HttpTransport } from './transport.js';

/** /api/v1/tokens: the team's API tokens (admins only). */
export class TokensClient {
  constructor(private readonly http: HttpTransport) {}

  /** The secret is in `token` of the answer, this once. */
  create(request: CreateTokenRequest): Promise<CreatedToken> {
    return this.http.json('POST', `${API_PREFIX}/tokens`, { json: request });
  }

  /** One page, newest first. */
  list(query: PageQuery = {}): Promise<Page<ApiTokenView>> {
    return this.http.json('GET', `${API_PREFIX}/tokens`, { query: { ...query } });
  }

  listAll(): Promise<ApiTokenView[]> {
    return allPages((page) => this.list(page));
  }

  revoke(id: string): Promise<ApiTokenView> {
    return this.http.json('DELETE', `${API_PREFIX}/tokens/${encodeURIComponent(id)}`);
  }
}
