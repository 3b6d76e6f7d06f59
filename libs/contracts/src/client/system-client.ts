import { API_PREFIX, HEALTH_PATH, READY_PATH } from '../api-paths.js';
import type { HealthResponse, ReadinessResponse } from '../health.js';
import type { DiskUsage, SystemInfo } from '../system-info.js';
import type { HttpTransport } from './transport.js';

/** /api/v1/system, and the probes at the root. */
export class SystemClient {
  constructor(private readonly http: HttpTransport) {}

  info(): Promise<SystemInfo> {
    return this.http.json('GET', `${API_PREFIX}/system/info`);
  }

  df(): Promise<DiskUsage> {
    return this.http.json('GET', `${API_PREFIX}/system/df`);
  }

  health(): Promise<HealthResponse> {
    return this.http.json('GET', HEALTH_PATH);
  }

  /** Resolves for `not-ready` too (the server answers it with 503): the checks say what is wrong. */
  readiness(): Promise<ReadinessResponse> {
    return this.http.json('GET', READY_PATH, { acceptStatuses: [503] });
  }
}
