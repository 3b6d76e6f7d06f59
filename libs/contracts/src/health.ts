/** `GET /healthz`: the process is up. Answers even when the database is not. */
export interface HealthResponse {
  status: 'ok';
  version: string;
  uptimeSeconds: number;
}

export interface ReadinessCheck {
  name: 'database' | 'migrations';
  ok: boolean;
  detail?: string;
}

/** `GET /readyz`: 200 with `ready` when every check passes, 503 with `not-ready` otherwise. */
export interface ReadinessResponse {
  status: 'ready' | 'not-ready';
  checks: ReadinessCheck[];
}
