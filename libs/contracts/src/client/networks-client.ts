import { API_PREFIX } from '../api-paths.js';
import type {
  ConnectNetworkRequest,
  CreateNetworkRequest,
  DisconnectNetworkRequest,
  NetworkDetail,
  NetworkSummary,
  PruneNetworksResponse,
} from '../networks.js';
import type { Page, PageQuery } from '../page.js';
import { allPages } from './all-pages.js';
import type { HttpTransport } from './transport.js';

/** /api/v1/networks. */
export class NetworksClient {
  constructor(private readonly http: HttpTransport) {}

  create(request: CreateNetworkRequest): Promise<NetworkDetail> {
    return this.http.json('POST', path(), { json: request });
  }

  list(query: PageQuery = {}): Promise<Page<NetworkSummary>> {
    return this.http.json('GET', path(), { query: { ...query } });
  }

  /** Every network of the team, however many pages that takes. */
  listAll(): Promise<NetworkSummary[]> {
    return allPages((page) => this.list(page));
  }

  inspect(idOrName: string): Promise<NetworkDetail> {
    return this.http.json('GET', path(idOrName));
  }

  /** Refused (409 NETWORK_IN_USE) while a container is on it. */
  remove(idOrName: string): Promise<void> {
    return this.http.json('DELETE', path(idOrName));
  }

  /** Removes every network of the team no container is on; `bridge`, the default, stays, as in Docker. */
  prune(options: { label?: string[] } = {}): Promise<PruneNetworksResponse> {
    return this.http.json('POST', `${path()}/prune`, { query: { label: options.label } });
  }

  /** Joins a container to the network; a running one gets its interface at once. */
  connect(idOrName: string, request: ConnectNetworkRequest): Promise<NetworkDetail> {
    return this.http.json('POST', `${path(idOrName)}/connect`, { json: request });
  }

  disconnect(idOrName: string, request: DisconnectNetworkRequest): Promise<NetworkDetail> {
    return this.http.json('POST', `${path(idOrName)}/disconnect`, { json: request });
  }
}

function path(idOrName?: string): string {
  return `${API_PREFIX}/networks${idOrName === undefined ? '' : `/${encodeURIComponent(idOrName)}`}`;
}
