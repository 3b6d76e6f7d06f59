/** `GET /api/v1/system/info`: what the console's dashboard shows about the host. */
export interface SystemInfo {
  version: string;
  hostname: string;
  kernel: string;
  os: string;
  architecture: string;
  cpus: number;
  memoryBytes: number;
  /** `v1`, `v2` or `hybrid` (v1 controllers with a v2 hierarchy beside them). */
  cgroupVersion: 'v1' | 'v2' | 'hybrid' | 'none';
  database: 'embedded' | 'external';
  stateRoot: string;
}
