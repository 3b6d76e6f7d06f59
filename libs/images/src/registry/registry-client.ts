import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDigest, type Digest } from '../reference/digest.js';
import { DEFAULT_REGISTRY } from '../reference/image-reference.js';
import { RegistryAuth, authFailed, type RegistryCredentials } from './auth.js';
import { ImageError, type ImageErrorCode } from '../image-error.js';

/** Media types of the manifests Berth reads: OCI and Docker v2 schema 2, single-image and multi-platform. */
export const MANIFEST_MEDIA_TYPES = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
} as const;

export const INDEX_MEDIA_TYPES: readonly string[] = [MANIFEST_MEDIA_TYPES.ociIndex, MANIFEST_MEDIA_TYPES.dockerManifestList];
export const IMAGE_MANIFEST_MEDIA_TYPES: readonly string[] = [MANIFEST_MEDIA_TYPES.ociManifest, MANIFEST_MEDIA_TYPES.dockerManifest];

// Manifests are small JSON documents; a registry sending megabytes is broken or hostile
// (containerd draws the line at 4 MiB too).
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
// Statuses that say "try again later" rather than "no".
const TRANSIENT_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);

export interface RegistryClientOptions {
  credentials?: RegistryCredentials;
  /** Hosts (`name` or `name:port`) spoken to over plain HTTP; loopback always is. */
  insecure?: string[];
  /** `pull`, or `pull,push` for a client that will upload: bearer tokens are scoped to it. */
  actions?: 'pull' | 'pull,push';
  /** How many times a transient failure (connection error, 5xx, 429) is retried; default 3. */
  retries?: number;
  /** The first backoff; it doubles with each retry. Default 250 ms. */
  retryDelayMs?: number;
  /** Bound on requests that carry no blob (ping, manifests, HEAD, tokens); default 30 s. */
  timeoutMs?: number;
  /**
   * Opens every connection of this client — the registry, its redirects, its token realm, its
   * upload locations — so the caller can check where each one goes (the API's host-access
   * policy does). Default: fetch's own.
   */
  dispatcher?: RegistryDispatcher;
}

/** What fetch accepts as `dispatcher` (undici's). */
export type RegistryDispatcher = NonNullable<RequestInit['dispatcher']>;

export interface FetchedManifest {
  bytes: Buffer;
  mediaType: string;
  /** The digest of `bytes`, checked against what the registry and the reference claim. */
  digest: Digest;
}

interface SendOptions {
  headers?: Record<string, string>;
  /** A factory, because a request that is retried (after a 401 or a 503) needs a fresh body. */
  body?: () => Buffer | Readable;
  /** Blob transfers run as long as they need; everything else is bounded. */
  unbounded?: boolean;
}

export function sha256Digest(bytes: Buffer | string): Digest {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/**
 * A client for one registry host speaking the OCI distribution protocol (`/v2/…`). Plain HTTP
 * only for loopback and hosts named insecure, so credentials never cross a network in clear
 * by accident. Authentication is learned from the registry's 401 challenges (see RegistryAuth).
 */
export class RegistryClient {
  readonly baseUrl: URL;
  private readonly auth: RegistryAuth;
  private readonly retries: number;
  private readonly retryDelayMs: number;
  private readonly timeoutMs: number;
  private readonly actions: string;
  private readonly dispatcher: RegistryDispatcher | undefined;

  constructor(
    readonly registry: string,
    options: RegistryClientOptions = {},
  ) {
    // Docker Hub's references say docker.io, but its API lives elsewhere.
    const host = registry === DEFAULT_REGISTRY ? 'registry-1.docker.io' : registry;
    const hostname = host.replace(/:\d+$/, '');
    const plain = ['localhost', '127.0.0.1', '[::1]'].includes(hostname) || (options.insecure ?? []).some((entry) => entry === host || entry === hostname);
    this.baseUrl = new URL(`${plain ? 'http' : 'https'}://${host}/v2/`);
    this.retries = options.retries ?? 3;
    this.retryDelayMs = options.retryDelayMs ?? 250;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.actions = options.actions ?? 'pull';
    this.dispatcher = options.dispatcher;
    this.auth = new RegistryAuth(registry, options.credentials, (url, headers) => this.fetchWithRetry('GET', url, { headers }));
  }

  /** `GET /v2/`: is this a registry, and may we talk to it (credentials are checked here too). */
  async ping(): Promise<void> {
    const response = await this.send('GET', this.baseUrl, '');
    if (!response.ok) throw await failure(this.registry, response, 'the API version check');
    await response.body?.cancel();
  }

  /**
   * Fetches a manifest by tag or digest, accepting every kind Berth reads, and verifies it:
   * its bytes must hash to the digest the registry names in Docker-Content-Digest and to the
   * digest asked for, if any.
   */
  async getManifest(repository: string, reference: string): Promise<FetchedManifest> {
    const accept = [...IMAGE_MANIFEST_MEDIA_TYPES, ...INDEX_MEDIA_TYPES].join(', ');
    const response = await this.send('GET', this.url(repository, 'manifests', reference), this.scope(repository), { headers: { Accept: accept } });
    if (!response.ok) throw await failure(this.registry, response, `manifest ${repository}:${reference}`, 'MANIFEST_NOT_FOUND');
    const bytes = await readLimited(response, MAX_MANIFEST_BYTES, `manifest ${repository}:${reference}`);
    const digest = sha256Digest(bytes);
    const claimed = response.headers.get('docker-content-digest');
    // Only sha256 can be checked; a registry naming another algorithm is still held to the reference.
    if (claimed?.startsWith('sha256:') && claimed !== digest) {
      throw new ImageError(
        'DIGEST_MISMATCH',
        `registry ${this.registry} says manifest ${repository}:${reference} is ${claimed}, but its bytes hash to ${digest}; refused`,
      );
    }
    if (isDigest(reference) && reference !== digest) {
      throw new ImageError('DIGEST_MISMATCH', `manifest ${repository}@${reference} from ${this.registry} hashes to ${digest}; refused`);
    }
    const contentType = response.headers.get('content-type')?.split(';')[0]?.trim();
    let declared: string | undefined;
    try {
      declared = (JSON.parse(bytes.toString('utf8')) as { mediaType?: string }).mediaType;
    } catch {
      throw new ImageError('INVALID_IMAGE', `manifest ${repository}:${reference} from ${this.registry} is not JSON`);
    }
    // The body's own mediaType is authoritative when present: some registries send a generic Content-Type.
    return { bytes, mediaType: declared ?? contentType ?? MANIFEST_MEDIA_TYPES.ociManifest, digest };
  }

  /** Stores a manifest under a tag (or its digest); returns the digest the registry computed. */
  async putManifest(repository: string, reference: string, bytes: Buffer, mediaType: string): Promise<Digest> {
    const response = await this.send('PUT', this.url(repository, 'manifests', reference), this.scope(repository), {
      headers: { 'Content-Type': mediaType },
      body: () => bytes,
    });
    if (!response.ok) throw await failure(this.registry, response, `uploading manifest ${repository}:${reference}`);
    await response.body?.cancel();
    const digest = sha256Digest(bytes);
    const answered = response.headers.get('docker-content-digest');
    if (answered && answered !== digest) {
      throw new ImageError('DIGEST_MISMATCH', `registry ${this.registry} stored manifest ${repository}:${reference} as ${answered}, but it is ${digest}`);
    }
    return digest;
  }

  async hasBlob(repository: string, digest: Digest): Promise<boolean> {
    const response = await this.send('HEAD', this.url(repository, 'blobs', digest), this.scope(repository));
    await response.body?.cancel();
    if (response.status === 404) return false;
    if (!response.ok) throw await failure(this.registry, response, `checking blob ${digest} in ${repository}`);
    return true;
  }

  /** The blob's response, redirects (to object storage, typically) followed; the body is the caller's to read. */
  async getBlob(repository: string, digest: Digest): Promise<Response> {
    const response = await this.send('GET', this.url(repository, 'blobs', digest), this.scope(repository), { unbounded: true });
    if (!response.ok) throw await failure(this.registry, response, `blob ${digest} of ${repository}`);
    return response;
  }

  /** A monolithic upload: open a session (POST), then send the whole blob with its digest (PUT). */
  async uploadBlob(repository: string, digest: Digest, size: number, body: () => Readable | Buffer): Promise<void> {
    const scope = this.scope(repository);
    const started = await this.send('POST', new URL(`${repository}/blobs/uploads/`, this.baseUrl), scope, { headers: { 'Content-Length': '0' } });
    await started.body?.cancel();
    if (started.status !== 202) throw await failure(this.registry, started, `starting the upload of ${digest} to ${repository}`);
    const location = started.headers.get('location');
    if (!location) throw new ImageError('REGISTRY_ERROR', `registry ${this.registry} opened an upload for ${digest} without a Location`);
    // Location may be relative and usually carries its own query (the upload state).
    const target = new URL(location, this.baseUrl);
    target.searchParams.set('digest', digest);
    const finished = await this.send('PUT', target, scope, {
      headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(size) },
      body,
      unbounded: true,
    });
    await finished.body?.cancel();
    if (finished.status !== 201) throw await failure(this.registry, finished, `uploading blob ${digest} to ${repository}`);
    const answered = finished.headers.get('docker-content-digest');
    if (answered && answered !== digest) {
      throw new ImageError('DIGEST_MISMATCH', `registry ${this.registry} stored blob ${digest} as ${answered}`);
    }
  }

  private scope(repository: string): string {
    return `repository:${repository}:${this.actions}`;
  }

  private url(repository: string, kind: 'manifests' | 'blobs', reference: string): URL {
    return new URL(`${repository}/${kind}/${encodeURIComponent(reference).replace(/%3A/gi, ':')}`, this.baseUrl);
  }

  /**
   * One request with authentication: sent with what is known for the scope; on a 401 the
   * challenge is answered (credentials or a token) and the request sent once more. A second
   * 401 is returned for the caller to report.
   */
  private async send(method: string, url: URL, scope: string, options: SendOptions = {}): Promise<Response> {
    const sent = this.auth.header(scope);
    let response = await this.fetchWithRetry(method, url, withAuthorization(options, sent));
    if (response.status !== 401) return response;
    const message = await registryMessage(response);
    await this.auth.challenged(response.headers.get('www-authenticate'), scope, message ? `: ${message}` : '', sent);
    response = await this.fetchWithRetry(method, url, withAuthorization(options, this.auth.header(scope)));
    return response;
  }

  /** Retries connection failures and transient statuses with exponential backoff, a bounded number of times. */
  private async fetchWithRetry(method: string, url: URL, options: SendOptions): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const body = options.body?.();
      const init: RequestInit & { duplex?: 'half' } = {
        method,
        headers: options.headers,
        redirect: 'follow',
        signal: options.unbounded ? undefined : AbortSignal.timeout(this.timeoutMs),
        ...(this.dispatcher ? { dispatcher: this.dispatcher } : {}),
      };
      if (body !== undefined) {
        init.body = Buffer.isBuffer(body) ? body : (Readable.toWeb(body) as ReadableStream<Uint8Array>);
        // Node's fetch insists on this for a streamed body.
        init.duplex = 'half';
      }
      let response: Response;
      try {
        response = await fetch(url, init);
      } catch (error) {
        if (body instanceof Readable) body.destroy();
        if (attempt < this.retries) {
          await sleep(this.retryDelayMs * 2 ** attempt);
          continue;
        }
        throw new ImageError('REGISTRY_UNREACHABLE', `cannot reach registry ${this.registry} at ${url.origin}: ${describeNetworkError(error)}`, {
          cause: error,
        });
      }
      if (TRANSIENT_STATUSES.has(response.status) && attempt < this.retries) {
        await response.body?.cancel();
        // The next attempt opens a fresh body; this one may hold a file open.
        if (body instanceof Readable) body.destroy();
        await sleep(this.retryDelayMs * 2 ** attempt);
        continue;
      }
      return response;
    }
  }
}

function withAuthorization(options: SendOptions, authorization: string | undefined): SendOptions {
  return authorization ? { ...options, headers: { ...options.headers, Authorization: authorization } } : options;
}

/** Reads a response body, refusing more than `limit` bytes (a manifest, a token). */
async function readLimited(response: Response, limit: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  if (!response.body) return Buffer.alloc(0);
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > limit) {
      await response.body.cancel().catch(() => undefined);
      throw new ImageError('INVALID_IMAGE', `${what} is larger than ${limit} bytes; refused`);
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

interface RegistryErrorBody {
  errors?: { code?: string; message?: string; detail?: unknown }[];
}

/** The registry's error codes and messages (`MANIFEST_UNKNOWN: manifest unknown`), or its body text. */
async function registryMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as RegistryErrorBody;
    if (Array.isArray(body.errors) && body.errors.length > 0) {
      return body.errors.map((error) => [error.code, error.message].filter(Boolean).join(': ')).join('; ');
    }
  } catch {
    // Not JSON: a proxy's HTML page, say. Its first line is still better than nothing.
  }
  return text.split('\n')[0]!.slice(0, 200).trim();
}

/** Turns a failed response into the ImageError callers and the API map to a stable code. */
export async function failure(registry: string, response: Response, what: string, notFoundCode?: ImageErrorCode): Promise<ImageError> {
  const message = await registryMessage(response);
  const suffix = message ? `: ${message}` : '';
  if (response.status === 401 || response.status === 403) return authFailed(registry, `${what} answered ${response.status}${suffix}`);
  if (response.status === 404 && notFoundCode) return new ImageError(notFoundCode, `registry ${registry} has no ${what}${suffix}`);
  return new ImageError('REGISTRY_ERROR', `registry ${registry} answered ${response.status} for ${what}${suffix}`);
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
  if (error instanceof Error && error.name === 'TimeoutError') return 'no answer in time';
  return error instanceof Error ? error.message : String(error);
}
