import { AuditClient } from './audit-client.js';
import { AuthClient } from './auth-client.js';
import { BenchmarksClient } from './benchmarks-client.js';
import { ContainersClient } from './containers-client.js';
import { EventsClient } from './events-client.js';
import { ImagesClient } from './images-client.js';
import { NetworksClient } from './networks-client.js';
import { RegistryCredentialsClient } from './registry-credentials-client.js';
import { SystemClient } from './system-client.js';
import { TeamsClient } from './teams-client.js';
import { TokensClient } from './tokens-client.js';
import { HttpTransport, type BerthClientOptions } from './transport.js';
import { VolumesClient } from './volumes-client.js';

/**
 * The typed client of Berth's REST API, shared by the CLI and the console. It needs only
 * `fetch`, so it runs in Node and in browsers alike. Every failure is a BerthApiError.
 *
 * ```ts
 * const berth = new BerthClient({ baseUrl: 'http://127.0.0.1:8080', token });
 * const { id } = await berth.containers.create({ image: 'busybox', cmd: ['echo', 'hi'] });
 * ```
 */
export class BerthClient {
  readonly containers: ContainersClient;
  readonly images: ImagesClient;
  readonly volumes: VolumesClient;
  readonly networks: NetworksClient;
  readonly events: EventsClient;
  readonly system: SystemClient;
  readonly auth: AuthClient;
  readonly teams: TeamsClient;
  readonly tokens: TokensClient;
  readonly audit: AuditClient;
  readonly benchmarks: BenchmarksClient;
  readonly registryCredentials: RegistryCredentialsClient;
  readonly baseUrl: string;

  constructor(options: BerthClientOptions = {}) {
    const http = new HttpTransport(options);
    this.baseUrl = http.baseUrl;
    this.containers = new ContainersClient(http);
    this.images = new ImagesClient(http);
    this.volumes = new VolumesClient(http);
    this.networks = new NetworksClient(http);
    this.events = new EventsClient(http);
    this.system = new SystemClient(http);
    this.auth = new AuthClient(http);
    this.teams = new TeamsClient(http);
    this.tokens = new TokensClient(http);
    this.audit = new AuditClient(http);
    this.benchmarks = new BenchmarksClient(http);
    this.registryCredentials = new RegistryCredentialsClient(http);
  }
}
