import { API_PREFIX } from '../api-paths.js';
import type { CreateVolumeRequest, PruneVolumesResponse, VolumeDetail, VolumeListQuery, VolumeSummary } from '../volumes.js';
import type { Page } from '../page.js';
import { allPages } from './all-pages.js';
import type { HttpTransport } from './transport.js';

/** /api/v1/volumes. */
export class VolumesClient {
  constructor(private readonly http: HttpTransport) {}

  create(request: CreateVolumeRequest = {}): Promise<VolumeSummary> {
    return this.http.json('POST', path(), { json: request });
  }

  list(query: VolumeListQuery = {}): Promise<Page<VolumeSummary>> {
    return this.http.json('GET', path(), { query: { ...query } });
  }

  /** Every matching volume, however many pages that takes. */
  listAll(query: Omit<VolumeListQuery, 'offset' | 'limit'> = {}): Promise<VolumeSummary[]> {
    return allPages((page) => this.list({ ...query, ...page }));
  }

  inspect(name: string): Promise<VolumeDetail> {
    return this.http.json('GET', path(name));
  }

  /** `force`: a missing volume is no error (one in use is still refused). */
  remove(name: string, options: { force?: boolean } = {}): Promise<void> {
    return this.http.json('DELETE', path(name), { query: { force: options.force } });
  }

  /** Removes every volume no container mounts (with all of `label`, when given). */
  prune(options: { label?: string[] } = {}): Promise<PruneVolumesResponse> {
    return this.http.json('POST', path('prune'), { query: { label: options.label } });
  }
}

function path(name?: string): string {
  return `${API_PREFIX}/volumes${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
}
