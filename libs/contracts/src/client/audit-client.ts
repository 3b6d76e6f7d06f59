import type { AuditList, AuditQuery } from '../access.js';
import { API_PREFIX } from '../api-paths.js';
import type { HttpTransport } from './transport.js';

/** /api/v1/audit: who did what in the team (admins only). */
export class AuditClient {
  constructor(private readonly http: HttpTransport) {}

  list(query: AuditQuery = {}): Promise<AuditList> {
    return this.http.json('GET', `${API_PREFIX}/audit`, { query: { ...query } });
  }

  /** Every matching record as JSON lines, oldest first. */
  async export(query: Omit<AuditQuery, 'offset' | 'limit'> = {}): Promise<string> {
    const response = await this.http.send('GET', `${API_PREFIX}/audit/export`, { query: { ...query }, accept: 'application/x-ndjson' });
    return response.text();
  }

  /** The URL of the export, for a download link in a page signed in with the session cookie. */
  exportUrl(query: Omit<AuditQuery, 'offset' | 'limit'> = {}): string {
    const params = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined));
    const text = params.toString();
    return `${this.http.baseUrl}${API_PREFIX}/audit/export${text ? `?${text}` : ''}`;
  }
}
