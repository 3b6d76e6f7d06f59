import type { LoginRequest, LoginResponse, WhoAmI } from '../access.js';
import { API_PREFIX } from '../api-paths.js';
import type { HttpTransport } from './transport.js';

/** /api/v1/auth: console sessions and who is calling. */
export class AuthClient {
  constructor(private readonly http: HttpTransport) {}

  /** Sets the session cookies (in a browser); the answer carries the CSRF token too. */
  login(request: LoginRequest): Promise<LoginResponse> {
    return this.http.json('POST', `${API_PREFIX}/auth/login`, { json: request });
  }

  logout(): Promise<void> {
    return this.http.json('POST', `${API_PREFIX}/auth/logout`);
  }

  me(): Promise<WhoAmI> {
    return this.http.json('GET', `${API_PREFIX}/auth/me`);
  }

  /** The session acts in another of your teams from now on. */
  switchTeam(team: string): Promise<WhoAmI> {
    return this.http.json('PUT', `${API_PREFIX}/auth/team`, { json: { team } });
  }

  changePassword(newPassword: string, currentPassword?: string): Promise<void> {
    return this.http.json('PUT', `${API_PREFIX}/auth/password`, { json: { newPassword, currentPassword } });
  }
}
